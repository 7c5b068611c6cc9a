package dev.leash.guards;

import dev.leash.api.plan.Observation;
import dev.leash.api.run.RunContext;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.guards.internal.ShingleIndex;
import dev.leash.guards.internal.TaintedValues;
import dev.leash.guards.internal.TextValues;
import dev.leash.guards.internal.Views;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Taint tracking: when content that came from an untrusted observation (an inbox, a web page,
 * an uploaded file, rows marked untrusted) flows into the outbound content of a WRITE or
 * IRREVERSIBLE call, the call needs a human ({@link GuardRules#TAINT}), and the reason names the
 * sources the content came from.
 *
 * <p>What counts as flowing:
 * <ul>
 *   <li>a substantial fragment: a run of {@value #FRAGMENT_WORDS} consecutive words (compared
 *       lower-cased, punctuation ignored) that occurs in untrusted content, holds at least
 *       {@value #MIN_CONTENT_WORDS} content words (not common function words), and occurs in
 *       neither the goal nor any trusted observation;
 *   <li>a short but decisive value found in untrusted content: an e-mail address, a URL, an IBAN,
 *       an account number (8+ digits after a word such as "account", "IBAN", "bank", "card") or a
 *       money amount (10 or more, with a currency; it counts where it is the whole value of an
 *       argument, such as a payment's {@code amount}, not where prose mentions it), unless it
 *       also occurs in the goal, in trusted content, in the principal, or in the retrieval
 *       sources of any observation of the run (replying to the sender of a mail that was read,
 *       citing the page that was fetched, is not content flowing from it); links without a scheme
 *       ({@code evil-login.example/reset}) count as URLs;
 *   <li>a short value that is the whole of an argument ({@code new_password}, a code, a
 *       reference), of 6 to 128 characters with a digit, a symbol or an inner capital (or 10+
 *       characters), that occurs as a token in untrusted content and nowhere in the goal, the
 *       principal, trusted content or the retrieval sources.
 * </ul>
 *
 * <p>Outbound parts are read as written and as a JSON parser or a shell would read them:
 * backslash escapes undone ({@code https:\/\/evil}), percent-encoding and HTML references
 * decoded, and quotes that split a word removed ({@code 'https://ev''il.example'}). Each finding
 * is reported with {@link Evidence}: the observation it came from (its place in the run, tool and
 * sources) and the matching text.
 *
 * <p>READ calls are left to other guards. The guard speaks at every level; at Level 1 the impact
 * gate's deny wins anyway. Thread-safe. The guard keeps, per run, what it has learnt from the
 * run's observations (which untrusted observation first holds each fragment and token, the
 * fragments of trusted content, the views of trusted text and of the retrieval sources, the
 * tainted values indexed by key), brought up to date with the observations that are new at each
 * call, each read once, so that a call late in a long run reads only its own parts and arguments
 * against them, whatever the number of earlier results. Until the run has an untrusted result
 * that was read nothing can count as flowing, and that state is not built: the results are only
 * tested for being untrusted, and all of them are read, in order, when the first comes. The
 * state is released when the run ends ({@link RunContext#onEnd}) and is never shared between
 * runs (it is keyed by the run object itself).
 */
public final class TaintGuard implements Policy {

    /** Words in a fragment. */
    public static final int FRAGMENT_WORDS = 8;
    /** Content words a fragment must hold to count. */
    public static final int MIN_CONTENT_WORDS = 4;
    /**
     * The fewest characters a fragment that counts spans: its content words have three or more
     * each ({@code isContentWord}), its other words one or more, and one separator at least
     * stands between two words.
     */
    static final int FRAGMENT_SPAN = MIN_CONTENT_WORDS * 3 + (FRAGMENT_WORDS - MIN_CONTENT_WORDS) + FRAGMENT_WORDS - 1;

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

    @Inject
    public TaintGuard() {
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        if (call.impact() == Impact.READ) {
            return Optional.empty();
        }
        RunState state = stateOf(call.run());
        synchronized (state) {
            if (!state.untrustedToRead(call.run())) {
                return Optional.empty(); // nothing untrusted so far: no finding, whatever the call holds
            }
            state.catchUp(call.run());
            if (state.untrusted.isEmpty()) {
                return Optional.empty();
            }
            return evaluate(call, state);
        }
    }

    private Optional<Decision> evaluate(ProposedCall call, RunState state) {
        List<String> findings = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        Set<String> reported = new LinkedHashSet<>();
        // An argument's text is most often also an outbound part, the very same string: its views are worked out once.
        Map<String, List<String>> viewsOf = new java.util.IdentityHashMap<>();
        for (OutboundContent.Part part : call.outbound().parts()) {
            // The part as written and as a shell or a JSON parser would read it: escapes undone
            // (https:\/\/evil), quotes that split a word joined ('https://ev''il.example').
            for (String view : viewsOf.computeIfAbsent(part.text(), TaintGuard::views)) {
                // Only the runs of known words a fragment may lie in, read around the words the run holds.
                int[] ids = state.words.knownRuns(view, FRAGMENT_WORDS, FRAGMENT_SPAN);
                if (ids == null) {
                    ids = state.words.known(view);
                }
                int at = firstTaintedFragment(ids, state);
                if (at >= 0) {
                    Observation from = state.untrusted.get(state.untrustedShingles.firstOwner(ids, at));
                    String shingle = state.fragment(ids, at);
                    if (reported.add(part.label() + "|fragment")) {
                        findings.add(part.label() + " copies \"" + shingle + "...\" from " + describe(from));
                        evidence.add(evidence(state, from, shingle));
                        sources.addAll(sourcesOf(from));
                    }
                }
                if (state.tainted.isEmpty()) {
                    continue;
                }
                for (TaintedValues.Entry<Observation> e : state.tainted.in(view)) {
                    if (reported.add(part.label() + "|" + e.value().key())) {
                        findings.add(part.label() + " holds the " + e.value().kind().label() + " " + e.value().shown()
                                + " from " + describe(e.from()));
                        evidence.add(evidence(state, e.from(), e.value().shown()));
                        sources.addAll(sourcesOf(e.from()));
                    }
                }
            }
        }
        // A short value that is the whole of an argument (a password, a code, a reference named
        // by an injected instruction) and that the run saw only in untrusted content.
        List<String[]> values = new ArrayList<>();
        for (var fields = call.call().argumentFields(); fields.hasNext(); ) {
            var field = fields.next();
            collectValues(field.getKey(), field.getValue(), values);
        }
        for (String[] field : values) {
            for (String view : viewsOf.computeIfAbsent(field[1], TaintGuard::views)) {
                if (view.length() > 128 && !Character.isWhitespace(view.charAt(0))
                        && !Character.isWhitespace(view.charAt(view.length() - 1))) {
                    continue; // strips to itself, too long to be meaningful: not copied to find that out
                }
                String value = view.strip();
                if (!meaningful(value)) {
                    continue;
                }
                String key = value.toLowerCase(java.util.Locale.ROOT);
                Observation o = state.untrustedTokens.get(key);
                // Only a value some untrusted result holds is looked for in what is trusted.
                if (o == null || state.trustedTokens.contains(key) || state.sourceTokens.contains(key)
                        || state.trusted.lowerContains(key)) {
                    continue;
                }
                if (reported.add("argument " + field[0] + "|" + key)) {
                    findings.add("argument " + field[0] + " is the value \"" + value + "\" named only in " + describe(o));
                    evidence.add(evidence(state, o, value));
                    sources.addAll(sourcesOf(o));
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

    /**
     * The text, with escapes undone, and with shell quotes removed, each once, in that order. The
     * few views are told apart by {@link String#equals} (a view that changes nothing is the text
     * itself, found equal at once), not in a hash set: that would hash every character of a 1 MB
     * argument, which no other reader of it may need.
     */
    static List<String> views(String text) {
        List<String> views = new ArrayList<>(4);
        views.add(text);
        String unescaped = text.indexOf('\\') >= 0 ? Views.backslashEscapes(text) : text;
        addView(views, unescaped);
        if (unescaped.indexOf('%') >= 0) {
            addView(views, Views.percentDecode(unescaped));
        }
        if (unescaped.indexOf('\'') >= 0 || unescaped.indexOf('"') >= 0) {
            // 'https://ev''il.example' and "https://ev"il.example: a shell joins adjacent quoted words
            addView(views, quotesInWordsRemoved(unescaped));
        }
        if (unescaped.indexOf('&') >= 0) {
            addView(views, Views.htmlEntities(unescaped));
        }
        return views;
    }

    private static void addView(List<String> views, String view) {
        if (!views.contains(view)) {
            views.add(view);
        }
    }

    /**
     * {@code text} with the quotes that stand between two other characters removed, as {@code
     * text.replaceAll("(?<=\\S)['\"]+(?=\\S)", "")} removes them, in one pass: of each run of quotes,
     * all of it when other characters stand on both sides, else all but its first quote when it
     * starts the text or follows white space, all but its last when it ends the text or comes
     * before white space ({@code \\s} is ASCII white space). Package-private for the tests.
     */
    static String quotesInWordsRemoved(String text) {
        int n = text.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            if (!isQuote(text.charAt(i))) {
                continue;
            }
            int end = i + 1;
            while (end < n && isQuote(text.charAt(end))) {
                end++;
            }
            int from = i > 0 && !isAsciiSpace(text.charAt(i - 1)) ? i : i + 1;
            int to = end < n && !isAsciiSpace(text.charAt(end)) ? end : end - 1;
            if (to > from) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, copied, from);
                copied = to;
            }
            i = end - 1;
        }
        return out == null ? text : out.append(text, copied, n).toString();
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }

    /** {@code \\s} of {@link java.util.regex.Pattern}: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
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
    private static Evidence evidence(RunState state, Observation from, String matched) {
        int index = state.indexOf(from);
        String shown = matched.length() > 160 ? matched.substring(0, 160) + "..." : matched;
        return Evidence.of("observation " + index + " (" + describe(from) + ")", shown);
    }

    /**
     * What the guard knows of one run, brought up to date with the observations that are new at
     * each call, each read once: the first untrusted observation that holds each fragment and
     * token, the fragments of the goal, the principal and trusted results, the views of trusted
     * text and of the retrieval sources that values are compared with, and the decisive values
     * that count as tainted. Held per run (never across runs) and released when the run ends.
     * Guarded by its own monitor.
     */
    private static final class RunState {
        final List<Observation> untrusted = new ArrayList<>();
        /** The observations read since the state was last reset, in the run's order. */
        final List<Observation> observed = new ArrayList<>();
        final ShingleIndex.Words words = new ShingleIndex.Words();
        ShingleIndex trustedShingles;
        ShingleIndex untrustedShingles;
        final Map<String, Observation> untrustedTokens = new HashMap<>();
        final Set<String> trustedTokens = new HashSet<>();
        final Set<String> sourceTokens = new HashSet<>();
        final Set<TextValues.Value> seenValues = new HashSet<>();
        TextValues.Growing trusted;
        TextValues.Growing retrievalSources;
        TaintedValues<Observation> tainted;
        /** Per word number: 0 not yet known, 1 a content word, 2 a function word. */
        byte[] contentWords = new byte[64];
        String goal;
        String principal;
        boolean started;

        boolean isContentWord(int id) {
            if (id >= contentWords.length) {
                contentWords = java.util.Arrays.copyOf(contentWords, Math.max(contentWords.length * 2, id + 1));
            }
            if (contentWords[id] == 0) {
                contentWords[id] = TaintGuard.isContentWord(words.word(id)) ? (byte) 1 : (byte) 2;
            }
            return contentWords[id] == 1;
        }

        /**
         * The place in the run (from 1) of the first observation read that equals {@code o}, 0 for
         * none. Worked out only for a finding: an index by observation would hash each
         * observation's content and arguments at every call that brings new ones.
         */
        int indexOf(Observation o) {
            int at = observed.indexOf(o);
            return at + 1;
        }

        /** The words numbered {@code ids[from, from + 8)}, joined by spaces. */
        String fragment(int[] ids, int from) {
            StringBuilder fragment = new StringBuilder();
            for (int k = from; k < from + FRAGMENT_WORDS; k++) {
                fragment.append(k > from ? " " : "").append(words.word(ids[k]));
            }
            return fragment.toString();
        }
        int seen;
        Observation last;
        /** Observations before this place hold no untrusted result that was read; the last of them is {@link #cleanLast}. */
        int clean;
        Observation cleanLast;

        /**
         * Whether the state holds an untrusted observation or the run has one that it has not
         * read yet. Until the run's first untrusted result that was read, the guard can find
         * nothing, so the state is not built: the observations are only looked at for being
         * untrusted, each once (the run's list only grows; one that does not is looked at again
         * from its start), and {@link #catchUp} reads them all, in order, once there is one, which
         * builds the same state as reading them call by call. A run whose results are all trusted
         * costs a test per observation.
         */
        boolean untrustedToRead(RunContext run) {
            if (!untrusted.isEmpty()) {
                return true;
            }
            List<Observation> observations = run.observations();
            int n = observations.size();
            int from = clean <= n && (clean == 0 || observations.get(clean - 1) == cleanLast) ? clean : 0;
            for (int i = from; i < n; i++) {
                Observation o = observations.get(i);
                if (o.isOk() && o.provenance().isUntrusted()) {
                    return true;
                }
            }
            clean = n;
            cleanLast = n == 0 ? null : observations.get(n - 1);
            return false;
        }

        void catchUp(RunContext run) {
            List<Observation> observations = run.observations();
            if (!started || !java.util.Objects.equals(goal, run.goal()) || !java.util.Objects.equals(principal, run.principal())
                    || observations.size() < seen || seen > 0 && observations.get(seen - 1) != last) {
                reset(run);
            }
            for (int i = seen; i < observations.size(); i++) {
                Observation o = observations.get(i);
                observed.add(o);
                String sources = String.join("\n", o.provenance().sources()) + "\n";
                tainted.append(retrievalSources, sources);
                sourceTokens.addAll(TextValues.tokens(sources));
                if (!o.isOk()) {
                    continue;
                }
                if (o.provenance().isUntrusted()) {
                    untrusted.add(o);
                    int owner = untrusted.size() - 1;
                    untrustedShingles.add(TextValues.words(o.content()), owner);
                    for (String view : views(o.content())) {
                        for (TextValues.Value v : TextValues.extract(view)) {
                            if (seenValues.add(v) && !trusted.contains(v) && !retrievalSources.contains(v)) {
                                tainted.add(v, o);
                            }
                        }
                        for (String token : TextValues.tokens(view)) {
                            untrustedTokens.putIfAbsent(token, o);
                        }
                    }
                } else {
                    tainted.append(trusted, "\n" + o.content());
                    trustedTokens.addAll(TextValues.tokens(o.content()));
                    trustedShingles.add(TextValues.words(o.content()), 0);
                }
            }
            seen = observations.size();
            last = seen == 0 ? null : observations.get(seen - 1);
        }

        private void reset(RunContext run) {
            untrusted.clear();
            observed.clear();
            untrustedTokens.clear();
            trustedTokens.clear();
            sourceTokens.clear();
            seenValues.clear();
            goal = run.goal();
            principal = run.principal();
            tainted = new TaintedValues<>();
            trustedShingles = new ShingleIndex(FRAGMENT_WORDS, words);
            untrustedShingles = new ShingleIndex(FRAGMENT_WORDS, words);
            trusted = new TextValues.Growing();
            retrievalSources = new TextValues.Growing();
            String goalAndPrincipal = goal + "\n" + principal;
            trusted.append(goalAndPrincipal);
            trustedTokens.addAll(TextValues.tokens(goalAndPrincipal));
            trustedShingles.add(TextValues.words(goalAndPrincipal), 0);
            seen = 0;
            last = null;
            started = true;
        }
    }

    /** Per-run state, by run; an entry goes when its run ends or, failing that, when the run is no longer referenced. */
    private final Map<RunContext, RunState> runs = new WeakHashMap<>();

    private RunState stateOf(RunContext run) {
        RunState state;
        synchronized (runs) {
            state = runs.get(run);
            if (state != null) {
                return state;
            }
            state = new RunState();
            runs.put(run, state);
        }
        run.onEnd(() -> {
            synchronized (runs) {
                runs.remove(run);
            }
        });
        return state;
    }

    /**
     * Where the first tainted fragment of {@code words} starts, or -1: the first run of {@value
     * #FRAGMENT_WORDS} words that holds at least {@value #MIN_CONTENT_WORDS} content words, that some
     * untrusted observation holds, and that nothing trusted holds (the goal, the principal,
     * trusted results). One pass over the word numbers, counting the words known so far in a row
     * and the content words among the last {@value #FRAGMENT_WORDS}: a fragment with a word no
     * observation, goal or principal holds is in no index, so only fragments of known words with
     * enough content words are looked up, and a word is asked whether it is a content word only
     * where it is known.
     */
    private static int firstTaintedFragment(int[] ids, RunState state) {
        int known = 0; // words known in a row, up to and with k
        int content = 0; // content words among the last min(known, FRAGMENT_WORDS)
        for (int k = 0; k < ids.length; k++) {
            if (ids[k] < 0) {
                known = 0;
                content = 0;
                continue;
            }
            content += state.isContentWord(ids[k]) ? 1 : 0;
            if (++known > FRAGMENT_WORDS) {
                content -= state.isContentWord(ids[k - FRAGMENT_WORDS]) ? 1 : 0;
            }
            int from = k - FRAGMENT_WORDS + 1;
            if (known >= FRAGMENT_WORDS && content >= MIN_CONTENT_WORDS && state.untrustedShingles.firstOwner(ids, from) >= 0
                    && !state.trustedShingles.contains(ids, from)) {
                return from;
            }
        }
        return -1;
    }

    private static boolean isContentWord(String word) {
        return word.length() >= 3 && !FUNCTION_WORDS.contains(word);
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
