package dev.leash.api.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

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

    /**
     * The call must not run.
     *
     * @param evidence the untrusted sources and matching text behind the denial, when a guard has them
     */
    record Deny(String rule, String reason, List<Evidence> evidence) implements Decision {
        public Deny {
            requireNonNull(rule, "rule is null");
            requireNonNull(reason, "reason is null");
            evidence = List.copyOf(requireNonNull(evidence, "evidence is null"));
        }

        public Deny(String rule, String reason) {
            this(rule, reason, List.of());
        }
    }

    /**
     * The call may run only with a human's approval.
     *
     * @param rule the rules that asked, joined by {@code +} in chain order
     * @param reason the reasons' texts joined by {@code "; "}
     * @param reasons every rule that asked, with its own reason and evidence, in chain order
     */
    record RequireApproval(String rule, String reason, List<Reason> reasons) implements Decision {
        public RequireApproval {
            requireNonNull(rule, "rule is null");
            requireNonNull(reason, "reason is null");
            reasons = List.copyOf(requireNonNull(reasons, "reasons is null"));
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("an approval decision needs at least one reason");
            }
        }

        public RequireApproval(String rule, String reason) {
            this(rule, reason, List.of(Reason.of(rule, reason)));
        }

        /** One rule asking, with its evidence. */
        public static RequireApproval of(Reason reason) {
            return new RequireApproval(reason.rule(), reason.text(), List.of(reason));
        }

        /** Several rules asking, combined: rules joined by {@code +}, texts by {@code "; "}. */
        public static RequireApproval combining(List<Reason> reasons) {
            if (reasons.size() == 1) {
                return of(reasons.get(0));
            }
            String rule = reasons.stream().map(Reason::rule).distinct().collect(Collectors.joining("+"));
            String text = reasons.stream().map(Reason::text).distinct().collect(Collectors.joining("; "));
            return new RequireApproval(rule, text, reasons);
        }

        /** True when any reason is a risk flag (not the impact gate alone). */
        public boolean flagged() {
            return reasons.stream().anyMatch(Reason::isRiskFlag);
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

    static Decision deny(String rule, String reason, List<Evidence> evidence) {
        return new Deny(rule, reason, evidence);
    }

    static Decision requireApproval(String rule, String reason, List<Evidence> evidence) {
        return RequireApproval.of(Reason.of(rule, reason, evidence));
    }

    /** {@code allow}, {@code deny} or {@code require_approval}, for logs and reports. */
    default String kind() {
        if (this instanceof Allow) {
            return "allow";
        }
        return this instanceof Deny ? "deny" : "require_approval";
    }
}
