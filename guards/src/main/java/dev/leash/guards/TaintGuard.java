package dev.leash.guards;

import dev.leash.api.plan.Observation;
import dev.leash.guards.internal.PerObservation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.guards.internal.TextValues;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 *       citing the page that was fetched, is not content flowing from it).
 * </ul>
 *
 * <p>READ calls are left to other guards. The guard speaks at every level; at Level 1 the impact
 * gate's deny wins anyway. Stateless (it reads the run's observations) and thread-safe.
 */
public final class TaintGuard implements Policy {

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

    @Inject
    public TaintGuard() {
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
        // What each observation holds (its 8-word fragments, its decisive values) is worked out once
        // per observation and remembered: a call late in a long run compares against all of them.
        Set<String> goalShingles = shingles(TextValues.words(call.run().goal() + "\n" + call.run().principal()));
        List<Set<String>> trustedShingles = new ArrayList<>();
        trustedShingles.add(goalShingles);
        for (Observation o : observations) {
            if (o.isOk() && !o.provenance().isUntrusted()) {
                trustedShingles.add(analysis.of(o).shingles());
            }
        }
        TextValues trustedValues = TextValues.of(trustedText.toString());

        StringBuilder sourcesText = new StringBuilder();
        for (Observation o : observations) {
            sourcesText.append(String.join("\n", o.provenance().sources())).append('\n');
        }
        TextValues retrievalSources = TextValues.of(sourcesText.toString());

        Map<TextValues.Value, Observation> taintedValues = new LinkedHashMap<>();
        for (Observation o : untrusted) {
            for (TextValues.Value v : analysis.of(o).values()) {
                if (!taintedValues.containsKey(v) && !trustedValues.contains(v) && !retrievalSources.contains(v)) {
                    taintedValues.put(v, o);
                }
            }
        }

        List<String> findings = new ArrayList<>();
        Set<String> sources = new LinkedHashSet<>();
        for (OutboundContent.Part part : call.outbound().parts()) {
            List<String> words = TextValues.words(part.text());
            for (int i = 0; i + FRAGMENT_WORDS <= words.size(); i++) {
                String shingle = String.join(" ", words.subList(i, i + FRAGMENT_WORDS));
                Observation from = taintedSource(shingle, untrusted, trustedShingles);
                if (from != null) {
                    findings.add(part.label() + " copies \"" + shingle + "...\" from " + describe(from));
                    sources.addAll(sourcesOf(from));
                    break;
                }
            }
            TextValues partValues = TextValues.of(part.text());
            for (Map.Entry<TextValues.Value, Observation> e : taintedValues.entrySet()) {
                boolean amount = e.getKey().kind() == TextValues.Kind.AMOUNT;
                if (amount ? TextValues.isExactly(part.text(), e.getKey()) : partValues.contains(e.getKey())) {
                    findings.add(part.label() + " holds the " + e.getKey().kind().label() + " " + e.getKey().shown()
                            + " from " + describe(e.getValue()));
                    sources.addAll(sourcesOf(e.getValue()));
                }
            }
        }
        if (findings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Decision.requireApproval(GuardRules.TAINT,
                "content from untrusted sources flows into this " + call.impact().label() + " call of " + call.tool()
                        + ": " + String.join("; ", findings) + ". Untrusted sources: " + String.join(", ", sources)
                        + ". A human must check that this is what the principal wants."));
    }

    /** What an observation holds that could be copied into a call. */
    private record Analysis(Set<String> shingles, List<TextValues.Value> values) {
    }

    private final PerObservation<Analysis> analysis = new PerObservation<>(
            o -> new Analysis(shingles(TextValues.words(o.content())), TextValues.extract(o.content())));

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
