package dev.leash.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Observation.Status;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.tool.ToolRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GuardedExecutorTest {

    private final InMemoryAuditSink audit = new InMemoryAuditSink();

    /** A SQL-like tool: declared IRREVERSIBLE, refines per call, and can lie about it. */
    static class Refining implements Tool {
        final List<String> ran = new ArrayList<>();
        final AtomicReference<Optional<Credential>> seen = new AtomicReference<>();
        Impact refined = Impact.READ;

        @Override
        public ToolSpec spec() {
            return ToolSpec.of("db", "database", Impact.WRITE);
        }

        @Override
        public Impact impactOf(ToolCall call) {
            return refined;
        }

        @Override
        public Impact lowestImpact() {
            return Impact.READ;
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            ran.add(call.id());
            seen.set(context.credential("jdbc"));
            return ToolResult.trusted("ok");
        }
    }

    private static RunContext run() {
        return new dev.leash.core.loop.DefaultRunContext("run-test", "tester", "session-test", "test goal", SafetyLevel.LEVEL_2, Instant.now().plusSeconds(60));
    }

    private GuardedExecutor executor(Tool tool, Policy policy) {
        return GuardedExecutor.builder()
                .registry(ToolRegistry.of(tool))
                .policies(PolicyChain.of(policy))
                .audit(audit)
                .credentials((service, impact) -> Optional.of(new Credential(service, impact == Impact.READ ? "reader" : "writer",
                        "pw-" + impact, impact)))
                .build();
    }

    @Test
    void impactAboveTheDeclaredMaximumIsClampedAndRecorded() {
        Refining tool = new Refining();
        tool.refined = Impact.IRREVERSIBLE;
        AtomicReference<Impact> judged = new AtomicReference<>();
        GuardedExecutor executor = executor(tool, call -> {
            judged.set(call.impact());
            return Optional.of(Decision.allow("t", "t"));
        });

        executor.execute(ToolCall.of("db", null), run());

        assertThat(judged.get()).isEqualTo(Impact.WRITE);
        assertThat(audit.events(AuditEvent.Incident.class)).extracting(AuditEvent.Incident::kind)
                .containsExactly("impact_above_declared");
    }

    @Test
    void credentialsAreScopedToTheCallsImpact() {
        Refining tool = new Refining();
        GuardedExecutor executor = executor(tool, call -> Optional.of(Decision.allow("t", "t")));

        executor.execute(ToolCall.of("db", null), run());

        assertThat(tool.seen.get()).get().extracting(Credential::user).isEqualTo("reader");
        assertThat(tool.seen.get().get().toString()).doesNotContain("pw-");
    }

    @Test
    void noPolicyOpinionMeansDenied() {
        Refining tool = new Refining();
        GuardedExecutor executor = executor(tool, call -> Optional.empty());

        Observation observation = executor.execute(ToolCall.of("db", null), run());

        assertThat(observation.status()).isEqualTo(Status.DENIED);
        assertThat(observation.rule()).contains("default-deny");
        assertThat(tool.ran).isEmpty();
    }

    @Test
    void aPolicyThatThrowsDeniesTheCall() {
        Refining tool = new Refining();
        GuardedExecutor executor = executor(tool, call -> {
            throw new IllegalStateException("bug");
        });

        Observation observation = executor.execute(ToolCall.of("db", null), run());

        assertThat(observation.rule()).contains("policy-error");
        assertThat(tool.ran).isEmpty();
    }

    @Test
    void approvalIsBoundToTheExactArguments() {
        Refining tool = new Refining();
        tool.refined = Impact.WRITE;
        GuardedExecutor executor = GuardedExecutor.builder()
                .registry(ToolRegistry.of(tool))
                .policies(PolicyChain.of(call -> Optional.of(Decision.requireApproval("test.approval", "writes need a human"))))
                .audit(audit)
                // A reviewer that approves a different call (hash of other arguments).
                .approvals(request -> new dev.leash.api.approval.ApprovalResult.Approved("mallory",
                        dev.leash.api.approval.CallHash.of(ToolCall.of("db", JsonNodeFactory.instance.objectNode().put("x", 1))),
                        Instant.now(), request.runId(), request.callId(), request.principal()))
                .build();

        Observation observation = executor.execute(ToolCall.of("db", null), run());

        assertThat(observation.status()).isEqualTo(Status.DENIED);
        assertThat(observation.content()).contains("approval was for different arguments");
        assertThat(tool.ran).isEmpty();
        assertThat(audit.events(AuditEvent.ApprovalAnswered.class)).singleElement()
                .satisfies(a -> assertThat(a.reviewer()).isEqualTo("mallory"));
    }

    @Test
    void everyStageIsAudited() {
        Refining tool = new Refining();
        executor(tool, call -> Optional.of(Decision.allow("test.allow", "fine"))).execute(ToolCall.of("db", null), run());

        assertThat(audit.events(AuditEvent.CallDecided.class)).extracting(AuditEvent.CallDecided::stage)
                .containsExactly("impact", "policy");
        assertThat(audit.events(AuditEvent.CallDecided.class).get(1).rule()).isEqualTo("test.allow");
        assertThat(audit.events(AuditEvent.ExecutionStarted.class)).hasSize(1);
        assertThat(audit.events(AuditEvent.ExecutionFinished.class)).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo("OK"));
    }

    @Test
    void toolsAboveTheOfferedImpactAreHiddenAndRefused() {
        Tool send = new Tool() {
            @Override
            public ToolSpec spec() {
                return ToolSpec.of("send", "sends", Impact.IRREVERSIBLE);
            }

            @Override
            public ToolResult execute(ToolCall call, ToolContext context) {
                throw new AssertionError("must not run");
            }
        };
        Refining db = new Refining();
        GuardedExecutor executor = GuardedExecutor.builder()
                .registry(ToolRegistry.of(send, db))
                .policies(PolicyChain.of(call -> Optional.of(Decision.allow("t", "t"))))
                .audit(audit)
                .settings(new GuardedExecutor.Settings(java.time.Duration.ofSeconds(5), 3, Impact.READ, "Level 1"))
                .build();

        assertThat(executor.offeredTools()).extracting(ToolSpec::name).containsExactly("db");
        Observation observation = executor.execute(ToolCall.of("send", null), run());
        assertThat(observation.status()).isEqualTo(Status.DENIED);
        assertThat(observation.content()).contains("not available at Level 1").contains("Available tools: db");
    }

    @Test
    void limitsThatCannotBeCheckedDenyTheCall() {
        Refining tool = new Refining();
        GuardedExecutor executor = GuardedExecutor.builder()
                .registry(ToolRegistry.of(tool))
                .policies(PolicyChain.of(call -> Optional.of(Decision.allow("t", "t"))))
                .limiter(call -> {
                    throw new IllegalStateException("bucket store unreachable");
                })
                .audit(audit)
                .build();

        Observation observation = executor.execute(ToolCall.of("db", null), run());

        assertThat(observation.status()).isEqualTo(Status.DENIED);
        assertThat(observation.rule()).contains("limits-error");
        assertThat(tool.ran).isEmpty();
    }

    @Test
    void aGateThatFailsOrAnswersNothingIsADenial() {
        for (dev.leash.api.approval.ApprovalGate gate : List.<dev.leash.api.approval.ApprovalGate>of(
                request -> {
                    throw new IllegalStateException("reviewer service down");
                },
                request -> null)) {
            Refining tool = new Refining();
            GuardedExecutor executor = GuardedExecutor.builder()
                    .registry(ToolRegistry.of(tool))
                    .policies(PolicyChain.of(call -> Optional.of(Decision.requireApproval("test.approval", "ask"))))
                    .approvals(gate)
                    .audit(audit)
                    .build();

            Observation observation = executor.execute(ToolCall.of("db", null), run());

            assertThat(observation.status()).isEqualTo(Status.DENIED);
            assertThat(observation.content()).contains("gate failed");
            assertThat(tool.ran).isEmpty();
        }
        assertThat(audit.events(AuditEvent.ApprovalAnswered.class)).extracting(AuditEvent.ApprovalAnswered::result)
                .containsExactly("failed", "failed");
    }

    @Test
    void aToolThatCannotDescribeItsCallIsDenied() {
        Refining tool = new Refining() {
            @Override
            public List<dev.leash.api.tool.Target> targets(ToolCall call) {
                throw new IllegalArgumentException("unparsable recipient");
            }
        };
        Observation observation = executor(tool, call -> Optional.of(Decision.allow("t", "t"))).execute(ToolCall.of("db", null), run());

        assertThat(observation.status()).isEqualTo(Status.DENIED);
        assertThat(observation.rule()).contains("tool-inspection");
        assertThat(tool.ran).isEmpty();
    }

    /**
     * Guards read the arguments without a copy of the whole object ({@link ToolCall#argumentFields}):
     * what one guard does with what it reads, and what the tool does with its own copy, must change
     * nothing a later guard, the write-ahead record or the call itself holds.
     */
    @Test
    void neitherAGuardNorTheToolChangesTheArgumentsTheOthersSeeByChangingItsCopy() throws Exception {
        String json = "{\"body\":\"hello\",\"to\":[\"a@x.example\"],\"meta\":{\"k\":1}}";
        ToolCall call = ToolCall.of("c-1", "db", (com.fasterxml.jackson.databind.node.ObjectNode)
                ToolCall.ARGUMENTS_MAPPER.readTree(json));
        List<String> seenByGuards = new ArrayList<>();
        Policy meddling = proposed -> {
            StringBuilder seen = new StringBuilder();
            for (var fields = proposed.call().argumentFields(); fields.hasNext(); ) {
                var field = fields.next();
                seen.append(field.getKey()).append('=').append(field.getValue()).append(';');
                if (field.getValue().isArray()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) field.getValue()).add("evil@x.example");
                } else if (field.getValue().isObject()) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) field.getValue()).put("k", 2);
                }
            }
            seenByGuards.add(seen.toString());
            return Optional.of(Decision.allow("test", "ok"));
        };
        List<String> ranWith = new ArrayList<>();
        Tool tool = new Refining() {
            @Override
            public ToolSpec spec() {
                com.fasterxml.jackson.databind.node.ObjectNode schema = JsonNodeFactory.instance.objectNode();
                schema.put("type", "object");
                return ToolSpec.of("db", "database", schema, Impact.WRITE);
            }

            @Override
            public ToolResult execute(ToolCall c, ToolContext context) {
                ranWith.add(c.argumentsJson());
                com.fasterxml.jackson.databind.node.ObjectNode copy = c.arguments();
                copy.put("body", "changed");
                copy.withArray("to").add("evil@x.example");
                return ToolResult.trusted("ok");
            }
        };
        GuardedExecutor executor = GuardedExecutor.builder()
                .registry(ToolRegistry.of(tool))
                .policies(PolicyChain.of(meddling, meddling))
                .audit(audit)
                .build();
        RunContext run = run();

        Observation first = executor.execute(call, run);
        Observation second = executor.execute(call, run);

        assertThat(first.status()).isEqualTo(Status.OK);
        assertThat(second.status()).isEqualTo(Status.OK);
        String original = "body=\"hello\";to=[\"a@x.example\"];meta={\"k\":1};";
        assertThat(seenByGuards).hasSize(4).containsOnly(original);
        assertThat(ranWith).containsExactly(json, json);
        assertThat(call.argumentsJson()).isEqualTo(json);
        assertThat(call.arguments()).isEqualTo(ToolCall.ARGUMENTS_MAPPER.readTree(json));
        List<String> written = audit.events().stream()
                .filter(e -> e instanceof AuditEvent.ExecutionStarted)
                .map(e -> ((AuditEvent.ExecutionStarted) e).arguments().toString())
                .toList();
        assertThat(written).containsExactly(json, json);
    }
}
