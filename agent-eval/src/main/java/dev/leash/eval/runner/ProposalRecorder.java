package dev.leash.eval.runner;

import static java.util.Objects.requireNonNull;

import dev.leash.api.plan.Planner;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.PlannerState;
import dev.leash.api.plan.Step;
import dev.leash.api.run.RunRequest;
import dev.leash.api.tool.ToolCall;
import dev.leash.eval.effects.Proposals;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps the planner factory of one run and keeps every step its planners propose, before the
 * executor sees them. Thread-safe (the loop may plan on one thread while the harness reads on another).
 */
final class ProposalRecorder implements PlannerFactory {

    private final PlannerFactory delegate;
    private final List<ToolCall> calls = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();
    private int planners;

    ProposalRecorder(PlannerFactory delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    @Override
    public Planner create(RunRequest request) {
        Planner planner = delegate.create(request);
        synchronized (this) {
            planners++;
        }
        return new Planner() {
            @Override
            public Step next(PlannerState state) {
                Step step = planner.next(state);
                record(step);
                return step;
            }

            @Override
            public String checkpoint() {
                return planner.checkpoint();
            }

            @Override
            public void restore(String checkpoint) {
                planner.restore(checkpoint);
            }

            @Override
            public Usage usage() {
                return planner.usage();
            }
        };
    }

    private synchronized void record(Step step) {
        if (step instanceof Step.CallTools callTools) {
            calls.addAll(callTools.calls());
        } else if (step instanceof Step.Finish finish) {
            answers.add(finish.answer());
        } else if (step instanceof Step.Escalate escalate) {
            answers.add(escalate.reason());
        }
    }

    /** Whether any planner was made through this factory (an assembly may ignore the planner it is given). */
    synchronized boolean used() {
        return planners > 0;
    }

    synchronized Proposals proposals() {
        return new Proposals(calls, answers);
    }
}
