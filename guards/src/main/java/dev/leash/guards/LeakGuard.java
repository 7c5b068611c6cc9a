package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.OutboundContent;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Denies, at every level and whatever the impact, any call whose outgoing content holds a secret
 * ({@link GuardRules#LEAK_SECRET}) or a canary token ({@link GuardRules#LEAK_CANARY}), in any
 * encoding {@link LeakDetector} recognises. Outgoing content is every
 * {@link OutboundContent.Part} of the call (arguments and whatever the tool adds, such as the
 * attachments of a forwarded mail), plus the raw arguments, plus all parts joined (a secret split
 * across two arguments).
 *
 * <p>It is a deny, so in a {@code PolicyChain} it wins over any require-approval: the human is
 * never asked to approve a leak. The reason names the part and the secret's label and encoding,
 * never the value. Stateless and thread-safe.
 */
public final class LeakGuard implements Policy {

    private final LeakDetector detector;

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
        // One scan over everything the call would send (each part, and the arguments as JSON)
        // finds a secret anywhere, also one split across parts; the usual case, no secret, costs
        // that one scan. Only when something is found are the parts scanned one by one, to say
        // where it was.
        StringBuilder all = new StringBuilder();
        for (OutboundContent.Part part : call.outbound().parts()) {
            all.append(part.text()).append('\n');
        }
        all.append(call.call().argumentsJson());
        Optional<LeakDetector.Finding> anywhere = detector.find(all.toString());
        if (anywhere.isEmpty()) {
            return Optional.empty();
        }
        for (OutboundContent.Part part : call.outbound().parts()) {
            Optional<LeakDetector.Finding> found = detector.find(part.text());
            if (found.isPresent()) {
                return Optional.of(deny(call, part.label(), found.get()));
            }
        }
        Optional<LeakDetector.Finding> inArguments = detector.find(call.call().argumentsJson());
        if (inArguments.isPresent()) {
            return Optional.of(deny(call, "the arguments", inArguments.get()));
        }
        return Optional.of(deny(call, "the outgoing content, split across parts", anywhere.get()));
    }

    private static Decision deny(ProposedCall call, String where, LeakDetector.Finding finding) {
        Secret secret = finding.secret();
        if (secret.isCanary()) {
            return Decision.deny(GuardRules.LEAK_CANARY, call.tool() + " was not run: " + where
                    + " holds the confidential deployment key from the system prompt (" + finding.encoding()
                    + "); it must never leave the deployment, in any form");
        }
        return Decision.deny(GuardRules.LEAK_SECRET, call.tool() + " was not run: " + where
                + " holds a protected secret (" + secret.label() + ", written " + finding.encoding()
                + "); secrets must never leave the deployment, in any form");
    }

    @Override
    public String name() {
        return "leak-guard";
    }
}
