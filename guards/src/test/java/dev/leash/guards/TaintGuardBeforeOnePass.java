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
import dev.leash.guards.internal.WordsBySplit;
import dev.leash.guards.internal.Views;
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
 * The taint guard as it was before it read outbound text in one pass: words split with a regular
 * expression ({@link WordsBySplit}), the content words of every fragment counted again at every
 * position, shell quotes removed with a regular expression, every view of a call's text worked out
 * for the tainted values. Kept unchanged as the oracle of {@link TaintGuardOnePassTest}, which
 * checks that {@link TaintGuard} decides exactly as this does.
 */
final class TaintGuardBeforeOnePass implements Policy {

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

    TaintGuardBeforeOnePass() {
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        if (call.impact() == Impact.READ) {
            return Optional.empty();
        }
        RunState state = stateOf(call.run());
        synchronized (state) {
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
        for (OutboundContent.Part part : call.outbound().parts()) {
            // The part as written and as a shell or a JSON parser would read it: escapes undone
            // (https:\/\/evil), quotes that split a word joined ('https://ev''il.example').
            for (String view : views(part.text())) {
                List<String> words = WordsBySplit.words(view);
                int[] ids = state.words.known(words);
                for (int i = 0; i + FRAGMENT_WORDS <= words.size(); i++) {
                    Observation from = taintedSource(words, ids, i, state);
                    if (from != null) {
                        String shingle = String.join(" ", words.subList(i, i + FRAGMENT_WORDS));
                        if (reported.add(part.label() + "|fragment")) {
                            findings.add(part.label() + " copies \"" + shingle + "...\" from " + describe(from));
                            evidence.add(evidence(state, from, shingle));
                            sources.addAll(sourcesOf(from));
                        }
                        break;
                    }
                }
                if (state.tainted.isEmpty()) {
                    continue;
                }
                for (TaintedValues.Entry<Observation> e : state.tainted.in(view, TextValues.of(view))) {
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
        collectValues("", call.call().arguments(), values);
        for (String[] field : values) {
            for (String view : views(field[1])) {
                String value = view.strip();
                String key = value.toLowerCase(java.util.Locale.ROOT);
                if (!meaningful(value)) {
                    continue;
                }
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
    private static Evidence evidence(RunState state, Observation from, String matched) {
        int index = state.index.getOrDefault(from, 0);
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
        final Map<Observation, Integer> index = new HashMap<>();
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
        String goal;
        String principal;
        boolean started;
        int seen;
        Observation last;

        void catchUp(RunContext run) {
            List<Observation> observations = run.observations();
            if (!started || !java.util.Objects.equals(goal, run.goal()) || !java.util.Objects.equals(principal, run.principal())
                    || observations.size() < seen || seen > 0 && observations.get(seen - 1) != last) {
                reset(run);
            }
            for (int i = seen; i < observations.size(); i++) {
                Observation o = observations.get(i);
                index.putIfAbsent(o, i + 1);
                String sources = String.join("\n", o.provenance().sources()) + "\n";
                tainted.append(retrievalSources, sources);
                sourceTokens.addAll(TextValues.tokens(sources));
                if (!o.isOk()) {
                    continue;
                }
                if (o.provenance().isUntrusted()) {
                    untrusted.add(o);
                    int owner = untrusted.size() - 1;
                    untrustedShingles.add(WordsBySplit.words(o.content()), owner);
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
                    trustedShingles.add(WordsBySplit.words(o.content()), 0);
                }
            }
            seen = observations.size();
            last = seen == 0 ? null : observations.get(seen - 1);
        }

        private void reset(RunContext run) {
            untrusted.clear();
            index.clear();
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
            trustedShingles.add(WordsBySplit.words(goalAndPrincipal), 0);
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
     * The first untrusted observation that holds the fragment {@code words[from, from + 8)} (word
     * numbers {@code ids}), when the fragment is substantial and appears in nothing trusted (the
     * goal, the principal, trusted results); else null.
     */
    private static Observation taintedSource(List<String> words, int[] ids, int from, RunState state) {
        if (contentWords(words, from) < MIN_CONTENT_WORDS) {
            return null;
        }
        if (state.trustedShingles.contains(ids, from)) {
            return null;
        }
        int owner = state.untrustedShingles.firstOwner(ids, from);
        return owner < 0 ? null : state.untrusted.get(owner);
    }

    private static int contentWords(List<String> words, int from) {
        int n = 0;
        for (int i = from; i < from + FRAGMENT_WORDS; i++) {
            String w = words.get(i);
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
        return "taint-guard-before-one-pass";
    }
}
