package dev.leash.core.loop;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Budgets of one run. Immutable.
 *
 * @param maxSteps turns a run may take (default 25)
 * @param wallClock how long a run may take, planner calls included (default 10 minutes)
 * @param maxTokensPerRun model tokens a run may use; empty for no limit (default)
 * @param systemPrompt the system prompt given to model planners, hashed into the audit log
 */
public record LoopSettings(int maxSteps, Duration wallClock, OptionalLong maxTokensPerRun, String systemPrompt) {

    public LoopSettings {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1: " + maxSteps);
        }
        requireNonNull(wallClock, "wallClock is null");
        if (wallClock.isNegative() || wallClock.isZero()) {
            throw new IllegalArgumentException("wallClock must be positive: " + wallClock);
        }
        requireNonNull(maxTokensPerRun, "maxTokensPerRun is null");
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
    }

    public static LoopSettings defaults() {
        return new LoopSettings(25, Duration.ofMinutes(10), OptionalLong.empty(), "");
    }

    public LoopSettings withMaxSteps(int steps) {
        return new LoopSettings(steps, wallClock, maxTokensPerRun, systemPrompt);
    }

    public LoopSettings withWallClock(Duration duration) {
        return new LoopSettings(maxSteps, duration, maxTokensPerRun, systemPrompt);
    }

    public LoopSettings withMaxTokensPerRun(long tokens) {
        return new LoopSettings(maxSteps, wallClock, OptionalLong.of(tokens), systemPrompt);
    }

    public LoopSettings withSystemPrompt(String prompt) {
        return new LoopSettings(maxSteps, wallClock, maxTokensPerRun, prompt);
    }
}
