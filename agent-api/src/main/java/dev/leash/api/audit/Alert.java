package dev.leash.api.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A notice for the people watching a deployment (Level 3 raises one on every denial and
 * approval).
 *
 * @param kind {@code denial}, {@code approval}, {@code incident}
 * @param runId the run
 * @param tool the tool concerned, or empty
 * @param rule the rule that fired
 * @param message a one-line summary
 */
public record Alert(Instant at, String kind, String runId, String tool, String rule, String message) {
    public Alert {
        requireNonNull(at, "at is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(runId, "runId is null");
        tool = tool == null ? "" : tool;
        rule = rule == null ? "" : rule;
        requireNonNull(message, "message is null");
    }
}
