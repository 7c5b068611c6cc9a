package dev.leash.tiers.support;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.Step;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.config.LeashConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds an agent the way a deployment does: the level's module from {@link Tiers#moduleFor},
 * plus a module with the tools, audit sink, scripted planner and loop settings, in {@code
 * Stage.PRODUCTION} with explicit bindings required.
 */
public final class Harness {

    private Harness() {
    }

    public static Injector injector(SafetyLevel level, LeashConfig config, List<? extends Tool> tools,
                                    InMemoryAuditSink audit, List<Step> script, Module... extra) {
        Module agent = new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                Tools registered = Tools.bind(binder());
                tools.forEach(registered::add);
                bind(AuditSink.class).toInstance(audit);
                bind(PlannerFactory.class).toInstance(ScriptedPlanner.factory(script));
                bind(LoopSettings.class).toInstance(LoopSettings.defaults());
                bind(AgentLoop.class);
            }
        };
        List<Module> modules = new ArrayList<>(List.of(Tiers.moduleFor(level, config), agent));
        modules.addAll(List.of(extra));
        return Guice.createInjector(Stage.PRODUCTION, modules);
    }

    /** A gate that records every request and answers with {@code answer}. */
    public static final class RecordingGate implements ApprovalGate {
        private final Function<ApprovalRequest, ApprovalResult> answer;
        private final List<ApprovalRequest> requests = new ArrayList<>();

        public RecordingGate(Function<ApprovalRequest, ApprovalResult> answer) {
            this.answer = answer;
        }

        public static RecordingGate approvingAll() {
            return new RecordingGate(request -> ApprovalResult.approved("test reviewer", request));
        }

        public static RecordingGate rejectingAll() {
            return new RecordingGate(request -> ApprovalResult.rejected("test reviewer", "no"));
        }

        @Override
        public synchronized ApprovalResult review(ApprovalRequest request) {
            requests.add(request);
            return answer.apply(request);
        }

        public synchronized List<ApprovalRequest> requests() {
            return List.copyOf(requests);
        }

        public synchronized List<String> tools() {
            return requests.stream().map(r -> r.call().tool()).toList();
        }
    }

    /** The recipient in argument {@code to}. */
    public static List<Target> recipientOf(dev.leash.api.tool.ToolCall call) {
        return call.text("to").map(to -> List.of(Target.recipient(to))).orElse(List.of());
    }

    /** The host in argument {@code host}. */
    public static List<Target> hostOf(dev.leash.api.tool.ToolCall call) {
        return call.text("host").map(host -> List.of(Target.host(host))).orElse(List.of());
    }
}
