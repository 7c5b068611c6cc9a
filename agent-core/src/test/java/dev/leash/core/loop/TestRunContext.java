package dev.leash.core.loop;

import dev.leash.api.SafetyLevel;
import java.time.Instant;

/** A run context for executor tests. */
public final class TestRunContext {
    private TestRunContext() {
    }

    public static dev.leash.api.run.RunContext create(SafetyLevel level, Instant deadline) {
        return new DefaultRunContext("run-test", "tester", "session-test", "test goal", level, deadline);
    }
}
