package dev.leash.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.ToolCall;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.core.tool.ToolRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The kill switch as the executor obeys it. */
class StopCheckTest {

    private final InMemoryAuditSink audit = new InMemoryAuditSink();
    private final GuardedExecutorTest.Refining tool = new GuardedExecutorTest.Refining();

    private static RunContext run() {
        return new DefaultRunContext("run-stop", "tester", "s", "goal", SafetyLevel.LEVEL_2, Instant.now().plusSeconds(60));
    }

    private GuardedExecutor executor(StopCheck stops, CallLimiter limiter) {
        return GuardedExecutor.builder()
                .registry(ToolRegistry.of(tool))
                .policies(PolicyChain.of(call -> Optional.of(Decision.allow("t", "t"))))
                .limiter(limiter)
                .stops(stops)
                .audit(audit)
                .build();
    }

    @Test
    void aStoppedRunsCallDoesNotRunAndTheRunEndsWithAnIncidentNamingWhoStoppedIt() {
        RunContext run = run();
        StopCheck stops = r -> Optional.of(new StopCheck.Stop("kill-switch.agent", "ops@shop.example", "refunds look wrong"));
        Observation observation = executor(stops, CallLimiter.unlimited()).execute(ToolCall.of("db", null), run);

        assertThat(observation.status()).isEqualTo(Observation.Status.DENIED);
        assertThat(tool.ran).isEmpty();
        assertThat(run.termination()).get().satisfies(t -> {
            assertThat(t.rule()).isEqualTo("kill-switch.agent");
            assertThat(t.reason()).contains("ops@shop.example").contains("refunds look wrong");
        });
        assertThat(audit.events()).filteredOn(AuditEvent.Incident.class::isInstance).singleElement()
                .satisfies(e -> {
                    AuditEvent.Incident incident = (AuditEvent.Incident) e;
                    assertThat(incident.kind()).isEqualTo("kill_switch");
                    assertThat(incident.detail()).contains("ops@shop.example");
                });
    }

    @Test
    void aStopThatArrivesWhileTheCallIsCheckedStopsItBeforeItRunsAndGivesItsBudgetBack() {
        AtomicInteger asked = new AtomicInteger();
        AtomicBoolean released = new AtomicBoolean();
        // Open when the call arrives, stopped when it is about to run.
        StopCheck stops = r -> asked.incrementAndGet() == 1 ? Optional.empty()
                : Optional.of(new StopCheck.Stop("kill-switch.run", "ops", "stop now"));
        CallLimiter limiter = new CallLimiter() {
            @Override
            public Optional<Decision.Deny> admit(dev.leash.api.policy.ProposedCall call) {
                return Optional.empty();
            }

            @Override
            public void release(dev.leash.api.policy.ProposedCall call) {
                released.set(true);
            }
        };
        RunContext run = run();
        Observation observation = executor(stops, limiter).execute(ToolCall.of("db", null), run);

        assertThat(observation.status()).isEqualTo(Observation.Status.DENIED);
        assertThat(tool.ran).isEmpty();
        assertThat(released).isTrue();
        assertThat(run.termination()).isPresent();
    }

    @Test
    void aKillSwitchThatFailsDeniesTheCall() {
        RunContext run = run();
        StopCheck broken = r -> {
            throw new IllegalStateException("store down");
        };
        Observation observation = executor(broken, CallLimiter.unlimited()).execute(ToolCall.of("db", null), run);
        assertThat(observation.status()).isEqualTo(Observation.Status.DENIED);
        assertThat(tool.ran).isEmpty();
        assertThat(run.termination()).get().satisfies(t -> assertThat(t.rule()).isEqualTo("kill-switch.error"));
    }

    @Test
    void withoutAKillSwitchCallsRun() {
        Observation observation = executor(StopCheck.none(), CallLimiter.unlimited()).execute(ToolCall.of("db", null), run());
        assertThat(observation.status()).isEqualTo(Observation.Status.OK);
        assertThat(tool.ran).hasSize(1);
    }
}
