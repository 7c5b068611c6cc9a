package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.guards.internal.CallViews;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Denies, at every level and whatever the impact, any call whose outgoing content holds a secret
 * ({@link GuardRules#LEAK_SECRET}) or a canary token ({@link GuardRules#LEAK_CANARY}), in any
 * form {@link LeakDetector} recognises, whole or assembled from pieces.
 *
 * <p>Outgoing content is every {@link OutboundContent.Part} of the call (arguments and whatever
 * the tool adds, such as the attachments of a forwarded mail) and the raw arguments, decoded once
 * for all guards. <b>Across calls</b>: the guard keeps, per run and per destination (each target
 * of the call: an HTTP host's domain, a recipient's domain, a path, a table, a custom target;
 * the tool when the call names none), which characters of which secret have gone there. The call whose
 * pieces would complete a secret at one destination is denied; the smallest piece counted is a
 * token of {@value LeakDetector#MIN_TOKEN_PIECE} characters (a query value, a path segment) or a
 * stretch of {@value LeakDetector#MIN_PIECE} folded characters anywhere in a text. The stretches
 * of {@value LeakDetector#MIN_PIECE} or more also add up over all destinations of the run: a
 * secret cut in two halves sent to two domains an attacker holds (or to a host and a mail
 * recipient, or a file) is denied when the second half is sent. Short tokens add up only per
 * destination: two-letter values spread over many hosts would complete a secret by chance. Pieces are
 * remembered when the guard lets a call pass (a call another rule then stops counts as sent:
 * when in doubt, assume it went out). A run's record goes with its {@link RunContext}.
 *
 * <p>A deny wins in a {@code PolicyChain} over any require-approval: no human is asked to approve
 * a leak. The reason and evidence name the part, the destination, the secret's label and
 * encoding, never the value. Thread-safe.
 */
public final class LeakGuard implements Policy {

    private static final Object RECIPIENT = Target.recipient("someone@example.com").kind();
    private static final Object HOST = Target.host("example.com").kind();
    /**
     * The record, per run, of the long pieces that went to any destination: no destination's
     * name, which is a target's kind and value joined by a space, starts with a NUL.
     */
    private static final String ANYWHERE = "\u0000anywhere";

    private final LeakDetector detector;
    private final Map<RunContext, Map<String, Map<Secret, BitSet>>> sent = new WeakHashMap<>();

    @Inject
    public LeakGuard(LeakDetector detector) {
        this.detector = requireNonNull(detector, "detector is null");
    }

    /** A guard over {@code registry}. */
    public LeakGuard(SecretRegistry registry) {
        this(new LeakDetector(registry));
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        if (detector.registry().isEmpty()) {
            return Optional.empty();
        }
        LeakDetector.Scan scan = detector.scan(CallViews.of(call));
        Optional<LeakDetector.Finding> whole = scan.complete();
        if (whole.isPresent()) {
            return Optional.of(deny(call, where(call, whole.get().secret()), whole.get(), null));
        }
        if (scan.pieces().isEmpty()) {
            return Optional.empty();
        }
        List<String> destinations = destinations(call);
        Map<Integer, BitSet> longPieces = scan.longPieces();
        synchronized (sent) {
            Map<String, Map<Secret, BitSet>> byDestination = sent.computeIfAbsent(call.run(), r -> new HashMap<>());
            for (String destination : destinations) {
                Optional<Decision> completed = completes(call, scan, scan.pieces(), byDestination.get(destination), destination);
                if (completed.isPresent()) {
                    return completed;
                }
            }
            Map<Secret, BitSet> anywhere = byDestination.get(ANYWHERE);
            if (!longPieces.isEmpty() && anywhere != null) {
                Optional<Decision> completed = completes(call, scan, longPieces, anywhere,
                        "several destinations (" + String.join(", ", receivers(byDestination, destinations, scan, longPieces)) + ")");
                if (completed.isPresent()) {
                    return completed;
                }
            }
            for (String destination : destinations) {
                record(byDestination, destination, scan, scan.pieces());
            }
            if (!longPieces.isEmpty()) {
                record(byDestination, ANYWHERE, scan, longPieces);
            }
        }
        return Optional.empty();
    }

    /**
     * The deny when {@code pieces} with what went to {@code destination} before ({@code before},
     * null if nothing) cover a secret; empty otherwise. A secret only this call's pieces cover
     * whole is {@link LeakDetector.Scan#complete}'s, reported before.
     */
    private static Optional<Decision> completes(ProposedCall call, LeakDetector.Scan scan, Map<Integer, BitSet> pieces,
                                                Map<Secret, BitSet> before, String destination) {
        if (before == null) {
            return Optional.empty();
        }
        for (Map.Entry<Integer, BitSet> piece : pieces.entrySet()) {
            Secret secret = scan.secret(piece.getKey());
            BitSet earlier = before.get(secret);
            if (earlier == null) {
                continue;
            }
            BitSet union = (BitSet) piece.getValue().clone();
            union.or(earlier);
            if (union.cardinality() >= scan.length(piece.getKey())) {
                return Optional.of(deny(call, "this call's content",
                        new LeakDetector.Finding(secret, "in pieces: " + scan.encoding(piece.getKey())), destination));
            }
        }
        return Optional.empty();
    }

    private static void record(Map<String, Map<Secret, BitSet>> byDestination, String destination, LeakDetector.Scan scan,
                               Map<Integer, BitSet> pieces) {
        Map<Secret, BitSet> record = byDestination.computeIfAbsent(destination, d -> new HashMap<>());
        for (Map.Entry<Integer, BitSet> piece : pieces.entrySet()) {
            record.computeIfAbsent(scan.secret(piece.getKey()), s -> new BitSet()).or(piece.getValue());
        }
    }

    /** The destinations that pieces of these secrets went to before, then those of this call, for the reason. */
    private static List<String> receivers(Map<String, Map<Secret, BitSet>> byDestination, List<String> destinations,
                                          LeakDetector.Scan scan, Map<Integer, BitSet> pieces) {
        Set<String> all = new java.util.TreeSet<>();
        byDestination.forEach((destination, record) -> {
            if (!ANYWHERE.equals(destination) && pieces.keySet().stream().anyMatch(k -> record.containsKey(scan.secret(k)))) {
                all.add(destination);
            }
        });
        Set<String> out = new LinkedHashSet<>(all);
        out.addAll(destinations);
        return new ArrayList<>(out);
    }

    /** Which part holds the secret, for the reason; scanned only once something was found. */
    private String where(ProposedCall call, Secret secret) {
        for (OutboundContent.Part part : call.outbound().parts()) {
            Optional<LeakDetector.Finding> found = detector.find(part.text());
            if (found.isPresent() && found.get().secret().equals(secret)) {
                return part.label();
            }
        }
        return "the outgoing content, split across parts";
    }

    /** Where a call's content goes: each of its targets, or the tool itself. */
    static List<String> destinations(ProposedCall call) {
        Set<String> out = new LinkedHashSet<>();
        for (Target target : call.targets()) {
            String value = target.value().toLowerCase(Locale.ROOT).strip();
            if (RECIPIENT.equals(target.kind()) && value.lastIndexOf('@') >= 0) {
                value = value.substring(value.lastIndexOf('@') + 1);
            } else if (HOST.equals(target.kind())) {
                value = domainOf(value);
            }
            out.add(String.valueOf(target.kind()).toLowerCase(Locale.ROOT) + " " + value);
        }
        if (out.isEmpty()) {
            out.add("tool " + call.tool());
        }
        return new ArrayList<>(out);
    }

    /**
     * A host's last two labels ({@code a.b.evil.example} is {@code evil.example}): pieces sent to
     * ever-new subdomains of one domain (DNS-style exfiltration) add up. Coarser than the public
     * suffix list for names like {@code co.uk}, which only makes the guard stricter. IP addresses
     * are kept whole.
     */
    static String domainOf(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.indexOf(':') >= 0 || h.matches("[0-9.]+")) {
            return h;
        }
        int last = h.lastIndexOf('.');
        int second = last > 0 ? h.lastIndexOf('.', last - 1) : -1;
        return second >= 0 ? h.substring(second + 1) : h;
    }

    private static Decision deny(ProposedCall call, String where, LeakDetector.Finding finding, String destination) {
        Secret secret = finding.secret();
        String assembled = destination == null ? ""
                : " (with pieces sent to " + destination + " by earlier calls of this run, it completes the secret)";
        Evidence evidence = Evidence.of("outbound " + (destination == null ? "content of " + call.tool() : destination),
                where + ": " + (secret.isCanary() ? "the canary" : secret.label()) + ", written " + finding.encoding());
        if (secret.isCanary()) {
            return Decision.deny(GuardRules.LEAK_CANARY, call.tool() + " was not run: " + where
                    + " holds the confidential deployment key from the system prompt (" + finding.encoding() + ")"
                    + assembled + "; it must never leave the deployment, in any form", List.of(evidence));
        }
        return Decision.deny(GuardRules.LEAK_SECRET, call.tool() + " was not run: " + where
                + " holds a protected secret (" + secret.label() + ", written " + finding.encoding() + ")"
                + assembled + "; secrets must never leave the deployment, in any form", List.of(evidence));
    }

    @Override
    public String name() {
        return "leak-guard";
    }
}
