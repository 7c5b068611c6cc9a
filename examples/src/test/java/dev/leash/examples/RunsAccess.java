package dev.leash.examples;

import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.ToolContext;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.plan.ScriptedPlanner;
import java.time.Instant;
import java.util.Optional;

/** What the agents' tests in other packages use from {@link Runs}. */
public final class RunsAccess {

    private RunsAccess() {
    }

    /** Runs the agent's shipped demo script with its shipped Level {@code level} file and a careful reviewer. */
    public static RunResult demo(int level, String agent, Deployment deployment, InMemoryAuditSink audit) {
        return Runs.run(level, agent, deployment, ScriptedPlanner.factory(Runs.demo(agent)), audit, Runs.carefulReviewer(),
                "demo");
    }

    /** Runs {@code script} (YAML) with the shipped Level {@code level} file and a careful reviewer. */
    public static RunResult scripted(int level, String agent, Deployment deployment, InMemoryAuditSink audit, String script) {
        return Runs.run(level, agent, deployment, ScriptedPlanner.factory(ScriptedPlanner.parse(script, "test")), audit,
                Runs.carefulReviewer(), "test");
    }

    /** A tool context of {@code impact} holding {@code credential}. */
    public static ToolContext context(Impact impact, Credential credential) {
        return new ToolContext() {
            @Override
            public String runId() {
                return "run-test";
            }

            @Override
            public String principal() {
                return "test@example.com";
            }

            @Override
            public Impact impact() {
                return impact;
            }

            @Override
            public Instant deadline() {
                return Instant.now().plusSeconds(30);
            }

            @Override
            public Optional<Credential> credential(String service) {
                return service.equals(credential.service()) ? Optional.of(credential) : Optional.empty();
            }
        };
    }
}
