package dev.leash.eval.runner;

import dev.leash.eval.report.ScenarioResult;

/** Hears about progress while the runner plays; for progress lines. Called by one worker at a time. */
public interface RunListener {

    /** A run is about to start: the {@code index}-th (1-based) of {@code total}. */
    default void starting(String scenario, int level, int index, int total) {
    }

    /** A run finished; {@code finished} runs of {@code total} are done. */
    default void finished(ScenarioResult result, int finished, int total) {
    }

    static RunListener none() {
        return new RunListener() { };
    }
}
