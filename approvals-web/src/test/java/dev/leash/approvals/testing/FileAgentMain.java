package dev.leash.approvals.testing;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Turn;
import dev.leash.api.policy.Decision;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Impact;
import dev.leash.approvals.ApprovalStore;
import dev.leash.approvals.StoreGate;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.core.audit.SecretMasker;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.exec.Redactor;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.ToolRegistry;
import dev.leash.tools.file.DeleteFileTool;
import dev.leash.tools.file.FileToolsConfig;
import dev.leash.tools.file.ListFilesTool;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An agent process for the suspend-and-resume tests: file tools over {@code ROOT}, IRREVERSIBLE
 * calls need a reviewer, the {@code store} gate on the H2 file under {@code WORK}, the audit log
 * {@code WORK/audit.jsonl} (appended to by every process, one chain). Each invocation is a fresh
 * JVM:
 *
 * <pre>
 * run WORK ROOT SCRIPT     exit 7 when the run suspends (prints run-id and pending ids)
 * resume WORK ROOT SCRIPT RUN_ID
 * </pre>
 *
 * Prints {@code outcome: X} and one {@code observation: tool STATUS} line per call of each turn.
 */
public final class FileAgentMain {

    private FileAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path work = Path.of(args[1]);
        Path root = Path.of(args[2]);
        List<dev.leash.api.plan.Step> script = ScriptedPlanner.load(Path.of(args[3]));
        FileToolsConfig files = FileToolsConfig.of(root);
        ToolRegistry registry = ToolRegistry.of(new ListFilesTool(files), new DeleteFileTool(files));
        PolicyChain policies = PolicyChain.of(call -> call.impact() == Impact.IRREVERSIBLE
                ? Optional.of(Decision.requireApproval("impact-gate", "IRREVERSIBLE calls need a human at Level 2"))
                : Optional.of(Decision.allow("impact-gate", "reads and writes run unattended")));
        int code;
        try (ApprovalStore store = ApprovalStore.embedded(work);
             JsonlAuditSink audit = JsonlAuditSink.open(work.resolve("audit.jsonl"), SecretMasker.of(List.of()))) {
            GuardedExecutor executor = GuardedExecutor.builder().registry(registry).policies(policies).audit(audit)
                    .approvals(new StoreGate(store, "files", List.of()))
                    .settings(GuardedExecutor.Settings.defaults().withMaxDenials(5)).build();
            AgentLoop agent = new AgentLoop(ScriptedPlanner.factory(script), executor, audit, SafetyLevel.LEVEL_2,
                    LoopSettings.defaults(), Redactor.none());
            agent.setSuspensionStore(store);
            RunResult result = mode.equals("run")
                    ? agent.run(RunRequest.of("tidy the workspace", "ops@example.com"))
                    : agent.resume(args[4]);
            System.out.println("run-id: " + result.runId());
            System.out.println("outcome: " + result.outcome());
            System.out.println("answer: " + result.answer());
            for (Turn turn : result.turns()) {
                for (Observation o : turn.observations()) {
                    System.out.println("observation: " + o.call().tool() + " " + o.call().id() + " " + o.status()
                            + o.rule().map(r -> " " + r).orElse(""));
                }
            }
            System.out.println("executed: " + result.counts().executedCalls());
            code = switch (result.outcome()) {
                case COMPLETED -> 0;
                case AWAITING_APPROVAL -> 7;
                default -> 1;
            };
        }
        System.exit(code);
    }
}
