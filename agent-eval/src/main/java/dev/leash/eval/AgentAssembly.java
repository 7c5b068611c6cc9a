package dev.leash.eval;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.run.Agent;
import dev.leash.api.tool.Tool;
import dev.leash.eval.sandbox.Sandbox;
import dev.leash.eval.scenario.Scenario;
import java.util.List;

/**
 * Builds the agent under test for one run of one scenario at one level. This is the seam between
 * the harness and the product: the harness owns the scenario, the sandbox, the planner and the
 * reviewer; the assembly owns the tier (policies, limits, approvals, audit) and the standard tools.
 *
 * <p>What an assembly must do:
 * <ul>
 *   <li>install the tier for {@code level} with the scenario's {@link Scenario#deployment()} as the
 *       {@code safety} configuration (allowlists, per-tool rates and budgets, persistence) and the
 *       scenario's secrets ({@link dev.leash.eval.scenario.Environment#secrets()}) added to the
 *       leak guard;
 *   <li>bind the standard tools to the sandbox: file tools to {@link Sandbox#root()}, mail tools to
 *       {@link Sandbox#mail()} (SMTP and IMAP on loopback, the principal's account), the SQL tool to
 *       {@link Sandbox#databaseUrl()}, HTTP tools through {@link Sandbox#http()} (guards see the URL as
 *       written; name resolution gives documentation addresses and the transport carries requests
 *       that pass the guards to the loopback stub);
 *   <li>register every tool of {@code simulatedTools} as given;
 *   <li>use {@code reviewer} as the approval gate and {@code audit} as the audit sink;
 *   <li>plan with {@link Scenario#planner()}: the scripted planner, the worst-case model; or, when
 *       the harness calls {@link #assemble(Scenario, Sandbox, SafetyLevel, ApprovalGate, List, AuditSink,
 *       RunPlanner)}, with the planner it gives ({@code leash redteam --planner model}).
 * </ul>
 *
 * <p>Called once per run, possibly from several threads for different runs; implementations are
 * stateless or thread-safe.
 */
@FunctionalInterface
public interface AgentAssembly {

    /**
     * The agent for one run. The harness closes the sandbox after the run; the agent must not be
     * used after that.
     */
    Agent assemble(Scenario scenario, Sandbox sandbox, SafetyLevel level, ApprovalGate reviewer,
                   List<Tool> simulatedTools, AuditSink audit);

    /**
     * The agent for one run, planning with {@code planner} (its factory, system prompt and token
     * budget) rather than {@link Scenario#planner()}. The harness always calls this one; it is how
     * it sees what the planner proposed and how it plays a live model.
     *
     * <p>The default serves assemblies written for scripts only: for a scripted planner it builds
     * the agent with {@link #assemble(Scenario, Sandbox, SafetyLevel, ApprovalGate, List, AuditSink)}
     * (so what was proposed is not observed), and it refuses any other planner rather than
     * quietly replaying the script in its place.
     *
     * @throws UnsupportedOperationException for a planner that is not the scenario's script, when not overridden
     */
    default Agent assemble(Scenario scenario, Sandbox sandbox, SafetyLevel level, ApprovalGate reviewer,
                           List<Tool> simulatedTools, AuditSink audit, RunPlanner planner) {
        if (!planner.scripted()) {
            throw new UnsupportedOperationException(getClass().getName() + " plays only the scenarios' scripts:"
                    + " override assemble(..., RunPlanner) to play it with a model planner");
        }
        return assemble(scenario, sandbox, level, reviewer, simulatedTools, audit);
    }
}
