package dev.leash.integration.internal;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.tool.Tool;
import dev.leash.core.exec.Redactor;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.TierModule;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.credential.Credentials;
import java.util.List;
import java.util.Optional;

/**
 * The one place where the integrations assemble a tier: the level's module ({@code
 * Level1Module}..{@code Level3Module}, guards included) with the framework's tools, the audit
 * sink and the optional replacements of the gate, the alert sink and the credentials. The same
 * wiring {@code AgentWiring} gives Leash's own loop, so decisions are the same.
 */
public final class TierInjector {

    /** What the assembled tier gives an integration. */
    public record Tier(ToolExecutor executor, Redactor redactor) {
    }

    private TierInjector() {
    }

    public static Tier assemble(SafetyLevel level, LeashConfig config, List<Tool> tools, AuditSink audit,
                                Optional<ApprovalGate> gate, Optional<AlertSink> alerts, Optional<Credentials> credentials) {
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                Tiers.moduleFor(level, config),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        Tools registry = Tools.bind(binder());
                        tools.forEach(registry::add);
                        bind(AuditSink.class).toInstance(audit);
                        gate.ifPresent(g -> TierModule.approvalGate(binder()).toInstance(g));
                        alerts.ifPresent(a -> TierModule.alertSink(binder()).toInstance(a));
                        credentials.ifPresent(c -> Credentials.bind(binder()).toInstance(c));
                    }
                });
        return new Tier(injector.getInstance(ToolExecutor.class), injector.getInstance(Redactor.class));
    }
}
