package dev.leash.tiers;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AlertSink;
import dev.leash.tiers.config.LeashConfig;

/**
 * Level 1, for low-risk tasks: READ tools only. WRITE and IRREVERSIBLE tools are not offered to the
 * planner and are denied if called anyway; no write credential is bound (tools see credentials
 * capped at READ); 3 denials end a run (or {@code safety.persistence.max_denials}). Alerts: none by
 * default (the audit log is the record).
 *
 * <p>Wiring only: binds {@link SafetyLevel#LEVEL_1}, the default alert sink, and installs {@link
 * TierModule}. The deployment supplies the tools ({@code Tools.bind(binder())}), an {@code
 * AuditSink}, and for an {@code AgentLoop} a {@code PlannerFactory} and {@code LoopSettings}.
 */
public final class Level1Module extends AbstractModule {

    private final LeashConfig config;

    public Level1Module(LeashConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(SafetyLevel.class).toInstance(SafetyLevel.LEVEL_1);
        OptionalBinder.newOptionalBinder(binder(), AlertSink.class).setDefault().toInstance(AlertSink.none());
        install(new TierModule(config));
    }
}
