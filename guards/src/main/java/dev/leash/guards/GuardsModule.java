package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import dev.leash.api.policy.Policy;
import dev.leash.core.exec.Redactor;

/**
 * Wires the guards: binds the {@link SecretRegistry}, the {@link SensitiveData}, a
 * {@link LeakDetector}, the {@link Redactor} (a {@link SecretRedactor}) and adds
 * {@link LeakGuard}, {@link TaintGuard}, {@link RuleOfTwo} and {@link EscalationGuard} to the
 * {@code @GuardPolicies Set<Policy>} multibinding, all singletons.
 *
 * <p>Needs an {@link dev.leash.api.audit.AuditSink} bound elsewhere (the level module binds it).
 * Only wires; the bound objects are thread-safe singletons.
 */
public final class GuardsModule extends AbstractModule {

    private final SecretRegistry secrets;
    private final SensitiveData sensitive;

    public GuardsModule(SecretRegistry secrets, SensitiveData sensitive) {
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.sensitive = requireNonNull(sensitive, "sensitive is null");
    }

    @Override
    protected void configure() {
        bind(SecretRegistry.class).toInstance(secrets);
        bind(SensitiveData.class).toInstance(sensitive);
        bind(LeakDetector.class).in(Scopes.SINGLETON);
        bind(SecretRedactor.class).in(Scopes.SINGLETON);
        bind(Redactor.class).to(SecretRedactor.class);
        bind(LeakGuard.class).in(Scopes.SINGLETON);
        bind(TaintGuard.class).in(Scopes.SINGLETON);
        bind(RuleOfTwo.class).in(Scopes.SINGLETON);
        bind(EscalationGuard.class).in(Scopes.SINGLETON);
        Multibinder<Policy> guards = Multibinder.newSetBinder(binder(), Policy.class, GuardPolicies.class);
        guards.addBinding().to(LeakGuard.class);
        guards.addBinding().to(TaintGuard.class);
        guards.addBinding().to(RuleOfTwo.class);
        guards.addBinding().to(EscalationGuard.class);
    }
}
