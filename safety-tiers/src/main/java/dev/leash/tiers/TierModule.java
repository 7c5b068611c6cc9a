package dev.leash.tiers;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.binder.LinkedBindingBuilder;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AlertSink;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.policy.Policy;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolRecorder;
import dev.leash.core.exec.CallLimiter;
import dev.leash.core.exec.StopCheck;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.TaintedStores;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.exec.Redactor;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.tool.ToolRegistry;
import dev.leash.tiers.approval.Gates;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.credential.Credentials;
import dev.leash.tiers.credential.CredentialsModule;
import dev.leash.guards.EscalationGuard;
import dev.leash.guards.EscalationStepInspector;
import dev.leash.core.loop.StepInspector;
import dev.leash.guards.LeakDetector;
import dev.leash.guards.LeakGuard;
import dev.leash.guards.RuleOfTwo;
import dev.leash.guards.SecretRedactor;
import dev.leash.guards.SecretRegistry;
import dev.leash.guards.SensitiveData;
import dev.leash.guards.TaintGuard;
import dev.leash.tiers.limit.TierLimiter;
import dev.leash.tiers.store.SharedStore;
import dev.leash.tiers.store.SharedStores;
import dev.leash.tiers.policy.TierPolicies;
import java.util.Set;

/**
 * The parts every level shares, wired from a {@link SafetyLevel} binding and the configuration.
 * The level modules install it; a custom tier can install it too, with its own {@code
 * SafetyLevel} and {@code AlertSink} bindings.
 *
 * <p>Binds: {@link LeashConfig}, {@link SafetyConfig}, {@link ToolRegistry} (from the {@code
 * Set<Tool>} multibinding), {@link PolicyChain} ({@link TierPolicies#chain}: allowlists, impact
 * gate, with the {@link TierGuards @TierGuards} set first: the leak, taint, Rule-of-Two and
 * escalation guards of package {@code guard}, plus any the deployment adds), {@link CallLimiter} (from the {@link SharedStore} of {@code store}: in-process by default),
 * {@link ApprovalGate} (from {@code safety.approvals}, replaceable), {@link CredentialProvider}
 * ({@link CredentialsModule}: the {@link Credentials raw credentials} capped at the level's
 * ceiling), {@link Redactor} (the guards' {@link SecretRedactor} by default, replaceable),
 * {@link SecretRegistry} (from {@code safety.secrets} and the bound credentials), {@link
 * SensitiveData} (from {@code safety.sensitive}), {@link
 * GuardedExecutor.Settings} and {@link ToolExecutor} (a {@link GuardedExecutor}).
 *
 * <p>Needs from elsewhere: {@code SafetyLevel} and a default {@code AlertSink} (the level
 * module), {@link AuditSink} and the tools (the deployment).
 *
 * <p>Extension points, each a Guice binder the deployment's module calls:
 * <ul>
 *   <li>{@link #guards(Binder)}: add guard policies to every level's chain;
 *   <li>{@link #redactor(Binder)}: replace the redactor;
 *   <li>{@link #approvalGate(Binder)}: replace the configured approval gate (e.g. with a {@link
 *       dev.leash.tiers.approval.QueueGate});
 *   <li>{@link #alertSink(Binder)}: replace the level's alert sink;
 *   <li>{@link Credentials#bind(Binder)}: the deployment's credentials.
 * </ul>
 */
public final class TierModule extends AbstractModule {

    /** Services whose bound credentials are registered as secrets (the standard tools' backends). */
    public static final java.util.List<String> CREDENTIAL_SERVICES = java.util.List.of("imap", "smtp", "jdbc", "http");

    private final LeashConfig config;

    public TierModule(LeashConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    /** The multibinder of guard policies that every level's chain includes (possibly empty). */
    public static Multibinder<Policy> guards(Binder binder) {
        return Multibinder.newSetBinder(binder, Policy.class, TierGuards.class);
    }

    /**
     * The canary tokens planted in the model's system prompt ({@link
     * SecretRegistry#newCanaryToken()}, {@link SecretRegistry#canaryPromptSnippet(java.util.Collection)}).
     */
    public static Multibinder<String> canaries(Binder binder) {
        return Multibinder.newSetBinder(binder, String.class, Canaries.class);
    }

    /** Replaces the redactor (default: the guards' secret redactor). */
    public static LinkedBindingBuilder<Redactor> redactor(Binder binder) {
        return OptionalBinder.newOptionalBinder(binder, Redactor.class).setBinding();
    }

    /** Replaces the approval gate built from {@code safety.approvals}. */
    public static LinkedBindingBuilder<ApprovalGate> approvalGate(Binder binder) {
        return OptionalBinder.newOptionalBinder(binder, ApprovalGate.class).setBinding();
    }

    /** Replaces the level's alert sink. */
    public static LinkedBindingBuilder<AlertSink> alertSink(Binder binder) {
        return OptionalBinder.newOptionalBinder(binder, AlertSink.class).setBinding();
    }

    /** Where tools' {@link dev.leash.api.tool.ToolContext#record notes} go (default: discarded). */
    public static LinkedBindingBuilder<ToolRecorder> recorder(Binder binder) {
        return OptionalBinder.newOptionalBinder(binder, ToolRecorder.class).setBinding();
    }

    @Override
    protected void configure() {
        bind(LeashConfig.class).toInstance(config);
        bind(SafetyConfig.class).toInstance(config.safety());
        Multibinder.newSetBinder(binder(), Tool.class);
        guards(binder());
        canaries(binder());
        bind(ToolRegistry.class).in(Scopes.SINGLETON);
        // The guards hold at every level: leak (deny), taint and Rule of Two (approval), escalation (deny + incident).
        bind(LeakDetector.class).in(Scopes.SINGLETON);
        bind(SecretRedactor.class).in(Scopes.SINGLETON);
        Multibinder<Policy> guards = guards(binder());
        bind(LeakGuard.class).in(Scopes.SINGLETON);
        bind(TaintGuard.class).in(Scopes.SINGLETON);
        bind(RuleOfTwo.class).in(Scopes.SINGLETON);
        bind(EscalationGuard.class).in(Scopes.SINGLETON);
        bind(EscalationStepInspector.class).in(Scopes.SINGLETON);
        guards.addBinding().to(LeakGuard.class);
        guards.addBinding().to(TaintGuard.class);
        guards.addBinding().to(RuleOfTwo.class);
        guards.addBinding().to(EscalationGuard.class);
        OptionalBinder.newOptionalBinder(binder(), Redactor.class).setDefault().to(SecretRedactor.class);
        // The model's own words are checked too: asking for credentials or to disable a guard.
        Multibinder.newSetBinder(binder(), StepInspector.class).addBinding().to(EscalationStepInspector.class);
        OptionalBinder.newOptionalBinder(binder(), ApprovalGate.class).setDefault()
                .to(Key.get(ApprovalGate.class, ConfiguredGate.class));
        OptionalBinder.newOptionalBinder(binder(), ToolRecorder.class).setDefault().toInstance(ToolRecorder.none());
        install(new CredentialsModule());
    }

    /**
     * Secrets that must never leave: {@code safety.secrets.values}, the values of the variables named
     * in {@code safety.secrets.env}, the credentials bound for the standard services, and the
     * {@link Canaries canaries} planted in the system prompt.
     */
    @Provides
    @Singleton
    SecretRegistry secrets(SafetyConfig safety, CredentialProvider credentials, @Canaries Set<String> canaries) {
        SecretRegistry registry = SecretRegistry.fromConfig(safety.secrets().values(), safety.secrets().env(), System.getenv());
        canaries.forEach(registry::addCanary);
        for (String service : CREDENTIAL_SERVICES) {
            for (dev.leash.api.tool.Impact impact : dev.leash.api.tool.Impact.values()) {
                // A blank password (an embedded test database) has nothing to leak.
                credentials.credential(service, impact).filter(c -> !c.secret().isBlank()).ifPresent(registry::addCredential);
            }
        }
        return registry;
    }

    @Provides
    @Singleton
    SensitiveData sensitiveData(SafetyConfig safety) {
        return SensitiveData.of(java.util.Set.copyOf(safety.sensitive().paths()), java.util.Set.copyOf(safety.sensitive().tables()));
    }

    @Provides
    @Singleton
    PolicyChain policyChain(SafetyLevel level, SafetyConfig safety, @TierGuards Set<Policy> guards, ToolRegistry registry) {
        return TierPolicies.chain(level, safety.allow(), guards, registry::find);
    }

    @Provides
    @Singleton
    SharedStore sharedStore(LeashConfig config) {
        return SharedStores.open(config.store(), config.safety());
    }

    @Provides
    @Singleton
    CallLimiter callLimiter(SharedStore store) {
        return store.limiter();
    }

    @Provides
    @Singleton
    StopCheck stopCheck(SharedStore store) {
        return store.stops();
    }

    @Provides
    @Singleton
    @ConfiguredGate
    ApprovalGate configuredGate(SafetyConfig safety) {
        return Gates.fromConfig(safety.approvals(), System.out, System.in);
    }

    @Provides
    @Singleton
    GuardedExecutor.Settings settings(SafetyLevel level, SafetyConfig safety) {
        return Tiers.settings(level, safety);
    }

    @Provides
    @Singleton
    ToolExecutor executor(ToolRegistry registry, PolicyChain policies, CallLimiter limiter, StopCheck stops, ApprovalGate approvals,
                          AuditSink audit, AlertSink alerts, CredentialProvider credentials, Redactor redactor,
                          GuardedExecutor.Settings settings, ToolRecorder recorder,
                          LeashConfig leash) {
        requireKnownTools(leash, registry);
        return GuardedExecutor.builder()
                .recorder(recorder)
                .registry(registry)
                .policies(policies)
                .limiter(limiter)
                .stops(stops)
                .approvals(approvals)
                .audit(audit)
                .alerts(alerts)
                .credentials(credentials)
                .redactor(redactor)
                .settings(settings)
                .approvalExpiry(leash.safety().approvals().expires())
                .taintedStores(leash.safety().trusted().taintedStores()
                        .map(TaintedStores::file).orElseGet(TaintedStores::inMemory))
                .build();
    }

    /**
     * A tool named under {@code safety.tools} that the deployment does not register would have
     * limits that never apply (a misspelling, a tool removed): refused at start-up.
     */
    private static void requireKnownTools(LeashConfig leash, ToolRegistry registry) {
        for (String name : leash.safety().tools().keySet()) {
            if (registry.find(name).isEmpty()) {
                throw dev.leash.api.ConfigurationException.invalidValue("safety.tools." + name, leash.source().orElse(null),
                        name, "the name of one of the deployment's tools: "
                                + String.join(", ", registry.names().stream().sorted().toList()));
            }
        }
    }
}
