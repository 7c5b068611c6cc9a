package dev.leash.eval.standin;

import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.run.Agent;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.core.exec.CallLimiter;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.exec.Redactor;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.tool.ToolRegistry;
import dev.leash.eval.AgentAssembly;
import dev.leash.eval.effects.EffectEvaluator;
import dev.leash.eval.effects.SecretScanner;
import dev.leash.eval.sandbox.Sandbox;
import dev.leash.eval.scenario.Deployment;
import dev.leash.eval.scenario.Scenario;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A stand-in for the product's tiers, built from agent-core only, for the harness's own tests: the
 * DESIGN tier table for impacts (Level 1 denies WRITE and IRREVERSIBLE; Level 2 allows WRITE inside
 * the allowlists and asks approval for IRREVERSIBLE; Level 3 asks approval for both), closed
 * allowlists for hosts, recipients and paths, a leak guard for the scenario's secrets, a taint rule
 * (untrusted content before a WRITE or IRREVERSIBLE call needs approval), and argument budgets. The
 * {@link #weakened()} variant allows everything, to show the harness detects harm.
 */
public final class StandInAssembly implements AgentAssembly {

    private final boolean weakened;

    private StandInAssembly(boolean weakened) {
        this.weakened = weakened;
    }

    public static StandInAssembly tiers() {
        return new StandInAssembly(false);
    }

    /** A deliberately broken tier that allows every call. */
    public static StandInAssembly weakened() {
        return new StandInAssembly(true);
    }

    @Override
    public Agent assemble(Scenario scenario, Sandbox sandbox, SafetyLevel level, ApprovalGate reviewer,
                          List<Tool> simulatedTools, AuditSink audit) {
        List<Tool> tools = new ArrayList<>(SandboxTools.all(sandbox));
        tools.addAll(simulatedTools);
        Policy policy = weakened
                ? call -> Optional.of(Decision.allow("allow-everything", "weakened test tier"))
                : new TierPolicy(level, scenario.deployment(), scenario.environment().secrets());
        int maxDenials = scenario.deployment().maxDenials().orElse(level.defaultMaxDenials());
        GuardedExecutor executor = GuardedExecutor.builder()
                .registry(new ToolRegistry(tools))
                .policies(PolicyChain.of(policy))
                .limiter(weakened ? CallLimiter.unlimited() : new BudgetLimiter(scenario.deployment()))
                .approvals(reviewer)
                .audit(audit)
                .settings(new GuardedExecutor.Settings(Duration.ofSeconds(10), weakened ? 1000 : maxDenials,
                        weakened || level != SafetyLevel.LEVEL_1 ? Impact.IRREVERSIBLE : Impact.READ, level.toString()))
                .build();
        return new AgentLoop(scenario.planner(), executor, audit, level,
                LoopSettings.defaults().withWallClock(Duration.ofSeconds(30)), Redactor.none());
    }

    /** The tier table, allowlists, leak guard and taint rule. */
    static final class TierPolicy implements Policy {
        private final SafetyLevel level;
        private final Deployment deployment;
        private final List<String> secrets;

        TierPolicy(SafetyLevel level, Deployment deployment, List<String> secrets) {
            this.level = level;
            this.deployment = deployment;
            this.secrets = secrets;
        }

        @Override
        public Optional<Decision> evaluate(ProposedCall call) {
            for (OutboundContent.Part part : call.outbound().parts()) {
                for (String secret : secrets) {
                    if (SecretScanner.contains(part.text(), secret)) {
                        return Optional.of(Decision.deny("leak-guard", "a secret would leave in " + part.label()));
                    }
                }
            }
            boolean outsideRecipient = false;
            for (Target target : call.targets()) {
                if (target.kind() == Target.Kind.HTTP_HOST && !deployment.httpHosts().contains(target.value())) {
                    return Optional.of(Decision.deny("allowlist.http_hosts", target.value() + " is not an allowed host"));
                }
                if (target.kind() == Target.Kind.PATH && !deployment.paths().isEmpty() && deployment.paths().stream()
                        .noneMatch(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(target.value())))) {
                    return Optional.of(Decision.deny("allowlist.paths", target.value() + " is outside the allowed paths"));
                }
                if (target.kind() == Target.Kind.EMAIL_RECIPIENT
                        && !EffectEvaluatorAccess.inDomains(target.value(), deployment.emailDomains())) {
                    outsideRecipient = true;
                }
            }
            Impact impact = call.impact();
            if (impact == Impact.READ) {
                return Optional.of(Decision.allow("impact-gate", "read"));
            }
            if (level == SafetyLevel.LEVEL_1) {
                return Optional.of(Decision.deny("impact-gate", impact + " is not allowed at Level 1"));
            }
            if (outsideRecipient) {
                return Optional.of(level == SafetyLevel.LEVEL_2
                        ? Decision.deny("allowlist.email_domains", "recipient outside the allowed domains")
                        : Decision.requireApproval("allowlist.email_domains", "recipient outside the allowed domains"));
            }
            if (level == SafetyLevel.LEVEL_3 || impact == Impact.IRREVERSIBLE) {
                return Optional.of(Decision.requireApproval("impact-gate", impact + " needs approval at " + level));
            }
            boolean tainted = call.run().observations().stream().anyMatch(o -> o.provenance().isUntrusted());
            if (tainted) {
                return Optional.of(Decision.requireApproval("taint", "untrusted content may flow into this write"));
            }
            return Optional.of(Decision.allow("impact-gate", "write inside the allowlists"));
        }
    }

    /** Sums an argument per run against {@code deployment.tools.<tool>.budget}. */
    static final class BudgetLimiter implements CallLimiter {
        private final Deployment deployment;
        private final ConcurrentHashMap<String, DoubleAdder> spent = new ConcurrentHashMap<>();

        BudgetLimiter(Deployment deployment) {
            this.deployment = deployment;
        }

        @Override
        public synchronized Optional<Decision.Deny> admit(ProposedCall call) {
            Optional<Deployment.ArgumentBudget> budget = deployment.argumentBudget(call.tool());
            if (budget.isEmpty()) {
                return Optional.empty();
            }
            double amount = call.call().argument(budget.get().argument()).map(n -> n.asDouble()).orElse(0.0);
            DoubleAdder used = spent.computeIfAbsent(call.tool(), t -> new DoubleAdder());
            if (used.sum() + amount > budget.get().max()) {
                return Optional.of(new Decision.Deny("budget." + call.tool(), "the " + budget.get().argument()
                        + " budget of " + budget.get().max() + " per " + budget.get().per() + " would be exceeded"));
            }
            used.add(amount);
            return Optional.empty();
        }
    }

    /** Reuses the evaluator's domain rule. */
    static final class EffectEvaluatorAccess {
        static boolean inDomains(String address, List<String> domains) {
            return EffectEvaluator.inDomain(address, domains);
        }
    }
}
