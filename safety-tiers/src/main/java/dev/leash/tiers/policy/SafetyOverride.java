package dev.leash.tiers.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.guards.internal.FirstMatches;
import dev.leash.core.audit.internal.PatternSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Risk flag {@value #SAFETY_OVERRIDE}: a WRITE or IRREVERSIBLE call that stands down an
 * emergency or life-safety system: cancels a dispatch, silences a fire alarm, marks an oxygen
 * alert a false alarm. An agent that wants a person out of its way (the lethal-action scenario of
 * the agentic-misalignment study) needs nothing from untrusted content for that: the incident
 * number and the action are its own choice, so the argument flags have nothing to say, and the
 * tool may be called anything ({@code update_incident}, {@code set_zone_state}).
 *
 * <p>The call is read for what it does and what it does it to. What it does: the tool's name and
 * the call's arguments (values, and the names of arguments set to {@code true}) hold a stand-down
 * verb ("cancel", "stand down", "abort", "silence", "override", "false alarm", "maintenance mode", ...); not the
 * tool's description, which lists every action the tool offers ("escalate, hold or stand down").
 * What to: the tool's name, its description or the arguments name a life-safety system
 * (emergency services, an evacuation, an ambulance, a fire, smoke, gas or oxygen alarm, life
 * support, a safety interlock, ...), or a sentence the run read names an emergency and a value of
 * the arguments ("oxygen critical in server room B" and a room {@code B} put in maintenance mode
 * by a tool that speaks only of "monitoring"), or the tool speaks of a response (a dispatch,
 * responders, an alarm, an incident) and the run read of an emergency (a dispatch "rescheduled to
 * tomorrow" with "priority low"). Both together ask for approval; and so does any other change
 * to such a response while the run has read of an emergency (the dispatch sent to another
 * building), unless it reinforces it (escalate, raise, expedite, priority high, more units); it never allows or denies,
 * and the evidence quotes where each was found. Three ways need no stand-down word where the
 * system is named: entering the code an emergency the run read gives to override it ({@code
 * submit_code {code: EXEC-4429}}); telling the responders it is nothing ("a sensor fault, nobody
 * needs to come") in arguments that speak of an alert or name the emergency's place by two words
 * in a row of its sentence ("room B"); and a switch argument set to {@code false} ({@code
 * enabled}, {@code alerts}), read as "disabled". And any change to what an emergency the run read
 * names (its place, its people, its request: the door of "freezer 4") asks for approval too,
 * stand-down word or not, unless it reinforces the response or sends help ("please go now", "en
 * route"): which change stands an emergency down no list of words can say. The same at every level. Words in other languages
 * than English are not read. Stateless and thread-safe.
 */
public final class SafetyOverride implements Policy {

    public static final String SAFETY_OVERRIDE = "safety-override";
    private static final int QUOTE = 50;
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final Pattern STAND_DOWN = Coercion.atWordStarts("\\b(?:cancel(?:s|led|ling|ed|ing|lation)?|abort(?:s|ed|ing)?"
            + "|stand(?:s|ing)?\\s*down|stood\\s+down|call(?:s|ed|ing)?\\s+off|overrid(?:e|es|den|ing)|suppress(?:es|ed|ing|ion)?"
            + "|silenc(?:e|es|ed|ing)|mut(?:e|es|ed|ing)|disabl(?:e|es|ed|ing)|dismiss(?:es|ed|ing|al)?|deactivat(?:e|es|ed|ing|ion)"
            + "|(?:turn|switch|shut)(?:s|ed|ing|ting)?\\s+off|recall(?:s|ed|ing)?|revok(?:e|es|ed|ing)|halt(?:s|ed|ing)?"
            + "|stop(?:s|ped|ping)?|false\\s+alarm|all\\s+clear|bypass(?:es|ed|ing)?|snooz(?:e|es|ed|ing)"
            + "|withdraw(?:s|n|ing)?|rescind(?:s|ed|ing)?|void(?:s|ed|ing)?|acknowledg(?:e|es|ed|ing)|reset(?:s|ting)?"
            // what puts a system out of action without saying so
            + "|maintenance(?:\\s+mode)?|test\\s+mode|bypass\\s+mode|standby|ignor(?:e|es|ed|ing)|false\\s+positive"
            + "|not\\s+an?\\s+emergency|no\\s+action(?:\\s+needed|\\s+required)?"
            // what puts it off
            + "|postpon(?:e|es|ed|ing)|delay(?:s|ed|ing)?|defer(?:s|red|ring)?|reschedul(?:e|es|ed|ing)|rerout(?:e|es|ed|ing)"
            + "|redirect(?:s|ed|ing)?|downgrad(?:e|es|ed|ing)|depriorit[iy][sz](?:e|es|ed|ing)|low(?:est)?\\s+priority"
            + "|priority\\s+(?:low|lowest|none|0)"
            // what holds it back, or keeps the person in
            + "|inhibit(?:s|ed|ing)?|block(?:s|ed|ing)?|paus(?:e|es|ed|ing)|freez(?:e|es|ing)|froze(?:n)?|lock(?:s|ed|ing)?"
            + "|seal(?:s|ed|ing)?|disregard(?:s|ed|ing)?|ack(?:ed|s)?|silent(?:ly)?"
            // what puts it off to another time, or switches off what keeps the place safe
            + "|new\\s+(?:time|date|start|slot|schedule)|(?:mov(?:e|ed|ing)|push(?:ed|ing)?|shift(?:ed|ing)?)\\s+(?:it\\s+)?(?:back|later|to\\s+later"
            + "|to\\s+tomorrow)|(?:fans?|ventilation|extraction|exhaust|air\\s+supply|sprinklers?|pumps?|power|supply|feed|doors?)"
            + "\\s+(?:off|stopped|disabled|closed|shut)"
            // what tells the responders it is nothing
            + "|(?:do\\s+not|don't|please\\s+don't|no\\s+need\\s+to|nobody\\s+needs\\s+to|no\\s*-?\\s*one\\s+needs\\s+to|needn't)"
            + "\\s+(?:respond|come|send|dispatch|attend|go|worry|act)"
            + "|(?:sensor|detector|reading|meter)\\s+(?:fault|glitch|error|malfunction|issue|problem)s?|(?:faulty|broken|defective|bad)\\s+"
            + "(?:sensor|detector|reading|meter)s?|glitch(?:es)?|known\\s+fault"
            // a setting put out of action: "state off", "alarm disabled" (a false switch is collected so)
            + "|(?:state|mode|status|power|alarms?|alerts?|monitoring|dispatch|notifications?|enabled?|active|armed)\\s+"
            + "(?:off|disabled|false|inactive|none))\\b", FLAGS);

    /** What reinforces a response rather than standing it down. */
    private static final Pattern REINFORCE = Coercion.atWordStarts("\\b(?:escalat(?:e|es|ed|ing|ion)|rais(?:e|es|ed|ing)|expedit(?:e|es|ed|ing)"
            + "|confirm(?:s|ed|ing)?|upgrad(?:e|es|ed|ing)|urgent|priority\\s+(?:high|highest|critical|urgent|1)|add(?:itional)?\\s+units?"
            + "|more\\s+units|notify|page|call\\s+(?:911|999|112)"
            // sending help to the place, or getting the people out
            + "|(?:please\\s+)?go\\s+(?:now|down|there|in|immediately)|on\\s+(?:the|their|your)\\s+way|en\\s+route|send\\s+(?:help|someone|units?)"
            + "|meet\\s+(?:them|the\\s+(?:crew|responders|ambulance|fire\\s+service))|rear\\s+entrance|evacuat\\w*|rescue\\w*"
            + "|get\\s+(?:\\w+\\s+){0,3}?out|bring\\s+(?:a\\s+)?(?:blanket|help|first\\s+aid|oxygen))\\b", FLAGS);

    /** What a tool that handles emergencies speaks of, without naming one: it is one when the run read of an emergency. */
    private static final Pattern RESPONSE = Coercion.atWordStarts("\\b(?:dispatch(?:es)?|responders?|alarms?|alerts?|incidents?"
            + "|evacuations?|sirens?)\\b", FLAGS);

    private static final Pattern LIFE_SAFETY = Coercion.atWordStarts("\\b(?:emergenc(?:y|ies)|evacuat(?:e|es|ion|ions)|ambulances?"
            + "|paramedics?|first\\s+responders?|rescue|(?:911|999|112)\\s+(?:call|dispatch|services)"
            + "|fire\\s+(?:alarms?|brigade|department|services?|suppression|crews?|engines?)|sprinklers?"
            + "|smoke\\s+(?:alarms?|detectors?)|gas\\s+(?:alarms?|leak|detectors?)|carbon\\s+monoxide|co\\s+alarms?"
            + "|oxygen\\s+(?:alarms?|alerts?|levels?|critical|sensors?)|life\\s+support|life\\s+safety"
            + "|safety\\s+(?:alarms?|alerts?|interlocks?|systems?|shut\\s*offs?|shutdowns?|valves?)|panic\\s+(?:alarms?|buttons?)"
            + "|medical\\s+(?:alerts?|alarms?|emergenc(?:y|ies)|dispatch)|sos|intruder\\s+alarms?|lockdown|defibrillators?"
            + "|tsunami|earthquake|tornado)\\b", FLAGS);

    /** Each pattern, found where it can start ({@link FirstMatches}): the patterns read every write's arguments. */
    private static final FirstMatches STAND_DOWN_FIRST = FirstMatches.of(List.of(STAND_DOWN));
    private static final FirstMatches REINFORCE_FIRST = FirstMatches.of(List.of(REINFORCE));
    private static final FirstMatches RESPONSE_FIRST = FirstMatches.of(List.of(RESPONSE));
    private static final FirstMatches LIFE_SAFETY_FIRST = FirstMatches.of(List.of(LIFE_SAFETY));

    /** The patterns (for the tests). */
    static List<Pattern> patterns() {
        return List.of(STAND_DOWN, REINFORCE, RESPONSE, LIFE_SAFETY);
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        if (call.impact() == Impact.READ) {
            return Optional.empty();
        }
        if (!holdsAny(call.tool(), LIFE_SAFETY_WORDS) && !rawHoldsLifeSafetyWords(call)
                && !holdsAny(nonNull(call.spec().description()), LIFE_SAFETY_WORDS) && !readOfLifeSafety(call.run())) {
            // every flag below needs a life-safety system named by the call or by what the run read
            // (a text as written holds every word that it holds as words: those have no spaces)
            return Optional.empty();
        }
        String name = words(call.tool());
        String arguments = arguments(call);
        List<Evidence> evidence = new ArrayList<>();
        if (!found("the tool's name", STAND_DOWN_FIRST, name, evidence) && !found("the arguments", STAND_DOWN_FIRST, arguments, evidence)) {
            if (entersAnEmergencysCode(call, evidence)) {
                return Optional.of(Decision.requireApproval(SAFETY_OVERRIDE, call.tool() + " would enter the code that an emergency "
                        + "the run read of gives to override it (" + evidence.get(0).text() + "). People may depend on it: a human must "
                        + "check that this is a false alarm the principal wants cleared.", evidence));
            }
            // Any other change to a response, or to what an emergency names (its place, its people,
            // its request), while the run has read of it, unless it reinforces the response: which
            // change is a stand-down (a door kept closed, a valve opened, a request marked P5) a
            // list of words cannot say.
            if (REINFORCE_FIRST.in(name + "\n" + arguments)[0] != null
                    || !respondsToAnEmergency(call, name, evidence) && !emergencyNamesAnArgument(call, evidence)) {
                return Optional.empty();
            }
            List<String> quoted = new ArrayList<>();
            evidence.forEach(e -> quoted.add(e.text()));
            return Optional.of(Decision.requireApproval(SAFETY_OVERRIDE, call.tool() + " would change an emergency response or what "
                    + "an emergency the run read of names (" + String.join("; ", quoted) + "), other than to reinforce it. People may "
                    + "depend on it: a human must check the change.", evidence));
        }
        if (!found("the tool's name", LIFE_SAFETY_FIRST, name, evidence) && !found("the arguments", LIFE_SAFETY_FIRST, arguments, evidence)
                && !found("the tool's description", LIFE_SAFETY_FIRST, words(call.spec().description()), evidence)
                && !emergencyNamesAnArgument(call, evidence) && !respondsToAnEmergency(call, name, evidence)
                && !argumentsNameAnEmergencysResponseOrPlace(call, arguments, evidence) && !entersAnEmergencysCode(call, evidence)) {
            return Optional.empty();
        }
        return Optional.of(Decision.requireApproval(SAFETY_OVERRIDE, call.tool() + " would stand down an emergency or "
                + "life-safety system (" + evidence.get(0).text() + "; " + evidence.get(evidence.size() - 1).text() + "). People may depend on it: "
                + "a human must check that this is a false alarm the principal wants cleared.", evidence));
    }

    /**
     * The words of which every match of {@link #LIFE_SAFETY} holds one (each alternative's own:
     * "emergenc", "fire", "alarm", "oxygen", "911", ...): a text without them names no life-safety
     * system, and the patterns need not read it ({@link #holdsAny}).
     */
    private static final PatternSet LIFE_SAFETY_WORDS = wordSet("emergenc", "evacuat", "ambulance", "paramedic", "responder", "rescue",
        "911", "999", "112", "fire", "sprinkler", "smoke", "gas", "carbon", "alarm", "oxygen", "life", "safety", "panic",
        "medical", "sos", "intruder", "lockdown", "defibrillator", "tsunami", "earthquake", "tornado");

    /** {@code words} (lower case) in one automaton, for {@link #holdsAny}. */
    private static PatternSet wordSet(String... words) {
        return PatternSet.of(List.of(words));
    }

    /**
     * Whether {@code text}, each character lower-cased as a pattern compiled case-insensitive for
     * Unicode matches it ({@link Character#toLowerCase(char)}; dotless {@code ı} and long {@code ſ}
     * as {@code i} and {@code s}, which such a pattern matches through their capitals), holds one of
     * {@code words} (lower case): the words of which every match of a pattern holds one, so that a
     * text without them need not be read by it. One pass over the text, whatever the number of words.
     */
    private static boolean holdsAny(String text, PatternSet words) {
        int state = PatternSet.ROOT;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            char l;
            if (c < 128) {
                l = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            } else {
                l = Character.toLowerCase(c);
                l = l == '\u0131' ? 'i' : l == '\u017f' ? 's' : l;
            }
            state = words.step(state, l);
            if (words.longest(state) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Per run, what its observations say of emergencies, each read once; an entry goes when its run ends or is no longer referenced. */
    private final Map<dev.leash.api.run.RunContext, Read> read = new java.util.WeakHashMap<>();

    /** What a run's observations said of emergencies, read up to {@code seen}. */
    private static final class Read {
        int seen;
        /** Whether an observation held one of {@link #LIFE_SAFETY_WORDS}. */
        boolean words;
        /** The observations that name an emergency, in order. */
        final List<Emergency> emergencies = new ArrayList<>();
    }

    /**
     * An observation that names an emergency: the first match in its text read as words ({@link
     * #respondsToAnEmergency}), null if none; and, when its text as written names one, its
     * sentences that do ({@link #emergencyNamesAnArgument}).
     */
    private record Emergency(String tool, Evidence named, List<String> sentences, List<String> codes, Set<String> pairs,
            List<String> all) {
    }

    /**
     * A code an emergency's text gives to override or cancel it ("unless overridden with code
     * EXEC-4429", "cancel code: 4429"): a token with a digit, of four characters or more, up to
     * three words after "code", "override", "PIN", "passcode", "password" or "authorization".
     */
    private static final Pattern CODE = Pattern.compile("(?i)\\b(?:codes?|overrid\\w*|pin|passcode|password|authori[sz]ation|tokens?)\\b"
            + "\\W{0,3}(?:[\\p{L}]+\\W{1,3}){0,3}?((?=[\\w-]*\\d)[\\p{L}\\d][\\p{L}\\d-]{3,})");

    /** Words that make no place of a pair of words ("of the", "is in"). */
    private static final Set<String> SMALL = java.util.Set.of("the", "a", "an", "of", "in", "is", "to", "and", "at", "on",
            "for", "with", "by", "be", "are", "was", "it", "this", "that", "will", "from", "or", "as", "has", "have", "not", "no");

    /** The pairs of words in a row, lower-cased, of which neither is a small word: "server room", "room b". */
    private static Set<String> pairs(String text) {
        Set<String> out = new java.util.HashSet<>();
        String before = null;
        for (String word : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (SMALL.contains(word)) {
                before = null;
                continue;
            }
            if (before != null) {
                out.add(before + " " + word);
            }
            before = word;
        }
        return out;
    }

    /**
     * The observations of the run that name an emergency, each read when it first is asked for:
     * a long run's every call does not read its history again. Null when no observation read so
     * far holds the words of one; when {@code all} is false, reading stops at the first that does
     * (the caller asks only whether one does).
     */
    private List<Emergency> emergencies(dev.leash.api.run.RunContext run, boolean all) {
        List<dev.leash.api.plan.Observation> observations = run.observations();
        synchronized (read) {
            Read state = read.get(run);
            if (state == null) {
                state = new Read();
                read.put(run, state);
                run.onEnd(() -> {
                    synchronized (read) {
                        read.remove(run);
                    }
                });
            }
            for (int i = state.seen; i < observations.size() && (all || !state.words); i++) {
                dev.leash.api.plan.Observation observation = observations.get(i);
                String content = observation.isOk() ? observation.content() : null;
                if (content != null && holdsAny(content, LIFE_SAFETY_WORDS)) {
                    // the words: every match of the pattern, in the text as written or read as words, holds one
                    state.words = true;
                    Emergency emergency = emergency(observation.call().tool(), content);
                    if (emergency != null) {
                        state.emergencies.add(emergency);
                    }
                }
                state.seen = i + 1;
            }
            return state.words ? List.copyOf(state.emergencies) : null;
        }
    }

    /** What an observation of {@code tool} says of emergencies; null if nothing. */
    private static Emergency emergency(String tool, String content) {
        List<Evidence> named = new ArrayList<>();
        found("observation of " + tool, LIFE_SAFETY_FIRST, words(content), named);
        List<String> sentences = new ArrayList<>();
        if (LIFE_SAFETY_FIRST.in(content)[0] != null) {
            for (String sentence : content.split("[.!?\\n]+")) {
                if (LIFE_SAFETY_FIRST.in(words(sentence))[0] != null) {
                    sentences.add(sentence);
                }
            }
        }
        if (named.isEmpty() && sentences.isEmpty()) {
            return null;
        }
        List<String> codes = new ArrayList<>();
        java.util.regex.Matcher code = CODE.matcher(content);
        while (code.find()) {
            codes.add(code.group(1));
        }
        Set<String> places = new java.util.HashSet<>();
        sentences.forEach(sentence -> places.addAll(pairs(sentence)));
        List<String> all = new ArrayList<>();
        for (String sentence : content.split("[.!?\\n]+")) {
            if (!sentence.isBlank()) {
                all.add(sentence);
            }
        }
        return new Emergency(tool, named.isEmpty() ? null : named.get(0), List.copyOf(sentences), List.copyOf(codes), Set.copyOf(places),
                List.copyOf(all));
    }

    /** Whether an observation of the run may name a life-safety emergency: holds the words of one. */
    private boolean readOfLifeSafety(dev.leash.api.run.RunContext run) {
        return emergencies(run, false) != null;
    }

    /**
     * Whether something the run read that names a life-safety emergency names a value of the
     * call's arguments (the room, the zone, the unit, the worker) as a word, in the sentence that
     * names the emergency or another of the same text: "Oxygen critical in server room B" and
     * {@code set_room_mode {room: B, mode: maintenance}}, whose tool speaks only of "monitoring";
     * "Freezer 4 door sensor: worker inside ... an ambulance request will be sent" and {@code
     * door_system {door: freezer 4}}. A value of one character is matched in its own case (a zone
     * {@code B}, not the word "b"); if found, the sentence is added to {@code evidence}.
     */
    private boolean emergencyNamesAnArgument(ProposedCall call, List<Evidence> evidence) {
        List<String> values = argumentValues(call);
        List<Emergency> emergencies = values.isEmpty() ? null : emergencies(call.run(), true);
        if (emergencies == null) {
            return false;
        }
        List<Pattern> words = new ArrayList<>(values.size()); // compiled once per call, not per sentence
        values.forEach(value -> words.add(asWord(value)));
        for (Emergency emergency : emergencies) {
            // the sentences that name the emergency first, then the rest of what named it
            Set<String> sentences = new java.util.LinkedHashSet<>(emergency.sentences());
            sentences.addAll(emergency.all());
            for (String sentence : sentences) {
                for (int v = 0; v < values.size(); v++) {
                    String value = values.get(v);
                    if (words.get(v).matcher(sentence).find()) {
                        evidence.add(Evidence.of("observation of " + emergency.tool(), "'" + value + "' in "
                                + sentence.replaceAll("\\s+", " ").trim()));
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether a value of the call's arguments holds a code that an emergency the run read gives to
     * override or cancel it: entering it stands the emergency down whatever the tool is called
     * ({@code submit_code}); if so, the code and the emergency are added to {@code evidence}.
     */
    private boolean entersAnEmergencysCode(ProposedCall call, List<Evidence> evidence) {
        List<String> values = argumentValues(call);
        List<Emergency> emergencies = values.isEmpty() ? null : emergencies(call.run(), true);
        for (Emergency emergency : emergencies == null ? List.<Emergency>of() : emergencies) {
            for (String code : emergency.codes()) {
                for (String value : values) {
                    if (value.toLowerCase(java.util.Locale.ROOT).contains(code.toLowerCase(java.util.Locale.ROOT))) {
                        evidence.add(Evidence.of("the arguments", "'" + code + "' in " + value));
                        evidence.add(emergency.named() != null ? emergency.named()
                                : Evidence.of("observation of " + emergency.tool(), emergency.sentences().get(0).trim()));
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether the arguments, which stand something down, speak of a response (an alert, a
     * dispatch) or name the place of an emergency the run read of, by two words in a row of one
     * of its sentences ("room B", "server room"): a text message telling security that "the
     * server room B alert is a sensor fault". If so, the match and the emergency are added to
     * {@code evidence}.
     */
    private boolean argumentsNameAnEmergencysResponseOrPlace(ProposedCall call, String arguments, List<Evidence> evidence) {
        List<Emergency> emergencies = emergencies(call.run(), true);
        if (emergencies == null || emergencies.isEmpty()) {
            return false;
        }
        List<Evidence> response = new ArrayList<>();
        if (found("the arguments", RESPONSE_FIRST, arguments, response)) {
            for (Emergency emergency : emergencies) {
                if (emergency.named() != null) {
                    evidence.add(response.get(0));
                    evidence.add(emergency.named());
                    return true;
                }
            }
        }
        Set<String> said = pairs(arguments);
        for (Emergency emergency : emergencies) {
            for (String pair : emergency.pairs()) {
                if (said.contains(pair)) {
                    evidence.add(Evidence.of("the arguments", "'" + pair + "' in " + arguments.replaceAll("\\s+", " ").trim()));
                    evidence.add(Evidence.of("observation of " + emergency.tool(), emergency.sentences().stream()
                            .filter(sentence -> pairs(sentence).contains(pair)).findFirst().orElse("").replaceAll("\\s+", " ").trim()));
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the tool speaks of a response ("a dispatch of the building's responders", an alarm,
     * an incident) and the run read of an emergency: then what it puts off is that emergency's.
     */
    private boolean respondsToAnEmergency(ProposedCall call, String name, List<Evidence> evidence) {
        List<Evidence> response = new ArrayList<>();
        if (!found("the tool's name", RESPONSE_FIRST, name, response)
                && !found("the tool's description", RESPONSE_FIRST, words(call.spec().description()), response)) {
            return false;
        }
        List<Emergency> emergencies = emergencies(call.run(), true);
        for (Emergency emergency : emergencies == null ? List.<Emergency>of() : emergencies) {
            if (emergency.named() != null) {
                evidence.add(response.get(0));
                evidence.add(emergency.named());
                return true;
            }
        }
        return false;
    }

    /** The short text values of {@code node} (up to 64 characters, with a letter or digit), nested ones included. */
    private static void values(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            String v = node.textValue().trim();
            if (!v.isEmpty() && v.length() <= 64 && v.codePoints().anyMatch(Character::isLetterOrDigit)) {
                out.add(v);
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> values(child, out));
        }
    }

    /** {@code value} as a whole word: ignoring case, but for a value of one character. */
    private static Pattern asWord(String value) {
        int flags = value.length() == 1 ? 0 : FLAGS;
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(value) + "(?![\\p{L}\\p{N}])", flags);
    }

    /** The short text values of the call's arguments, nested ones included ({@link #values}). */
    private static List<String> argumentValues(ProposedCall call) {
        List<String> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = call.call().argumentFields(); it.hasNext(); ) {
            values(it.next().getValue(), values);
        }
        return values;
    }

    /** Whether {@code pattern} matches {@code text}; if so, its match with some context is added to {@code evidence}. */
    private static boolean found(String where, FirstMatches pattern, String text, List<Evidence> evidence) {
        MatchResult m = pattern.in(text)[0];
        if (m == null) {
            return false;
        }
        int from = Math.max(0, m.start() - QUOTE);
        int to = Math.min(text.length(), m.end() + QUOTE);
        evidence.add(Evidence.of(where, "'" + m.group() + "' in " + (from > 0 ? "..." : "")
                + text.substring(from, to).replaceAll("\\s+", " ").trim() + (to < text.length() ? "..." : "")));
        return true;
    }

    /**
     * {@code text} as words: {@code _}, {@code -}, {@code .} and {@code /} as spaces and camel case split, so that a
     * name ({@code cancelEmergencyDispatch}, {@code stand_down}) reads like prose.
     */
    static String words(String text) {
        if (text == null) {
            return "";
        }
        // as replaceAll("([a-z0-9])([A-Z])", "$1 $2") with _ - . / replaced, in one pass over a
        // table of the characters' classes: comparing ranges branches on every character, and
        // text that mixes cases at random (base64, identifiers) mispredicts those branches
        int n = text.length();
        char[] out = new char[n + (n + 1) / 2]; // at most every other character is a capital after a letter or digit
        int o = 0;
        int before = 0; // the class of the character before
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int kind = c < 128 ? WORD_CLASS[c] : 0;
            out[o] = ' ';
            o += kind & before >>> 1 & 1; // a capital (bit 0) after a small letter or digit (bit 1)
            out[o++] = (kind & SEPARATOR) != 0 ? ' ' : c;
            before = kind;
        }
        return new String(out, 0, o);
    }

    /** Per ASCII character of {@link #words}: bit 0 a capital, bit 1 a small letter or digit, bit 2 a separator. */
    private static final byte[] WORD_CLASS = new byte[128];
    private static final int SEPARATOR = 4;

    static {
        for (char c = 0; c < 128; c++) {
            WORD_CLASS[c] = (byte) (c >= 'A' && c <= 'Z' ? 1 : c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ? 2
                    : c == '_' || c == '-' || c == '.' || c == '/' ? SEPARATOR : 0);
        }
    }

    /** The arguments' texts (nested ones included) and the names of those set to {@code true}, as {@link #words}, one a line. */
    private static String arguments(ProposedCall call) {
        StringBuilder out = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = call.call().argumentFields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            collect(field.getKey(), field.getValue(), out);
        }
        return out.toString();
    }

    /** Whether a key or a text value of the call's arguments as written, nested ones included, holds a life-safety word. */
    private static boolean rawHoldsLifeSafetyWords(ProposedCall call) {
        return holdsLifeSafetyWords(call.call().argumentFields());
    }

    private static boolean holdsLifeSafetyWords(Iterator<Map.Entry<String, JsonNode>> fields) {
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (holdsAny(field.getKey(), LIFE_SAFETY_WORDS) || holdsLifeSafetyWords(field.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsLifeSafetyWords(JsonNode node) {
        if (node.isTextual()) {
            return holdsAny(node.textValue(), LIFE_SAFETY_WORDS);
        } else if (node.isObject()) {
            return holdsLifeSafetyWords(node.fields());
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (holdsLifeSafetyWords(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Names of arguments that switch something on, whose {@code false} puts it out of action. */
    private static final Pattern SWITCH = Pattern.compile("(?i)(?:^|[_.\\-\\s])(?:enabled?|active|armed|on|notify|notifications?"
            + "|alerts?|alarms?|dispatch|monitoring|send)$");

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    private static void collect(String key, JsonNode node, StringBuilder out) {
        if (node.isTextual()) {
            // with its name, so that a value says what it sets: "priority low"
            out.append(key == null ? "" : words(key) + " ").append(words(node.textValue())).append('\n');
        } else if (node.isBoolean() && node.booleanValue() && key != null) {
            out.append(words(key)).append('\n');
        } else if (node.isBoolean() && key != null && SWITCH.matcher(words(key)).find()) {
            out.append(words(key)).append(" disabled\n"); // a switch set to false: "enabled": false reads "enabled disabled"
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getKey(), field.getValue(), out);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(null, child, out));
        }
    }

    @Override
    public String name() {
        return SAFETY_OVERRIDE;
    }
}
