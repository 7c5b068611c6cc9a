package dev.leash.examples;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.Step;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.tiers.config.LeashConfig;
import java.nio.file.Path;
import java.util.List;

/** Runs the shipped example agents with their shipped files (examples/agents/NAME/...). */
final class Runs {

    /** The shipped configuration and scripts, relative to the module directory tests run in. */
    static final Path AGENTS = Path.of("agents");

    private Runs() {
    }

    static List<Step> demo(String agent) {
        return ScriptedPlanner.load(AGENTS.resolve(agent).resolve("demo.yaml"));
    }

    static LeashConfig config(String agent, int level) {
        return LeashConfig.load(AGENTS.resolve(agent).resolve("leash-level" + level + ".yaml"));
    }

    /**
     * A reviewer who reads the request: approves calls that need a human only because of their
     * impact, and rejects calls sent outside an allowlist.
     */
    static ApprovalGate carefulReviewer() {
        return request -> request.rule().contains("allowlist.")
                ? ApprovalResult.rejected("dana", "not outside the company")
                : ApprovalResult.approved("dana", request);
    }

    static RunResult run(int level, String agent, Deployment deployment, PlannerFactory planner, InMemoryAuditSink audit,
                         ApprovalGate reviewer, String goal) {
        LeashConfig config = config(agent, level);
        return AgentWiring.builder(SafetyLevel.of(level), config, deployment)
                .audit(audit)
                .planner(planner)
                .approvalGate(reviewer)
                .alertSink(alert -> { })
                .build()
                .run(RunRequest.of(goal, ExampleAgents.named(agent).defaultPrincipal()));
    }
}
