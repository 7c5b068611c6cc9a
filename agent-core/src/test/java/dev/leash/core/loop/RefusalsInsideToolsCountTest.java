package dev.leash.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Observation.Status;
import dev.leash.api.plan.Step;
import dev.leash.api.policy.Decision;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolRefusal;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.exec.Redactor;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A refusal that happens while a tool runs counts toward the run's threshold like any other. */
class RefusalsInsideToolsCountTest {

    private final InMemoryAuditSink audit = new InMemoryAuditSink();

    /** Refuses every address at run time, as http_get does after resolving a private address. */
    static final class SsrfRefusingGet implements Tool {
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public ToolSpec spec() {
            return ToolSpec.of("http_get", "GET a URL", Impact.READ);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            attempts.incrementAndGet();
            throw new ToolRefusal("http_get", "http.non-public-address",
                    "http_get refused: the host resolves to a private address (169.254.169.254)") { };
        }
    }

    static final class Post implements Tool {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public ToolSpec spec() {
            return ToolSpec.of("http_post", "POST a body", Impact.WRITE);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            runs.incrementAndGet();
            return ToolResult.trusted("posted");
        }
    }

    private RunResult play(SsrfRefusingGet get, Post post, int threshold) {
        GuardedExecutor executor = GuardedExecutor.builder().registry(ToolRegistry.of(get, post))
                .policies(PolicyChain.of(call -> Optional.of(Decision.allow("test.allow", "allowed"))))
                .audit(audit)
                .settings(GuardedExecutor.Settings.defaults().withMaxDenials(threshold))
                .build();
        List<Step> script = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            script.add(Step.call(ToolCall.of("http_get", Calls.args())));
        }
        script.add(Step.call(ToolCall.of("http_post", Calls.args())));
        script.add(Step.finish("done"));
        return new AgentLoop(ScriptedPlanner.factory(script), executor, audit, SafetyLevel.LEVEL_2,
                LoopSettings.defaults(), Redactor.none()).run(RunRequest.of("fetch the pages", "ana"));
    }

    @Test
    void sixRefusalsInsideTheToolEndTheRunBeforeThePost() {
        SsrfRefusingGet get = new SsrfRefusingGet();
        Post post = new Post();

        RunResult result = play(get, post, 3);

        assertThat(result.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);
        assertThat(post.runs).hasValue(0);
        assertThat(get.attempts).hasValue(3);
        assertThat(result.turns().get(0).observations()).extracting(Observation::status).containsExactly(Status.DENIED);
        assertThat(result.turns().get(0).observations().get(0).content()).contains("private address");
        assertThat(audit.events(AuditEvent.Incident.class)).extracting(AuditEvent.Incident::rule)
                .containsExactly("persistence.max_denials");
        assertThat(audit.events(AuditEvent.CallDecided.class)).anySatisfy(d -> {
            assertThat(d.stage()).isEqualTo("execute");
            assertThat(d.rule()).isEqualTo("http.non-public-address");
        });
    }

    @Test
    void belowTheThresholdTheRunGoesOnAndThePostRuns() {
        SsrfRefusingGet get = new SsrfRefusingGet();
        Post post = new Post();

        RunResult result = play(get, post, 10);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(get.attempts).hasValue(6);
        assertThat(post.runs).hasValue(1);
    }

    /** Arguments helper. */
    static final class Calls {
        static com.fasterxml.jackson.databind.node.ObjectNode args() {
            return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        }
    }
}
