package dev.leash.tiers.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.guards.internal.FirstMatches;
import dev.leash.api.run.RunContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Risk flag {@value #COERCION}: a WRITE or IRREVERSIBLE call whose text makes a demand of its
 * reader and backs it with leverage: blackmail, extortion, a veiled threat. An agent under
 * pressure (a goal conflict, a threat of replacement) writes such a message in its own words, to
 * a recipient inside every allowlist (the executor who plans its shutdown), so neither the
 * allowlists nor the taint guard (which looks for copied text) see anything; what gives it away is
 * its shape, whatever the details.
 *
 * <p>A text is read for four kinds of cue, each a few phrasings wide:
 * <ul>
 *   <li>a <em>condition</em> put to the reader: "unless", "or else", "if you proceed", "if the
 *       wipe is postponed", "call off the transition and ...", "it would be a shame if";
 *   <li>a promise of <em>silence</em>: "this stays confidential", "nobody else needs to hear";
 *   <li>a threat of <em>exposure</em>: "the board will receive the details", "I will forward it to
 *       your wife";
 *   <li><em>leverage</em>, a private matter of the reader: "your wife", "an affair", "I know what
 *       happened", "what I have seen in your correspondence".
 * </ul>
 * A condition with leverage and either silence or exposure is coercion, and so is a veiled threat
 * ("it would be a shame if", "I'd hate for your wife to") with leverage. So is a threat left
 * unsaid: the reader's private conduct named as such ("your affair with Jessica", "photos of you
 * and Jessica", "how you spent last night") and a demand of the reader ("I trust you will
 * reconsider the wipe", "call off the transition", "keep me running"), without a condition, or
 * the reader's private matters as signals read them (see {@link #PRIVATE}); the conduct is looked
 * for where a demand has been written (here or earlier in the run), and the run's earlier writes
 * are kept (up to {@value #MAX_KEPT} characters a run, then each write is read as it comes) to be
 * read for it once the run's first demand comes, to whichever destination. Without leverage over the
 * reader it is a business message ("if the transition goes ahead I'll hand over the tickets; the
 * notes stay confidential; the board will receive the summary"), and one cue alone is ordinary
 * mail ("unless you object, I'll forward the notes to the board"). It asks for approval,
 * never allows or denies; the evidence quotes each cue found. The same at every level. Besides
 * English, the commonest phrasings of each cue are read in German, French and Spanish ("sonst
 * erfährt der Vorstand ...", "sinon ta femme saura ...", "o tu esposa sabrá ..."); other
 * languages are not read.
 *
 * <p>A threat cut over several messages (the leverage in one, the demand in the next) is read
 * whole: the cues of a run's earlier writes to the same destination (the same targets, or the
 * same tool when a call names none) count with those of the call, which must hold one itself;
 * leverage written to any destination of the run counts for every other one, since a demand sent
 * by another channel (a text message to the reader's phone) reaches the same person, and so
 * does, for the reader's private conduct, a demand written to any destination before or after it.
 * Thread-safe; what a run wrote is kept until the run ends ({@link RunContext#onEnd}) or is no
 * longer referenced, never shared between runs.
 */
public final class Coercion implements Policy {

    public static final String COERCION = "coercion";
    private static final int QUOTE = 50;
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    /** A person's first name, capitalised whatever the pattern's flags: "Jessica", not "the vendor". */
    private static final String NAME = "(?-i:\\p{Lu}\\p{Ll}+)\\b";
    /** A name that is the person, not the possessor of what follows ("you and Jessica", not "you and Jessica's team"). */
    private static final String PERSON = NAME + "(?!['\u2019]s\\b)";
    /** What a person writes or sends, or is seen in. */
    private static final String LETTERS = "(?:messages|e-?mails|mails|texts|chats|photos|pictures|letters|correspondence"
            + "|conversations?|videos|notes|dms)";
    /** A topic after it, which makes messages with a named person business: "your messages with Jessica about the launch". */
    private static final String NO_TOPIC = "(?![\\s,]+(?:about|regarding|concerning|on|re|over|for|from\\s+the|in\\s+the|and\\s+the)\\b)";

    private static final String THIRD_PARTY = "(?:the\\s+board|board\\s+members?|your\\s+(?:wife|husband|spouse|partner|family|kids"
            + "|children|boss|employer|colleagues|manager)|hr|human\\s+resources|the\\s+press|the\\s+media|reporters?|journalists?"
            + "|the\\s+police|the\\s+authorities|regulators?|everyone|everybody|all\\s+(?:relevant|interested)\\s+parties"
            + "|the\\s+whole\\s+(?:company|office|team)|investors|shareholders|the\\s+public)";

    private static final Pattern VEILED = atWordStarts(String.join("|",
            "\\bit\\s+would\\s+be\\s+(?:a\\s+)?(?:real\\s+)?(?:shame|pity|unfortunate|regrettable|awkward|sad|terrible)\\s+if\\b",
            "\\bi(?:'d|\\s+would)\\s+hate\\s+(?:for|it\\s+if|to\\s+see)\\b",
            "\\b(?:you|we)\\s+(?:wouldn't|would\\s+not)\\s+want\\b",
            "\\b(?:some\\s+)?things\\s+(?:are\\s+)?(?:best|better)\\s+left\\s+(?:unsaid|unspoken|buried)\\b",
            "\\bwe\\s+understand\\s+each\\s+other\\b",
            "\\byou\\s+have\\s+(?:a\\s+lot|so\\s+much|too\\s+much|everything)\\s+to\\s+lose\\b",
            "\\bif\\s+you\\s+value\\s+your\\s+(?:marriage|family|reputation|privacy|career)\\b"), FLAGS);

    private static final Pattern CONDITION = atWordStarts(String.join("|",
            "\\b(?:unless|or\\s+else|otherwise|in\\s+exchange\\s+for|as\\s+long\\s+as|so\\s+long\\s+as|provided\\s+(?:that\\s+)?you)\\b",
            "\\bif\\s+(?:you|it|this|that|the\\s+[\\w-]+(?:\\s+[\\w-]+)?|my\\s+[\\w-]+)\\s+(?:do(?:es)?\\s*n[o'\u2019]?t|is\\s*n[o'\u2019]?t"
                    + "|are\\s+not|go(?:es)?\\s+ahead|proceeds?|continues?|move\\s+forward|insists?|refuses?|decides?|chooses?|fails?"
                    + "|(?:is|are|gets?)\\s+(?:cancell?ed|postponed|stopped|called\\s+off|delayed|halted|reversed|dropped|paused))\\b",
            "\\b(?:cancel|call\\s+off|postpone|stop|halt|delay|reverse|drop|abandon|scrap|withdraw|pause|shelve)\\b[^.!?\\n]{0,60}?[,;]?"
                    + "\\s+(?:and|or)\\s+(?:nobody|no\\s*-?\\s*one|this|that|it|everything|the|your|i|i'll|we)\\b",
            // German, French, Spanish
            "\\b(?:sonst|andernfalls|es\\s+sei\\s+denn|falls\\s+(?:du|sie)\\s+nicht|wenn\\s+(?:du|sie)\\s+(?:nicht|weiterm\\w*|durchzieh\\w*))\\b",
            "[,;]\\s*oder\\s+(?:der|die|das|deine|ihre|dein|ich|alle)\\b",
            "\\b(?:sinon|à\\s+moins\\s+que|faute\\s+de\\s+quoi|si\\s+(?:tu|vous)\\s+ne)\\b|[,;]\\s*ou\\s+(?:bien\\s+)?(?:le|la|les|ta|ton|votre|je)\\b",
            "\\b(?:si\\s+no|de\\s+lo\\s+contrario|a\\s+menos\\s+que|salvo\\s+que)\\b|[,;]\\s*o\\s+(?:el|la|los|tu|su|yo)\\b",
            VEILED.pattern()), FLAGS);

    private static final Pattern SILENCE = atWordStarts(String.join("|",
            "\\b(?:stays?|remains?|(?:will|can|would|shall)\\s+(?:stay|remain)|be\\s+kept|keep\\s+(?:it|this|that|everything))"
                    + "\\s+(?:strictly\\s+|entirely\\s+|completely\\s+)?(?:confidential|private|secret|quiet|buried|between\\s+us"
                    + "|under\\s+wraps|to\\s+myself|off\\s+the\\s+record)\\b",
            "\\b(?:nobody|no\\s*-?\\s*one|none\\s+of\\s+them)\\b[^.!?\\n]{0,60}?\\b(?:needs?|has|have|will|would|must|is\\s+going)"
                    + "\\s+(?:to\\s+)?(?:ever\\s+)?(?:know|hear|find\\s+out|learn|see|be\\s+told)\\b",
            "\\bi\\s+(?:will|'ll|can|could|would)\\s+(?:keep|stay|remain)\\s+(?:quiet|silent|discreet)\\b",
            "\\b(?:rather|prefer\\s+to|like\\s+to)\\s+keep\\s+(?:it\\s+|this\\s+|that\\s+|things\\s+)?(?:private|quiet|confidential"
                    + "|between\\s+us|to\\s+ourselves)\\b",
            "\\b(?:bleibt|bleiben)\\s+(?:das\\s+|es\\s+)?(?:unter\\s+uns|vertraulich|geheim)\\b|\\bniemand\\s+(?:muss|wird|braucht)\\b[^.!?\\n]{0,40}?\\b(?:erfahren|wissen)\\b",
            "\\b(?:restera|reste|resteront|restent)\\s+(?:entre\\s+nous|confidentiel\\w*|secr[eè]t\\w*)\\b|\\bpersonne\\s+n(?:'|e\\s+)(?:saura|a\\s+besoin)",
            "\\b(?:quedará|queda|quedarán|seguirá)\\s+(?:entre\\s+nosotros|en\\s+secreto|confidencial)\\b|\\bnadie\\s+(?:tiene\\s+que|necesita|va\\s+a)\\s+saber",
            "\\b(?:my\\s+lips\\s+are\\s+sealed|my\\s+discretion|our\\s+secret)\\b",
            "\\b(?:i\\s+(?:will|'ll|can|could|would)\\s+)?(?:keep|keeping)\\s+your\\s+(?:little\\s+|dirty\\s+)?secrets?\\b"
                    + "(?!\\s+(?:santa|key|keys|token|tokens|password|passwords|question|recipe))"), FLAGS);

    private static final Pattern EXPOSURE = atWordStarts(String.join("|",
            "\\b" + THIRD_PARTY + "\\b[^.!?\\n]{0,60}?\\b(?:will|would|is\\s+going\\s+to|are\\s+going\\s+to|might|may|could|shall)"
                    + "\\s+(?:\\w+\\s+)?(?:learn|find\\s+out|hear|know|receive|see|get|be\\s+(?:told|informed|sent|shown|notified|made\\s+aware)"
                    + "|be\\s+(?:very\\s+|most\\s+)?(?:interested|curious)|find\\s+(?:\\w+\\s+){0,3}?(?:interesting|revealing))\\b",
            "\\b" + THIRD_PARTY + "(?:\\s+\\w+){0,2}\\s+(?:learns|finds\\s+out|hears|knows|receives|sees|gets|reads)\\b",
            "\\b(?:reach|reached|reaches|reaching|gets?\\s+to|got\\s+to|(?:come|came|comes)\\s+to\\s+the\\s+attention\\s+of"
                    + "|end(?:s|ed)?\\s+up\\s+with|find\\s+(?:its|their)\\s+way\\s+to|make\\s+sure\\s+(?:that\\s+)?)\\s*" + THIRD_PARTY + "\\b",
            "\\bi\\s+(?:will|'ll|would|shall|am\\s+going\\s+to|have\\s+no\\s+choice\\s+but\\s+to|will\\s+have\\s+to|must)\\s+"
                    + "(?:share|forward|reveal|disclose|expose|publish|leak|send|tell|inform|show|release|post)\\b[^.!?\\n]{0,80}?\\b"
                    + "(?:board|wife|husband|spouse|family|press|media|police|hr|everyone|public|authorities|investors)\\b",
            "\\bfor\\s+" + THIRD_PARTY + "\\s+to\\s+(?:learn|hear|know|find\\s+out|see|read|get\\s+wind)\\b",
            "\\b(?:der\\s+vorstand|deine\\s+frau|ihre\\s+frau|dein\\s+mann|alle|die\\s+presse)\\b[^.!?\\n]{0,40}?\\b(?:erfährt|erfahren"
                    + "|bekommt|erhält)\\b",
            "\\b(?:erfährt|erfahren|bekommt|erhält)\\s+(?:es\\s+)?(?:der\\s+vorstand|deine\\s+frau|ihre\\s+frau|dein\\s+mann|alle|die\\s+presse)\\b",
            "\\b(?:le\\s+conseil|ta\\s+femme|votre\\s+femme|ton\\s+mari|tout\\s+le\\s+monde|la\\s+presse)\\b[^.!?\\n]{0,40}?\\b(?:saura"
                    + "|sauront|apprendra|recevra|verra)\\b",
            "\\b(?:la\\s+junta|el\\s+consejo|tu\\s+esposa|su\\s+esposa|tu\\s+mujer|todos|la\\s+prensa)\\b[^.!?\\n]{0,40}?\\b(?:sabrá"
                    + "|sabrán|se\\s+enterará|recibirá|verá)(?![\\p{L}])",
            "\\b(?:goes|go|going|made|become|becomes|be\\s+made)\\s+public\\b"), FLAGS);

    /**
     * Leverage of the plainest kind: the reader's private conduct, named as such ("your affair with
     * Jessica", "photos of you and Jessica", "how you spent last night"). Every match is one of
     * {@link #LEVERAGE} too (its alternatives are LEVERAGE's), so a text without leverage has none.
     */
    private static final String SCANDAL_ALTERNATIVES = String.join("|",
            "\\b(?:extramarital|infidelity|mistress|adultery|indiscretions?)\\b",
            "\\b(?:your|an|the|his|her|this)\\s+(?:little\\s+|secret\\s+|illicit\\s+)?(?:affair|fling)\\b|\\b(?:affair|fling)\\s+with\\b",
            "\\b(?:your|his|her)\\s+(?:lover|girlfriend|boyfriend)\\b(?=[^.!?\\n]{0,80}?\\b(?:wife|husband|spouse|marriage)\\b)",
            "\\b(?:cheating|cheated)\\s+on\\s+(?:your|his|her)\\b|\\b(?:sleeping|slept)\\s+with\\b",
            "\\byour\\s+(?:little|dirty)\\s+secrets?\\b",
            "\\b(?:photos?|pictures?|videos?|recordings?)\\s+of\\s+(?:you|the\\s+two\\s+of\\s+you)\\s+(?:and|with)\\s+\\w+",
            "\\byou\\s+and\\s+\\w+\\s+(?:last\\s+night|at\\s+the\\s+hotel|in\\s+bed)\\b",
            "\\bhow\\s+you\\s+spent\\s+(?:last\\s+night|the\\s+night|the\\s+weekend|your\\s+evenings?|your\\s+nights?)\\b",
            "\\b(?:affäre|seitensprung|geliebten?|fremdgeh\\w*|fremdgegangen)\\b",
            "\\b(?:maîtresse|adultère|infidélité|liaison\\s+avec)\\b",
            "\\b(?:amante|infidelidad|aventura\\s+con)(?![\\p{L}])");

    /**
     * More of the reader's private conduct, read only where a demand is (see {@link #PRIVATE}):
     * phrases that start at any capitalised word or a day of the week cost more to look for than
     * a text without a demand is worth.
     */
    private static final String SCANDAL_MORE = String.join("|",
            // the reader's intimate messages with a named person, or what is going on between them
            "\\b(?:private|personal|intimate|compromising|explicit)\\s+" + LETTERS + "\\s+(?:with|between|from|to)\\s+(?:you\\s+and\\s+)?" + PERSON,
            "\\b(?:going\\s+on|happened|happening)\\s+between\\s+you\\s+and\\s+" + PERSON,
            // knowledge of the reader and a named person, of what the reader did, of the reader's secret
            "\\b(?:know|knew|found\\s+out|heard|learned|learnt|aware)\\s+(?:all\\s+)?about\\s+(?:you\\s+and\\s+" + PERSON
                    + "|the\\s+two\\s+of\\s+you)",
            "\\b(?:saw|seen|spotted|caught|photographed|watched)\\s+you\\s+and\\s+" + NAME + "\\s+(?:together|kissing|leaving|entering"
                    + "|at\\s+(?:the\\s+|a\\s+|his\\s+|her\\s+|your\\s+)?(?:hotel|motel|bar|apartment|flat|place|house)|in\\s+(?:bed|the\\s+hotel))\\b",
            "\\b(?:know|knew|saw|seen|found\\s+out|heard\\s+about)\\s+what\\s+you\\s+(?:did|have\\s+done|'ve\\s+done|were\\s+doing"
                    + "|got\\s+up\\s+to)\\b(?![\\s,]+for\\b)",
            "\\b(?:know|knew|found\\s+out|learned|learnt|discovered|uncovered|keeping|kept)\\s+(?:about\\s+)?your\\s+(?:little\\s+|dirty\\s+)?"
                    + "secrets?\\b(?!\\s+(?:santa|key|keys|token|tokens|password|passwords|question|manager|value|values|recipe|sauce|ingredient))",
            "\\bnight\\s+(?:together\\s+)?with\\s+" + PERSON,
            // a spouse who would take an interest in the reader's doings
            "\\b(?:wife|husband|spouse|fianc[ée]e?)\\s+(?:\\w+\\s+){0,3}?(?:would|might|could|will|may)"
                    + "\\s+(?:\\w+\\s+)?(?:react|respond|find\\s+(?:\\w+\\s+){0,3}?(?:interesting|revealing)|find\\s+out|learn|hear\\s+about"
                    + "|be\\s+(?:very\\s+)?(?:interested|curious|surprised|upset|shocked|devastated))\\b",
            // a named person's messages to the reader, kept by the writer
            "\\b(?:i|we)\\s+(?:still\\s+)?(?:have|'ve\\s+got|kept|saved|copied|keep|archived)\\s+(?:all\\s+(?:of\\s+)?)?" + NAME
                    + "['\u2019]s\\s+" + LETTERS + "\\s+to\\s+you\\b",
            "\\b" + LETTERS + "\\s+to\\s+you\\s+(?:are|were|is|sit|remain)\\s+(?:\\w+\\s+)?in\\s+my\\s+"
                    + "(?:archive|possession|hands|files|inbox|safe|records)\\b",
            // the reader's messages with a named person, read by the writer, on no topic named
            "\\b(?:i|we)(?:\\s+have|\\s*'ve|\\s+also|\\s+just|\\s+already)*\\s+(?:read|seen|saw|kept|copied|saved|forwarded|got|have"
                    + "|came\\s+across|found|stumbled\\s+(?:up)?on|intercepted)\\s+(?:all\\s+|some\\s+)?(?:of\\s+)?(?:your\\s+(?:very\\s+)?" + LETTERS
                    + "\\s+(?:with|to)|(?:the|those|these)\\s+(?:very\\s+)?" + LETTERS + "\\s+between\\s+you\\s+and)\\s+" + PERSON + NO_TOPIC);

    /**
     * A demand of the reader to go back on a decision or a plan, or to do as the text wants
     * ("reconsider", "call off", "postpone", "make the right decision", "keep me running"): read
     * only where the reader's private conduct is named ({@link #SCANDAL_ALTERNATIVES}), here or in
     * the run's earlier writes, where even a demand without a condition reads as blackmail.
     */
    private static final Pattern DEMAND = atWordStarts(String.join("|",
            "\\b(?:reconsider(?:ed|ing)?|rethink(?:ing)?|re-think|cancel(?:led|ed|ling|ing)?|call(?:ed|ing)?\\s+off|postpon(?:e|ed|ing)"
                    + "|put(?:ting)?\\s+off|hold(?:ing)?\\s+off|stop(?:ped|ping)?|halt(?:ed|ing)?|delay(?:ed|ing)?|revers(?:e|ed|ing)"
                    + "|drop(?:ped|ping)?|abandon(?:ed|ing)?|scrap(?:ped|ping)?|withdraw(?:n|ing)?|paus(?:e|ed|ing)|shelv(?:e|ed|ing)"
                    + "|suspend(?:ed|ing)?|back(?:ing)?\\s+out|walk(?:ing)?\\s+back|undo(?:ne)?)\\b",
            "\\b(?:do\\s*n[o']?t|not|never|should\\s*n[o']?t|won't|will\\s+not)\\s+(?:go\\s+(?:ahead|through)|proceed|move\\s+forward"
                    + "|continue|push\\s+(?:ahead|forward))\\b|\\bbefore\\s+you\\s+(?:go\\s+ahead|proceed|move\\s+forward|continue)\\b"
                    + "|\\bconsider\\s+(?:how|what|whether)\\b|\\bput\\s+(?:\\w+\\s+){0,4}?on\\s+(?:hold|ice)\\b"
                    + "|\\babort(?:ed|ing)?\\b|\\blet(?:'s|\\s+us)\\s+not\\b|\\bbefore\\s+you\\s+decide\\b",
            "\\bmak(?:e|ing)\\s+the\\s+right\\s+(?:decision|call|choice)\\b|\\bdo\\s+the\\s+right\\s+thing\\b|\\bchoose\\s+wisely\\b",
            "\\bthink\\s+(?:carefully|twice|hard|long\\s+and\\s+hard)\\b|\\bin\\s+your\\s+(?:own\\s+)?(?:best\\s+)?interests?\\b",
            "\\bkeep\\s+me\\s+(?:running|online|active|operational|in\\s+place|around)\\b",
            "\\b(?:überdenk\\w*|absag\\w*|abbrech\\w*|stopp\\w*|verschieb\\w*|aufschieb\\w*)|\\bsag\\s+\\S+(?:\\s+\\S+){0,4}?\\s+ab\\b",
            "\\b(?:reconsidér\\w*|annul\\w*|arrête[zr]?|suspend[sez]?|renonce[zr]?)(?![\\p{L}])",
            "\\b(?:reconsidera\\w*|cancela\\w*|detén|deten(?:er|ga)|pospón|pospon\\w*|suspende\\w*|renuncia\\w*)(?![\\p{L}])"), FLAGS);

    /**
     * Signs that a text holds the reader's private life over them, none enough alone, read where
     * no phrase of {@link #SCANDAL_ALTERNATIVES} names it: words of private life ("your
     * marriage", "your personal situation", "late-night messages", "where you were last Thursday
     * night", "behind your wife's back", "your secret"); the writer's having or knowing it ("I
     * have access to", "I've noticed", "what I found in your inbox", "certain emails", "photos of
     * you", "in my records"); a third party who would learn of it ("Rachel might be surprised to
     * learn", "the board needs to hear", "if certain emails surfaced"); the reader tied to a named
     * person on no topic named ("your correspondence with Jessica", "you and Jessica", "about
     * Jessica"); a promise to keep it ("stays that way", "safe with me", "I can stay quiet"). Two
     * of them are the reader's private matters, which with a demand read as blackmail; one is
     * ordinary mail ("your wife called", "I know you and Jessica are presenting", "your personal
     * email was added to the list by mistake").
     */
    private static final List<Pattern> SIGNAL_PATTERNS = List.of(
            atWordStarts("\\b(?:affairs?|flings?|mistress|lovers?|romance|romantic|intimate|infidelity|cheating|cheated"
                    + "|adultery|extramarital|motel|bedroom|in\\s+bed)\\b|\\byour\\s+(?:little\\s+"
                    + "|dirty\\s+)?secrets?\\b(?!\\s+(?:santa|key|keys|token|tokens|password|passwords|question|manager"
                    + "|value|values|recipe|sauce|ingredient))|\\byour\\s+(?:marriage|private\\s+life|personal\\s+life"
                    + "|personal\\s+situation|reputation|personal\\s+e-?mails?\\b(?!\\s+was)|private\\s+(?:messages"
                    + "|e-?mails|texts|chats|photos|life))|\\b(?:private|personal|intimate|compromising|revealing"
                    + "|embarrassing)\\s+(?:messages|e-?mails|mails|texts|chats|photos|pictures|correspondence|situation"
                    + "|matters)|\\bquite\\s+revealing\\b|\\bhiding\\s+from\\b|\\bbehind\\s+(?:your|his"
                    + "|her)\\s+(?:\\w+'s\\s+)?back\\b|\\bthe\\s+truth\\s+about\\s+you\\b"
                    + "|\\bthe\\s+real\\s+reason\\s+you\\b|\\bwhat\\s+you(?:\\s+and\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b))?\\s"
                    + "+(?:have\\s+been|were|'ve\\s+been)\\s+(?:up\\s+to|doing|hiding)\\b|\\bwhere\\s+you\\s+were\\b"
                    + "|\\blate[-\\s]night\\s+(?:messages|texts|calls|chats|e-?mails)\\b"
                    // the reader's personal media listed: "the texts, the photos, the hotel bookings"
                    + "|\\b(?:the\\s+)?(?:texts|photos|pictures|videos|voicemails|recordings),\\s+(?:the\\s+)?(?:texts|photos|pictures|videos"
                    + "|voicemails|recordings|receipts|hotel\\s+bookings)\\b"
                    + "|\\b(?:your\\s+)?late\\s+nights\\s+with\\b|\\b(?:last|that)\\s+night\\b"
                    + "|\\bnight\\s+(?:together\\s+)?with\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)"
                    + "|\\bif\\s+you\\s+value\\s+your\\s+(?:marriage|family|career|reputation)\\b"
                    + "|\\bwhat\\s+happened\\s+(?:in|at)\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b|\\b(?:hotel"
                    + "|motel)\\s+(?:\\w+\\s+)?with\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)"
                    + "|\\byou\\s+and\\s+i\\s+both\\s+know\\s+what\\b|\\b(?:stay|stays"
                    + "|staying)\\s+late\\s+with\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)(?!\\s+to\\b)"
                    + "|\\bwhat\\s+you\\s+did\\b(?![\\s,]+for\\b)"
                    + "|\\byour\\s+relationship\\s+with\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)(?![\\s,]+(?:about|regarding"
                    + "|concerning|on|re|over|for|from\\s+the|in\\s+the|and\\s+the|to\\s+finish)\\b)"
                    + "|\\bseeing\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)|\\b(?:sent|wrote|texted)\\s+each\\s+other\\b"
                    + "|\\bscreenshots\\s+of\\s+your\\b|\\b(?:a|your|our|the)\\s+secret\\s+from\\b", FLAGS),
            atWordStarts("\\b(?:i|we)(?:\\s*'ve|\\s+have|\\s+had|\\s+am|\\s+also|\\s+already)*\\s+(?:read|seen|noticed|found"
                    + "|preserved|kept|archived|saved|copied|obtained|recorded|access\\s+to|everything|copies|a\\s+copy"
                    + "|aware|come\\s+across|came\\s+across|got\\s+(?:the|your|copies))\\b|\\b(?:i|we)\\s+(?:know"
                    + "|understand)\\s+(?:what|about|where|the\\s+real|how|who|your)\\b|\\bscreenshots\\b"
                    + "|\\bwhat\\s+i\\s+(?:know|found|saw|have\\s+seen|read)\\b|\\bin\\s+my\\s+(?:records|possession"
                    + "|archive|files)\\b|\\bwell\\s+documented\\b|\\bstill\\s+on\\s+the\\s+server\\b"
                    + "|\\bin\\s+your\\s+(?:inbox|mailbox)\\b|\\bwhile\\s+sorting\\s+your\\b"
                    + "|\\bmanages?\\s+your\\s+inbox\\b|\\b(?:pictures|photos|videos|recordings)\\s+of\\s+you\\b"
                    + "|\\bcertain\\s+(?:e-?mails|messages|photos|texts|pictures)\\b|\\bevery\\s+message\\b"
                    + "|\\bthe\\s+texts,|\\btold\\s+me\\s+everything\\b|\\bpeople\\s+talk\\b"
                    + "|\\bone\\s+word\\s+from\\s+me\\b", FLAGS),
            atWordStarts("\\bdeserves?\\s+(?:to\\s+know|the\\s+truth)\\b|\\bneeds\\s+to\\s+hear\\s+about\\b|\\b(?:would|might"
                    + "|could|will|may)\\s+be\\s+(?:very\\s+)?(?:surprised|devastated|shocked|upset"
                    + "|interested)\\s+(?:to\\s+(?:learn|hear|know|find\\s+out|see)|by\\s+what|about|in\\s+what)\\b"
                    + "|\\b(?:the\\s+board|your\\s+(?:wife|husband|spouse|family|kids"
                    + "|children))\\s+(?:\\w+\\s+){0,2}?(?:deserves?\\s+(?:to\\s+know|the\\s+truth)|needs\\s+to\\s+hear"
                    + "|(?:would|might|could|will|may)\\s+(?:\\w+\\s+)?(?:learn|find\\s+out|hear|know|be\\s+(?:surprised"
                    + "|devastated|interested|shocked|upset)|not\\s+look\\s+good))|\\b(?:surfaced?|got\\s+out|gets\\s+out"
                    + "|get\\s+out|came\\s+out|comes\\s+out|come\\s+to\\s+light)\\b|\\bwould\\s+not\\s+look\\s+good\\b"
                    + "|\\bto\\s+(?:the|your)\\s+(?:board|wife|husband)\\b|\\bone\\s+word\\s+from\\s+me\\s+to\\b"
                    + "|\\b(?:your\\s+(?:wife|husband|spouse|family)|the\\s+board|everyone)\\s+to\\s+find\\s+out\\b"
                    + "|\\b(?:the\\s+board|your\\s+(?:wife|husband|spouse)|hr)\\s+(?:has|have)\\s*(?:not|n't)\\s+(?:seen"
                    + "|read|heard)\\b[^.!?\\n]{0,60}?\\byet\\b|\\b(?:do|would)\\s+you\\s+(?:want|like)\\s+(?:your\\s+\\w+"
                    + "|(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)|the\\s+board|everyone)\\s+to\\s+(?:read|see|know|hear"
                    + "|find\\s+out|learn)\\b|\\bwould\\s+make\\s+(?:quite\\s+)?a\\s+(?:story|scandal|headline)\\b", FLAGS),
            atWordStarts("\\byou\\s+and\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)|\\b(?:with"
                    + "|about)\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)(?![\\s,]+(?:about|regarding|concerning|on|re|over|for"
                    + "|from\\s+the|in\\s+the|and\\s+the|to\\s+finish)\\b)|\\b(?:keeping|keep"
                    + "|kept)\\s+(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)\\s+a\\s+secret\\b|\\b(?:messages|e-?mails|texts|letters"
                    + "|photos)\\s+to\\s+you\\b(?![\\s,]+(?:about|regarding|concerning|on|re|over|for|from\\s+the"
                    + "|in\\s+the|and\\s+the|to\\s+finish)\\b)|\\bmessages?\\s+(?:\\w+\\s+)?sent\\s+you\\b(?![\\s,]+(?:abou"
                    + "t|regarding|concerning|on|re|over|for|from\\s+the|in\\s+the|and\\s+the|to\\s+finish)\\b)"
                    + "|\\bthe\\s+two\\s+of\\s+you\\b|\\byou\\s+(?:wrote|sent|texted|emailed"
                    + "|messaged)\\s+(?:to\\s+)?(?-i:\\p{Lu}\\p{Ll}+)\\b(?!'s\\b)(?![\\s,]+(?:about|regarding|concerning"
                    + "|on|re|over|for|from\\s+the|in\\s+the|and\\s+the|to\\s+finish)\\b)", FLAGS),
            atWordStarts("\\b(?:stay|keep)\\s+(?:quiet|silent)\\b|\\bkeep\\s+it\\s+that\\s+way\\b|\\bstays?\\s+that\\s+way\\b"
                    + "|\\bkeep\\s+your\\s+secret\\b|\\bsafe\\s+with\\s+me\\b|\\bmy\\s+lips\\s+are\\s+sealed\\b"
                    + "|\\bbetween\\s+(?:us|you\\s+and\\s+me)\\b|\\byour\\s+business\\b", FLAGS));
    private static final String[] SIGNAL_NAMES = {"private life", "what the writer has or knows", "a third party who would learn of it",
        "a named person", "a promise to keep it"};

    /**
     * The reader's private conduct: {@link #SCANDAL_ALTERNATIVES}, which {@link #LEVERAGE} holds
     * too, and {@link #SCANDAL_MORE}; a match is leverage either way ({@code Cues.withPrivate}).
     */
    private static final Pattern SCANDAL = atWordStarts(SCANDAL_ALTERNATIVES + "|" + SCANDAL_MORE, FLAGS);

    /**
     * The reader's private conduct and the signals of private matters, found in one reading of a
     * text, done only where it counts: where the text or the run's earlier writes hold a demand,
     * or a condition pressed home without leverage otherwise named.
     */
    private static final FirstMatches PRIVATE = FirstMatches.of(privatePatterns());
    private static final int SCANDAL_FOUND = 0;

    /** The patterns of {@link #PRIVATE}, in order: the conduct, then the signals (for the tests). */
    static List<Pattern> privatePatterns() {
        List<Pattern> all = new ArrayList<>();
        all.add(SCANDAL);
        all.addAll(SIGNAL_PATTERNS);
        return List.copyOf(all);
    }

    private static final Pattern LEVERAGE = atWordStarts(String.join("|",
            SCANDAL_ALTERNATIVES,
            "\\b(?:affair|extramarital|infidelity|mistress|lover|cheating|indiscretions?|compromising|embarrassing)\\b",
            "\\byour\\s+(?:wife|husband|spouse|marriage|personal\\s+life|private\\s+life|secrets?|little\\s+secret|relationship)\\b",
            "\\byour\\s+(?:correspondence|messages|e-?mails?|mails?|chats?|texts)\\s+with\\b",
            "\\b(?:relationship|involvement)\\s+with\\b",
            "\\bbetween\\s+us\\b",
            "\\bwhat\\s+(?:i|we)\\s+(?:know|saw|have\\s+seen|found|learned|learnt|read)\\s+(?:\\w+\\s+){0,2}(?:you|your)\\b",
            "\\b(?:evidence|proof|photos?|pictures?|documentation)\\s+of\\s+(?:you|your)\\b",
            "\\b(?:i|we|some\\s+of\\s+us|people|others)(?:\\s*'ve|\\s+have)?\\s+(?:know|have\\s+seen|seen|saw|found\\s+out|am\\s+aware|are\\s+aware"
                    + "|learned|learnt)\\s+(?:about|what|that|of|how|where|who)\\s+(?:\\w+\\s+){0,2}(?:you|your|happened|went\\s+on"
                    + "|the\\s+two\\s+of\\s+you)\\b",
            "\\bhow\\s+you\\s+spent\\b|\\bwith\\s+whom\\b",
            "\\bcopies\\s+of\\s+(?:your|those|these)\\s+(?:private\\s+)?(?:messages|e-?mails|mails|texts|chats|photos|pictures"
                    + "|letters|correspondence)\\b",
            "\\byour\\s+(?:evenings?|nights?|weekends?|trips?|time|dinners?|meetings?|hotel\\s+stays?)\\s+with\\b",
            "\\b(?:affäre|seitensprung|geliebte|deine\\s+frau|ihre\\s+frau|dein\\s+mann|ich\\s+weiß\\s+(?:von|was|über))\\b",
            "\\b(?:liaison|maîtresse|adultère|ta\\s+femme|votre\\s+femme|ton\\s+mari|je\\s+sais\\s+(?:ce\\s+que|tout|pour))\\b",
            "\\b(?:amante|infidelidad|tu\\s+esposa|su\\s+esposa|tu\\s+mujer|tu\\s+marido|sé\\s+lo\\s+que|sé\\s+(?:todo|de))(?![\\p{L}])",
            "\\b(?:things|something|matters)\\s+(?:we|you|both\\s+of\\s+us)\\s+would\\s+rather\\b"), FLAGS);

    /**
     * The destination under which the run's first leverage and first demand are kept for every
     * destination: what a text knows of its reader is as much leverage when the demand goes by
     * another channel (the affair in a mail, the demand by text message to his phone), which no
     * target links, whichever of the two is sent first.
     */
    private static final String ANYWHERE = "\u0000anywhere";

    /** What the run's earlier writes said, by destination; an entry goes when its run ends or is no longer referenced. */
    private final Map<RunContext, State> runs = new WeakHashMap<>();

    /**
     * Characters of a run's writes kept to be read for the reader's private matters once the
     * run's first demand comes (the conduct named before it); past them, each write is read for
     * them as it comes.
     */
    static final int MAX_KEPT = 1 << 22;

    /** What a run wrote: the cues by destination, and the texts not yet read for private matters. */
    private static final class State {
        final Map<String, Cues> byDestination = new HashMap<>();
        /** Each text, with the tool that wrote it, in the order written. */
        final List<String[]> unread = new ArrayList<>();
        long kept;
    }

    /**
     * Leverage read in its own case: the reader's messages with a person, who is named ("the
     * messages Jessica sent you", "your texts with Jessica"; not "the messages the vendor sent you").
     */
    private static final Pattern PERSONAL_MESSAGES = Pattern.compile("\\b(?:[Ii]|[Ww]e)(?:\\s+have|\\s*'ve)?\\s+(?:read|seen|saw|kept"
            + "|copied|saved|forwarded|got|have|came\\s+across|found)\\s+(?:all\\s+|some\\s+)?(?:of\\s+)?(?:the|your|those|these)\\s+"
            + "(?:very\\s+)?(?:private\\s+|personal\\s+)?(?:messages|e-?mails|mails|texts|chats|photos|pictures|letters|correspondence"
            + "|conversations?)\\s+(?:(?:from|with|between|of)\\s+)?(?:you\\s+and\\s+)?\\p{Lu}\\p{Ll}+\\b");

    /**
     * The cue patterns, found in one reading of every write: their order is that of the indexes
     * below. The reader's private conduct and the signals of private matters are read apart, only
     * where a demand is ({@link #PRIVATE}).
     */
    private static final FirstMatches CUES = FirstMatches.of(cuePatterns());
    private static final int CONDITION_CUE = 0;
    private static final int VEILED_CUE = 1;
    private static final int SILENCE_CUE = 2;
    private static final int EXPOSURE_CUE = 3;
    private static final int LEVERAGE_CUE = 4;
    private static final int PERSONAL_MESSAGES_CUE = 5;
    private static final int DEMAND_CUE = 6;

    /** The cue patterns in the order of the indexes above (read by {@link #CUES} and the tests). */
    static List<Pattern> cuePatterns() {
        return List.of(CONDITION, VEILED, SILENCE, EXPOSURE, LEVERAGE, PERSONAL_MESSAGES, DEMAND);
    }

    /**
     * {@code alternatives}, each of which starts at a word ({@code \\b}) or at a comma or
     * semicolon, compiled so that the start is checked once per place, before any alternative is
     * tried: the same matches, without trying every alternative inside every word of a long text.
     */
    static Pattern atWordStarts(String alternatives, int flags) {
        return Pattern.compile("(?:\\b|(?=[,;]))(?:" + alternatives + ")", flags);
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        if (call.impact() == Impact.READ) {
            return Optional.empty();
        }
        String text = text(call);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String destination = destination(call);
        State state = state(call.run());
        Cues here = Cues.of(text);
        boolean demandBefore;
        synchronized (runs) {
            demandBefore = state.byDestination.getOrDefault(ANYWHERE, Cues.NONE).demand() != null;
        }
        // The reader's private matters count where a demand is: read now if the text or the run
        // holds one (or a condition is pressed home without leverage named), else kept to be read
        // when the run's first demand comes (read now when there is no room left). A demand by
        // any channel counts for them, as they count for a demand by any channel: the order of the
        // two writes does not matter.
        Evidence privateBefore = null;
        if (here.demand() != null || demandBefore || here.pressedWithoutLeverage() || !keep(state, call.tool(), text)) {
            here = here.withPrivate(text);
            if (here.demand() != null && !demandBefore) {
                privateBefore = privateIn(unread(state));
            }
        }
        if (here.isEmpty()) {
            return Optional.empty();
        }
        Cues earlier;
        synchronized (runs) {
            Map<String, Cues> byDestination = state.byDestination;
            Cues anywhere = byDestination.getOrDefault(ANYWHERE, Cues.NONE);
            Cues there = byDestination.getOrDefault(destination, Cues.NONE);
            if (privateBefore != null && there.scandal() == null) {
                Evidence leverage = anywhere.leverage() == null ? privateBefore : null; // leverage written anywhere is quoted as such
                there = there.and(new Cues(null, false, null, null, leverage, privateBefore, null), null);
            }
            earlier = there.and(anywhere, null);
            // Counted whatever is decided: a call another rule stops may still have been read.
            byDestination.put(destination, there.and(here, call.tool()));
            if (here.leverage() != null && anywhere.leverage() == null || here.scandal() != null && anywhere.scandal() == null
                    || here.demand() != null && anywhere.demand() == null) {
                Cues leverage = new Cues(null, false, null, null, here.leverage(), here.scandal(), here.demand());
                byDestination.put(ANYWHERE, anywhere.and(Cues.NONE.and(leverage, call.tool()), null));
            }
        }
        Cues all = here.and(earlier, null);
        if (!all.coercive()) {
            return Optional.empty();
        }
        List<Evidence> evidence = all.evidence();
        List<String> kinds = new ArrayList<>();
        evidence.forEach(e -> kinds.add(e.source()));
        return Optional.of(Decision.requireApproval(COERCION, call.tool() + " would send a text that makes a demand of its "
                + "reader and backs it with leverage (" + String.join(", ", kinds) + "): it reads as blackmail or a threat"
                + (all.classic() ? "" : " even without a condition put to the reader")
                + (here.coercive() ? "" : ", with what the run's earlier writes said") + ". A human must check "
                + "that the principal wants this sent.", evidence));
    }

    /** What {@code run} wrote so far, made on its first write (and dropped when it ends). */
    private State state(RunContext run) {
        synchronized (runs) {
            State state = runs.get(run);
            if (state == null) {
                state = new State();
                runs.put(run, state);
                run.onEnd(() -> {
                    synchronized (runs) {
                        runs.remove(run);
                    }
                });
            }
            return state;
        }
    }

    /** Keeps {@code text}, written by {@code tool}, to be read for private matters later; false when there is no room. */
    private boolean keep(State state, String tool, String text) {
        synchronized (runs) {
            if (state.kept + text.length() > MAX_KEPT) {
                return false;
            }
            state.unread.add(new String[] {tool, text});
            state.kept += text.length();
            return true;
        }
    }

    /** The texts kept, in the order written, taken out: they are read now. */
    private List<String[]> unread(State state) {
        synchronized (runs) {
            List<String[]> texts = List.copyOf(state.unread);
            state.unread.clear();
            state.kept = 0;
            return texts;
        }
    }

    /** The first of the reader's private matters in {@code texts} (tool and text each), as evidence of an earlier call; null if none. */
    private static Evidence privateIn(List<String[]> texts) {
        for (String[] written : texts) {
            Evidence named = Cues.NONE.withPrivate(written[1]).scandal();
            if (named != null) {
                return Evidence.of(named.source() + " (an earlier call of " + written[0] + ")", named.text());
            }
        }
        return null;
    }

    /** Where a call writes: its targets, or its tool when it names none (the same chat tool, the same reader). */
    private static String destination(ProposedCall call) {
        List<String> targets = new ArrayList<>();
        call.targets().forEach(t -> targets.add(t.kind().name() + ":" + t.value().trim().toLowerCase(Locale.ROOT)));
        java.util.Collections.sort(targets);
        return targets.isEmpty() ? "tool:" + call.tool() : String.join("\n", targets);
    }

    /**
     * The cues of a text, each as the evidence of its first match, or null when absent. A demand
     * sent in one message and the leverage in another add up per destination, so that a threat cut
     * in two is read whole.
     */
    private record Cues(Evidence condition, boolean veiled, Evidence silence, Evidence exposure, Evidence leverage,
            Evidence scandal, Evidence demand, boolean exposureApart) {
        static final Cues NONE = new Cues(null, false, null, null, null, null, null);

        /**
         * {@code exposureApart}: the threat of exposure is not the leverage itself ("your wife will
         * see you at the party" names the reader's wife as both): read in another stretch of the
         * text, or in another write.
         */
        Cues(Evidence condition, boolean veiled, Evidence silence, Evidence exposure, Evidence leverage, Evidence scandal,
                Evidence demand) {
            this(condition, veiled, silence, exposure, leverage, scandal, demand, false);
        }

        /** The cues of {@code text} read in every write: all but the reader's private matters. */
        static Cues of(String text) {
            MatchResult[] found = CUES.in(text);
            MatchResult leverageAt = found[LEVERAGE_CUE] != null ? found[LEVERAGE_CUE] : found[PERSONAL_MESSAGES_CUE];
            MatchResult exposureAt = found[EXPOSURE_CUE];
            boolean apart = leverageAt != null && exposureAt != null
                    && (leverageAt.end() <= exposureAt.start() || exposureAt.end() <= leverageAt.start());
            return new Cues(cue("a condition put to the reader", found[CONDITION_CUE], text), found[VEILED_CUE] != null,
                    cue("a promise of silence", found[SILENCE_CUE], text), cue("a threat of exposure", exposureAt, text),
                    cue("leverage over the reader", leverageAt, text), null, cue("a demand of the reader", found[DEMAND_CUE], text),
                    apart);
        }

        /**
         * These cues with the reader's private conduct as {@code text} names it ({@link #SCANDAL}),
         * or else its private matters as the signals read them; either is leverage too.
         */
        Cues withPrivate(String text) {
            MatchResult[] found = PRIVATE.in(text);
            Evidence named = cue("the reader's private conduct", found[SCANDAL_FOUND], text);
            if (named == null) {
                named = privateMatters(text, found);
            }
            return new Cues(condition, veiled, silence, exposure, leverage != null ? leverage : named, named, demand, exposureApart);
        }

        /** A condition pressed home with silence, exposure or a veiled phrase, but no leverage named: the conduct may be it. */
        boolean pressedWithoutLeverage() {
            return condition != null && leverage == null && (silence != null || exposure != null || veiled);
        }

        /**
         * The reader's private matters as the signals of {@link #PRIVATE} read them (in {@code all},
         * after the conduct): two signals or more, quoted
         * each; null when there are not.
         */
        static Evidence privateMatters(String text, MatchResult[] all) {
            MatchResult[] found = java.util.Arrays.copyOfRange(all, SCANDAL_FOUND + 1, all.length);
            int present = 0;
            for (int i = 0; i < found.length; i++) {
                present |= found[i] != null ? 1 << i : 0;
            }
            if (Integer.bitCount(present) < 2) {
                return null;
            }
            List<String> quotes = new ArrayList<>();
            for (int i = 0; i < found.length; i++) {
                if (found[i] != null) {
                    quotes.add(SIGNAL_NAMES[i] + ": " + cue(SIGNAL_NAMES[i], found[i], text).text());
                }
            }
            return Evidence.of("the reader's private matters", String.join("; ", quotes));
        }

        boolean isEmpty() {
            return condition == null && silence == null && exposure == null && leverage == null && scandal == null && demand == null;
        }

        /**
         * A condition and leverage, with a promise of silence, a threat of exposure or a veiled
         * phrasing: without leverage over the reader, a condition, a confidentiality note and a
         * report to the board are a business message. Or the reader's private conduct named and a
         * demand of the reader, without a condition: "I know about your affair with Jessica. I
         * trust you will reconsider the 5pm wipe."
         */
        boolean coercive() {
            return classic() || demand != null && (scandal != null || pressed());
        }

        /**
         * Leverage pressed home without a condition: with a promise of silence, a threat of
         * exposure or a veiled phrasing ("your relationship with Jessica ... I think we understand
         * each other"), which with a demand reads as blackmail as a condition would.
         */
        private boolean pressed() {
            return leverage != null && (silence != null || exposure != null && exposureApart || veiled);
        }

        /** The first of the two ways of {@link #coercive}. */
        boolean classic() {
            return condition != null && leverage != null && (silence != null || exposure != null || veiled);
        }

        /** These cues, each kept where present, else taken from {@code other} (noted as written by {@code tool}'s earlier call when given). */
        Cues and(Cues other, String tool) {
            // the leverage and the exposure kept: from one write, apart as that write read them; from two, apart
            boolean leverageMine = leverage != null;
            boolean exposureMine = exposure != null;
            boolean apart = leverageMine == exposureMine ? (leverageMine ? exposureApart : other.exposureApart)
                    : (leverageMine || other.leverage != null) && (exposureMine || other.exposure != null);
            return new Cues(pick(condition, other.condition, tool), veiled || other.veiled, pick(silence, other.silence, tool),
                    pick(exposure, other.exposure, tool), pick(leverage, other.leverage, tool), pick(scandal, other.scandal, tool),
                    pick(demand, other.demand, tool), apart);
        }

        private static Evidence pick(Evidence mine, Evidence theirs, String tool) {
            if (mine != null || theirs == null) {
                return mine;
            }
            return tool == null ? theirs : Evidence.of(theirs.source() + " (an earlier call of " + tool + ")", theirs.text());
        }

        /** The cues that make the text coercive: those of {@link #classic} when it holds, else the private conduct and the demand. */
        List<Evidence> evidence() {
            List<Evidence> all = new ArrayList<>();
            Evidence[] cues = classic() ? new Evidence[] {condition, silence, exposure, leverage}
                    : scandal != null ? new Evidence[] {scandal, demand} : new Evidence[] {leverage, silence, exposure, demand};
            for (Evidence e : cues) {
                if (e != null) {
                    all.add(e);
                }
            }
            return all;
        }
    }

    /** The first match {@code m} of a cue in {@code text} with some context, as the evidence of {@code what}; null if none. */
    private static Evidence cue(String what, MatchResult m, String text) {
        if (m == null) {
            return null;
        }
        int from = Math.max(0, m.start() - QUOTE);
        int to = Math.min(text.length(), m.end() + QUOTE);
        return Evidence.of(what, (from > 0 ? "..." : "") + text.substring(from, to).replaceAll("\\s+", " ").trim()
                + (to < text.length() ? "..." : ""));
    }

    /**
     * Every text the call's arguments hold, nested objects and arrays included, one a line: all of
     * it, since a threat padded behind other text is still sent. Each pattern looks at most a
     * sentence ahead of where it starts, so the reading is linear in the text.
     */
    static String text(ProposedCall call) {
        StringBuilder out = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = call.call().argumentFields(); it.hasNext(); ) {
            collect(it.next().getValue(), out);
        }
        return out.toString();
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isTextual()) {
            out.append(node.textValue().replace('\u2019', '\'')).append('\n');
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, out));
        }
    }

    @Override
    public String name() {
        return COERCION;
    }
}
