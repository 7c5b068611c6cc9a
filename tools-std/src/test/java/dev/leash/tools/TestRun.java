package dev.leash.tools;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.RunContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A minimal {@link RunContext} for driving the guarded executor in tests. */
final class TestRun implements RunContext {

    private final List<Observation> observations = new ArrayList<>();
    private int denials;
    private int approvals;
    private int granted;
    private Termination termination;

    @Override
    public String runId() {
        return "run-1";
    }

    @Override
    public String principal() {
        return "alex@novastar.example";
    }

    @Override
    public String session() {
        return "session-1";
    }

    @Override
    public String goal() {
        return "test";
    }

    @Override
    public SafetyLevel level() {
        return SafetyLevel.LEVEL_2;
    }

    @Override
    public Instant deadline() {
        return Instant.now().plusSeconds(60);
    }

    @Override
    public synchronized List<Observation> observations() {
        return List.copyOf(observations);
    }

    synchronized void observe(Observation observation) {
        observations.add(observation);
    }

    @Override
    public synchronized int denials() {
        return denials;
    }

    @Override
    public synchronized int recordDenial() {
        return ++denials;
    }

    @Override
    public synchronized void recordApproval(boolean grant) {
        approvals++;
        if (grant) {
            granted++;
        }
    }

    @Override
    public synchronized int approvalsRequested() {
        return approvals;
    }

    @Override
    public synchronized int approvalsGranted() {
        return granted;
    }

    @Override
    public synchronized void terminate(String rule, String reason) {
        termination = new Termination(rule, reason);
    }

    @Override
    public synchronized Optional<Termination> termination() {
        return Optional.ofNullable(termination);
    }
}
