package dev.leash.api.plan;

import dev.leash.api.run.RunRequest;

/** Makes a fresh {@link Planner} for each run. Implementations must be thread-safe. */
@FunctionalInterface
public interface PlannerFactory {
    Planner create(RunRequest request);
}
