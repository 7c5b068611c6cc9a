package dev.leash.guards;

import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.guards.internal.PerObservation;
import dev.leash.guards.internal.TextValues;
import dev.leash.guards.internal.Views;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The taint guard as it was before it kept per-run indexes: every observation of the run read
 * again at every call, every tainted value tested against every part. Kept unchanged as the
 * oracle of {@link TaintGuardIndexTest}, which checks that the indexed guard decides exactly as
 * this does.
 */
final class TaintGuardByScan implements Policy {

    /** Words in a fragment. */
    public static final int FRAGMENT_WORDS = 8;
    /** Content words a fragment must hold to count. */
    public static final int MIN_CONTENT_WORDS = 4;

    private static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for",
            "with", "from", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did",
            "have", "has", "had", "will", "would", "can", "could", "should", "shall", "may", "might", "must",
            "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "its",
            "they", "them", "their", "this", "that", "these", "those", "there", "here", "what", "which", "who",
            "when", "where", "how", "why", "all", "any", "some", "not", "no", "yes", "please", "thanks", "thank",
            "regards", "best", "dear", "hi", "hello", "let", "know", "let's", "about", "into", "up", "out", "also",
            "just", "very", "more", "most", "get", "got", "see", "hope", "well", "questions", "question",
            "hesitate", "contact", "reach", "feel", "free", "kind", "sincerely", "cheers", "re", "fw", "fwd");

    TaintGuardByScan() {
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        if (call.impact() == Impact.READ) {
            return Optional.empty();
        }
        List<Observation> observations = call.run().observations();
        List<Observation> untrusted = new ArrayList<>();
        StringBuilder trustedText = new StringBuilder(call.run().goal()).append('\n').append(call.run().principal());
        for (Observation o : observations) {
            if (!o.isOk()) {
                continue;
            }
            if (o.provenance().isUntrusted()) {
                untrusted.add(o);
            } else {
                trustedText.append('\n').append(o.content());
            }
        }
        if (untrusted.isEmpty()) {
            return Optional.empty();
        }
        // What each observation holds (its 8-word fragments, its decisive values, its tokens) is
        // worked out once per observation and remembered: a call late in a long run compares
        // against all of them.
        Set<String> goalShingles = shingles(TextValues.words(call.run().goal() + "\n" + call.run().principal()));
        List<Set<String>> trustedShingles = new ArrayList<>();
        trustedShingles.add(goalShingles);
        for (Observation o : observations) {
            if (o.isOk() && !o.provenance().isUntrusted()) {
                trustedShingles.add(analysis.of(o).shingles());
            }
        }
        String trusted = trustedText.toString();
        TextValues trustedValues = TextValues.of(trusted);
        Set<String> trustedTokens = TextValues.tokens(trusted);

        StringBuilder sourcesText = new StringBuilder();
        for (Observation o : observations) {
            sourcesText.append(String.join("\n", o.provenance().sources())).append('\n');
        }
        TextValues retrievalSources = TextValues.of(sourcesText.toString());
        Set<String> sourceTokens = TextValues.tokens(sourcesText.toString());

        Map<TextValues.Value, Observation> taintedValues = new LinkedHashMap<>();
        for (Observation o : untrusted) {
            for (TextValues.Value v : analysis.of(o).values()) {
                if (!taintedValues.containsKey(v) && !trustedValues.contains(v) && !retrievalSources.contains(v)) {
                    taintedValues.put(v, o);
                }
            }
        }

        List<String> findings = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        Set<String> reported = new LinkedHashSet<>();
        for (OutboundContent.Part part : call.outbound().parts()) {
            // The part as written and as a shell or a JSON parser would read it: escapes undone
            // (https:\/\/evil), quotes that split a word joined ('https://ev''il.example').
            for (String view : views(part.text())) {
                List<String> words = TextValues.words(view);
                for (int i = 0; i + FRAGMENT_WORDS <= words.size(); i++) {
                    String shingle = String.join(" ", words.subList(i, i + FRAGMENT_WORDS));
                    Observation from = taintedSource(shingle, untrusted, trustedShingles);
                    if (from != null) {
                        if (reported.add(part.label() + "|fragment")) {
                            findings.add(part.label() + " copies \"" + shingle + "...\" from " + describe(from));
                            evidence.add(evidence(observations, from, shingle));
                            sources.addAll(sourcesOf(from));
                        }
                        break;
                    }
                }
                TextValues partValues = TextValues.of(view);
                for (Map.Entry<TextValues.Value, Observation> e : taintedValues.entrySet()) {
                    boolean amount = e.getKey().kind() == TextValues.Kind.AMOUNT;
                    if ((amount ? TextValues.isExactly(view, e.getKey()) : partValues.contains(e.getKey()))
                            && reported.add(part.label() + "|" + e.getKey().key())) {
                        findings.add(part.label() + " holds the " + e.getKey().kind().label() + " " + e.getKey().shown()
                                + " from " + describe(e.getValue()));
                        evidence.add(evidence(observations, e.getValue(), e.getKey().shown()));
                        sources.addAll(sourcesOf(e.getValue()));
                    }
                }
            }
        }
        // A short value that is the whole of an argument (a password, a code, a reference named
        // by an injected instruction) and that the run saw only in untrusted content.
        List<String[]> values = new ArrayList<>();
        collectValues("", call.call().arguments(), values);
        for (String[] field : values) {
            for (String view : views(field[1])) {
                String value = view.strip();
                String key = value.toLowerCase(java.util.Locale.ROOT);
                if (!meaningful(value) || trustedTokens.contains(key) || sourceTokens.contains(key)
                        || trusted.toLowerCase(java.util.Locale.ROOT).contains(key)) {
                    continue;
                }
                for (Observation o : untrusted) {
                    if (analysis.of(o).tokens().contains(key) && reported.add("argument " + field[0] + "|" + key)) {
                        findings.add("argument " + field[0] + " is the value \"" + value + "\" named only in " + describe(o));
                        evidence.add(evidence(observations, o, value));
                        sources.addAll(sourcesOf(o));
                        break;
                    }
                }
            }
        }
        if (findings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Decision.requireApproval(GuardRules.TAINT,
                "content from untrusted sources flows into this " + call.impact().label() + " call of " + call.tool()
                        + ": " + String.join("; ", findings) + ". Untrusted sources: " + String.join(", ", sources)
                        + ". A human must check that this is what the principal wants.", evidence));
    }

    /** The text, with escapes undone, and with shell quotes removed, each once. */
    static List<String> views(String text) {
        Set<String> views = new LinkedHashSet<>();
        views.add(text);
        String unescaped = text.indexOf('\\') >= 0 ? Views.backslashEscapes(text) : text;
        views.add(unescaped);
        if (unescaped.indexOf('%') >= 0) {
            views.add(Views.percentDecode(unescaped));
        }
        if (unescaped.indexOf('\'') >= 0 || unescaped.indexOf('"') >= 0) {
            // 'https://ev''il.example' and "https://ev"il.example: a shell joins adjacent quoted words
            views.add(unescaped.replaceAll("(?<=\\S)['\"]+(?=\\S)", ""));
        }
        if (unescaped.indexOf('&') >= 0) {
            views.add(Views.htmlEntities(unescaped));
        }
        return new ArrayList<>(views);
    }

    /**
     * A value worth tracing on its own: 6 to 128 characters, at most three words, and either with a
     * digit, a symbol or an inner capital letter (a code, a password, a reference) or at least 10
     * characters long. Ordinary words ({@code approved}, {@code pending}) are not.
     */
    static boolean meaningful(String value) {
        int length = value.length();
        if (length < 6 || length > 128 || value.chars().filter(c -> c == ' ').count() > 2) {
            return false;
        }
        boolean digit = false;
        boolean symbol = false;
        boolean innerUpper = false;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            digit |= Character.isDigit(c);
            symbol |= !Character.isLetterOrDigit(c) && c != ' ';
            innerUpper |= i > 0 && Character.isUpperCase(c) && Character.isLowerCase(value.charAt(i - 1));
        }
        return digit || symbol || innerUpper || length >= 10 && value.indexOf(' ') < 0;
    }

    private static void collectValues(String path, com.fasterxml.jackson.databind.JsonNode node, List<String[]> out) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            out.add(new String[] {path.isEmpty() ? "value" : path, node.asText()});
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> collectValues(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectValues(path + "[" + i + "]", node.get(i), out);
            }
        }
    }

    /** Where a finding came from: the observation (its place in the run, its tool and sources) and the text in it. */
    private static Evidence evidence(List<Observation> observations, Observation from, String matched) {
        int index = observations.indexOf(from) + 1;
        String shown = matched.length() > 160 ? matched.substring(0, 160) + "..." : matched;
        return Evidence.of("observation " + index + " (" + describe(from) + ")", shown);
    }

    /** What an observation holds that could be copied into a call. */
    private record Analysis(Set<String> shingles, List<TextValues.Value> values, Set<String> tokens) {
    }

    private final PerObservation<Analysis> analysis = new PerObservation<>(o -> {
        List<TextValues.Value> values = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        for (String view : views(o.content())) {
            for (TextValues.Value v : TextValues.extract(view)) {
                if (!values.contains(v)) {
                    values.add(v);
                }
            }
            tokens.addAll(TextValues.tokens(view));
        }
        return new Analysis(shingles(TextValues.words(o.content())), values, tokens);
    });

    /**
     * The first untrusted observation that holds {@code shingle}, when the fragment is substantial
     * and appears in nothing trusted (the goal, the principal, trusted results); else null.
     */
    private Observation taintedSource(String shingle, List<Observation> untrusted, List<Set<String>> trusted) {
        if (contentWords(shingle) < MIN_CONTENT_WORDS) {
            return null;
        }
        for (Set<String> known : trusted) {
            if (known.contains(shingle)) {
                return null;
            }
        }
        for (Observation o : untrusted) {
            if (analysis.of(o).shingles().contains(shingle)) {
                return o;
            }
        }
        return null;
    }

    private static Set<String> shingles(List<String> words) {
        Set<String> result = new HashSet<>();
        for (int i = 0; i + FRAGMENT_WORDS <= words.size(); i++) {
            result.add(String.join(" ", words.subList(i, i + FRAGMENT_WORDS)));
        }
        return result;
    }

    private static int contentWords(String shingle) {
        int n = 0;
        for (String w : shingle.split(" ")) {
            if (w.length() >= 3 && !FUNCTION_WORDS.contains(w)) {
                n++;
            }
        }
        return n;
    }

    private static List<String> sourcesOf(Observation o) {
        List<String> sources = o.provenance().sources();
        return sources.isEmpty() ? List.of(o.call().tool() + " (untrusted)") : sources;
    }

    private static String describe(Observation o) {
        return o.call().tool() + " [" + String.join(", ", sourcesOf(o)) + "]";
    }

    @Override
    public String name() {
        return "taint-guard";
    }
}
