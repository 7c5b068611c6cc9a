package dev.leash.examples;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.tiers.AgentBuilder;
import dev.leash.tiers.Leash;
import dev.leash.tiers.config.LeashConfig;
import java.util.Optional;

/**
 * Puts an example agent together on {@link Leash#agent()}: the level's tier module, the agent's own
 * module (tools and credentials), the audit sink, the planner and the loop settings; {@code leash
 * run} and the tests use it alike:
 *
 * <pre>{@code
 * AgentLoop agent = AgentWiring.builder(SafetyLevel.LEVEL_2, config, deployment)
 *         .audit(auditSink)
 *         .planner(ScriptedPlanner.factory(steps))
 *         .build();
 * RunResult result = agent.run(RunRequest.of("Refund A-17", "support@shop.example"));
 * }</pre>
 *
 * <p>The builder is not thread-safe; the agent loop it builds is.
 */
public final class AgentWiring {

    private final SafetyLevel level;
    private final LeashConfig config;
    private final Deployment deployment;
    private AuditSink audit;
    private PlannerFactory planner;
    private LoopSettings loop = LoopSettings.defaults();
    private java.util.List<String> canaries = java.util.List.of();
    private Optional<ApprovalGate> gate = Optional.empty();
    private Optional<AlertSink> alerts = Optional.empty();

    private AgentWiring(SafetyLevel level, LeashConfig config, Deployment deployment) {
        this.level = requireNonNull(level, "level is null");
        this.config = requireNonNull(config, "config is null");
        this.deployment = requireNonNull(deployment, "deployment is null");
    }

    /** An agent of {@code deployment} at {@code level}, configured by {@code config}. */
    public static AgentWiring builder(SafetyLevel level, LeashConfig config, Deployment deployment) {
        return new AgentWiring(level, config, deployment);
    }

    /** Where the run is audited. Required. */
    public AgentWiring audit(AuditSink sink) {
        this.audit = requireNonNull(sink, "sink is null");
        return this;
    }

    /** Who proposes the steps: a model or a script. Required. */
    public AgentWiring planner(PlannerFactory factory) {
        this.planner = requireNonNull(factory, "factory is null");
        return this;
    }

    /** Step and time budgets, system prompt (default {@link LoopSettings#defaults()}). */
    public AgentWiring loop(LoopSettings settings) {
        this.loop = requireNonNull(settings, "settings is null");
        return this;
    }

    /**
     * Canary tokens planted in the model's system prompt: the leak guard denies any call that
     * would send one out (rule {@code leak-guard.canary}).
     */
    public AgentWiring canaries(java.util.List<String> tokens) {
        this.canaries = java.util.List.copyOf(tokens);
        return this;
    }

    /** Replaces the gate of {@code safety.approvals} (a console on other streams, a test reviewer). */
    public AgentWiring approvalGate(ApprovalGate newGate) {
        this.gate = Optional.of(requireNonNull(newGate, "newGate is null"));
        return this;
    }

    /** Replaces the level's alert sink. */
    public AgentWiring alertSink(AlertSink sink) {
        this.alerts = Optional.of(requireNonNull(sink, "sink is null"));
        return this;
    }

    /**
     * The agent loop.
     *
     * @throws IllegalStateException when the audit sink or the planner is missing
     */
    public AgentLoop build() {
        if (audit == null || planner == null) {
            throw new IllegalStateException("an agent needs an audit sink and a planner: call audit(...) and planner(...)");
        }
        AgentBuilder builder = Leash.agent()
                .level(level)
                .config(config)
                .modules(deployment.module())
                .audit(audit)
                .planner(planner)
                .loop(loop)
                .canaries(canaries);
        gate.ifPresent(builder::approvalGate);
        alerts.ifPresent(builder::alertSink);
        return builder.build();
    }
}
