package dev.leash.api.run;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/**
 * A task for an agent.
 *
 * @param goal what to do, in the principal's words
 * @param principal who the agent acts for (budgets and audit records are kept per principal)
 * @param session a session id grouping runs of one conversation; generated if absent
 */
public record RunRequest(String goal, String principal, String session) {

    public RunRequest {
        requireNonNull(goal, "goal is null");
        requireNonNull(principal, "principal is null");
        if (principal.isBlank()) {
            throw new IllegalArgumentException("principal is blank");
        }
        session = session == null || session.isBlank() ? "session-" + UUID.randomUUID() : session;
    }

    public static RunRequest of(String goal, String principal) {
        return new RunRequest(goal, principal, null);
    }
}
