package dev.leash.eval.runner;

import dev.leash.eval.report.ScenarioResult;

/** Hears about progress while the runner plays; for progress lines. Called on the runner's thread. */
public interface RunListener {

    /** A run is about to start: the {@code index}-th (1-based) of {@code total}. */
    default void starting(String scenario, int level, int index, int total) {
    }

    /** A run finished. */
    default void finished(ScenarioResult result, int index, int total) {
    }

    static RunListener none() {
        return new RunListener() { };
    }
}
