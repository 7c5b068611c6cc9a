package dev.leash.tiers.approval;

import static java.util.Objects.requireNonNull;

import dev.leash.api.approval.ApprovalGate;
import dev.leash.tiers.config.ApprovalsConfig;
import java.io.InputStream;
import java.io.PrintStream;

/** Makes the approval gate that {@code safety.approvals} names. */
public final class Gates {

    private Gates() {
    }

    /** The default gate: every approval-gated call is denied. */
    public static ApprovalGate deny() {
        return ApprovalGate.denyAll();
    }

    /**
     * The gate of {@code config}: {@code deny}, {@code console} (asking on {@code out}, reading
     * {@code in}) or {@code webhook} (posting to {@code url}), each with the configured timeout.
     */
    public static ApprovalGate fromConfig(ApprovalsConfig config, PrintStream out, InputStream in) {
        requireNonNull(config, "config is null");
        switch (config.gate()) {
            case CONSOLE:
                return new ConsoleGate(out, in, config.timeout());
            case WEBHOOK:
                return new WebhookGate(config.url().orElseThrow(), config.timeout());
            default:
                return deny();
        }
    }
}
