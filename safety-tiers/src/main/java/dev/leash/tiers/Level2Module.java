package dev.leash.tiers;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AlertSink;
import dev.leash.tiers.config.LeashConfig;

/**
 * Level 2, for limited writes: WRITE calls run when every target is inside the allowlists and are
 * denied otherwise; IRREVERSIBLE calls need a human's approval per call; credentials up to
 * IRREVERSIBLE, each call seeing only those of its own impact; 3 denials end a run (or {@code
 * safety.persistence.max_denials}). Alerts: none by default (the audit log is the record).
 *
 * <p>Wiring only: binds {@link SafetyLevel#LEVEL_2}, the default alert sink, and installs {@link
 * TierModule}. The deployment supplies the tools ({@code Tools.bind(binder())}), an {@code
 * AuditSink}, and for an {@code AgentLoop} a {@code PlannerFactory} and {@code LoopSettings}.
 */
public final class Level2Module extends AbstractModule {

    private final LeashConfig config;

    public Level2Module(LeashConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(SafetyLevel.class).toInstance(SafetyLevel.LEVEL_2);
        OptionalBinder.newOptionalBinder(binder(), AlertSink.class).setDefault().toInstance(AlertSink.none());
        install(new TierModule(config));
    }
}
