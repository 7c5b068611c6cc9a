package dev.leash.cli;

import dev.leash.api.audit.AuditSink;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.eval.AgentAssembly;
import dev.leash.eval.TierAssembly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import dev.leash.api.SafetyLevel;
import dev.leash.eval.runner.RedTeamRunner;
import dev.leash.eval.scenario.Scenario;

/**
 * The one place where {@code leash redteam} gets the agent under test and the per-run audit logs.
 * Replace {@link #product()} to wire the product's tiers and standard tools; everything else in the
 * command stays as it is.
 */
final class RedteamAssemblies {

    private RedteamAssemblies() {
    }

    /**
     * The agent under test: the product's safety tiers (Level1/2/3 modules, guards included) with
     * the standard tools bound to the run's sandbox.
     */
    static AgentAssembly product() {
        return new TierAssembly();
    }

    /**
     * {@code --audit DIR}: one hash-chained audit log per run, {@code DIR/<scenario>.L<level>.jsonl}
     * ({@code DIR/<scenario>.L<level>.t<trial>.jsonl} with {@code --trials N} above 1)
     * (verify with {@code leash audit verify FILE}), with the scenario's secrets masked. The runner
     * closes each after its run.
     */
    static Function<String, AuditSink> auditLogs(Path dir, List<Scenario> scenarios) {
        Map<String, List<String>> secrets = new HashMap<>();
        for (Scenario scenario : scenarios) {
            for (SafetyLevel level : SafetyLevel.values()) {
                secrets.put(RedTeamRunner.runName(scenario, level), scenario.environment().secrets());
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the audit folder " + dir, e);
        }
        // With --trials N a run's name ends .t<trial>; its secrets are its scenario's.
        return name -> JsonlAuditSink.open(dir.resolve(name + ".jsonl"),
                secrets.getOrDefault(name, secrets.getOrDefault(name.replaceFirst("\\.t\\d+$", ""), List.of())));
    }
}
