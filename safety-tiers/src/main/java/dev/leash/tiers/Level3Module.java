package dev.leash.tiers;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AlertSink;
import dev.leash.tiers.alert.LoggingAlertSink;
import dev.leash.tiers.config.LeashConfig;

/**
 * Level 3, for high-impact domains (finance, HR, security): every WRITE and IRREVERSIBLE call
 * needs a human's approval, a recipient outside {@code email_domains} too; 2 denials end a run (or
 * {@code safety.persistence.max_denials}); every denial and approval raises an alert (default: a
 * {@link LoggingAlertSink}; replace it with {@link TierModule#alertSink}).
 *
 * <p>Wiring only: binds {@link SafetyLevel#LEVEL_3}, the default alert sink, and installs {@link
 * TierModule}. The deployment supplies the tools ({@code Tools.bind(binder())}), an {@code
 * AuditSink}, and for an {@code AgentLoop} a {@code PlannerFactory} and {@code LoopSettings}.
 */
public final class Level3Module extends AbstractModule {

    private final LeashConfig config;

    public Level3Module(LeashConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(SafetyLevel.class).toInstance(SafetyLevel.LEVEL_3);
        OptionalBinder.newOptionalBinder(binder(), AlertSink.class).setDefault().toInstance(new LoggingAlertSink());
        install(new TierModule(config));
    }
}
