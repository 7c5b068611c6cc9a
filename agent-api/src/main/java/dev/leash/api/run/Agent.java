package dev.leash.api.run;

/**
 * An agent: give it a task, it runs the loop under its tier and reports how it ended. Never
 * throws for anything a planner or tool does; those become outcomes.
 *
 * <p>Implementations are thread-safe: several runs may proceed at once.
 */
public interface Agent {
    RunResult run(RunRequest request);
}
