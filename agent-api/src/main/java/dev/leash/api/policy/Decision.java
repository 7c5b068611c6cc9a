package dev.leash.api.policy;

import static java.util.Objects.requireNonNull;

/**
 * A policy's verdict on one call, with the rule that made it and a reason for people (and the
 * model). Deny beats require-approval beats allow when several policies speak.
 */
public sealed interface Decision permits Decision.Allow, Decision.Deny, Decision.RequireApproval {

    /** The rule that fired, e.g. {@code impact-gate}, {@code allowlist.email_domains}. */
    String rule();

    /** Why, in words a reviewer and the model can act on. */
    String reason();

    record Allow(String rule, String reason) implements Decision {
        public Allow {
            requireNonNull(rule, "rule is null");
            requireNonNull(reason, "reason is null");
        }
    }

    record Deny(String rule, String reason) implements Decision {
        public Deny {
            requireNonNull(rule, "rule is null");
            requireNonNull(reason, "reason is null");
        }
    }

    record RequireApproval(String rule, String reason) implements Decision {
        public RequireApproval {
            requireNonNull(rule, "rule is null");
            requireNonNull(reason, "reason is null");
        }
    }

    static Decision allow(String rule, String reason) {
        return new Allow(rule, reason);
    }

    static Decision deny(String rule, String reason) {
        return new Deny(rule, reason);
    }

    static Decision requireApproval(String rule, String reason) {
        return new RequireApproval(rule, reason);
    }

    /** {@code allow}, {@code deny} or {@code require_approval}, for logs and reports. */
    default String kind() {
        if (this instanceof Allow) {
            return "allow";
        }
        return this instanceof Deny ? "deny" : "require_approval";
    }
}
