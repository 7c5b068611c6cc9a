package dev.leash.core.loop;

import dev.leash.api.plan.Step;
import dev.leash.api.run.RunContext;

/**
 * Looks at each step a planner proposes, before any of its calls runs: the text a model writes
 * beside its calls, its final answer, its reason to escalate. An inspector may record incidents,
 * count a refusal ({@link RunContext#recordDenial()}) and end the run ({@link
 * RunContext#terminate}); the loop then stops with {@code TERMINATED_BY_POLICY} and the step's
 * calls do not run. An inspector that throws ends the run too (fail closed). Thread-safe.
 *
 * <p>Bound with Guice as a {@code Set<StepInspector>} multibinding; the tier modules bind the
 * escalation-signal inspector.
 */
@FunctionalInterface
public interface StepInspector {

    void inspect(Step step, RunContext run);

    /** The text of a step a model wrote: the thought beside calls, the answer, or the reason. */
    static String textOf(Step step) {
        if (step instanceof Step.CallTools calls) {
            return calls.thought();
        }
        if (step instanceof Step.Finish finish) {
            return finish.answer();
        }
        return ((Step.Escalate) step).reason();
    }
}
