package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.policy.Policy;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.exec.Redactor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardsModuleTest {

    @Test
    void bindsTheFourGuardsIntoTheGuardPoliciesSetAndASecretRedactor() {
        SecretRegistry secrets = SecretRegistry.fromConfig(List.of("QS-7731-ALPHA"), List.of(), Map.of());
        Injector injector = Guice.createInjector(Stage.PRODUCTION,
                new GuardsModule(secrets, SensitiveData.of(Set.of("hr/**"), Set.of("salaries"))),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        binder().requireExplicitBindings();
                        bind(AuditSink.class).toInstance(new InMemoryAuditSink());
                    }
                });

        Set<Policy> guards = injector.getInstance(Key.get(new TypeLiteral<Set<Policy>>() { }, GuardPolicies.class));
        Redactor redactor = injector.getInstance(Redactor.class);

        assertThat(guards).extracting(Policy::name)
                .containsExactlyInAnyOrder("leak-guard", "taint-guard", "rule-of-two", "escalation-signal");
        assertThat(redactor).isInstanceOf(SecretRedactor.class);
        assertThat(redactor.redact("code QS-7731-ALPHA")).isEqualTo("code [REDACTED:secret]");
        assertThat(injector.getInstance(SecretRegistry.class)).isSameAs(secrets);
    }

    @Test
    void buildsTheSameGuardsWithoutGuice() {
        SecretRegistry secrets = new SecretRegistry().addValue("QS-7731-ALPHA");

        List<Policy> guards = Guards.policies(secrets, SensitiveData.none(), new InMemoryAuditSink());

        assertThat(guards).extracting(Policy::name)
                .containsExactly("leak-guard", "taint-guard", "rule-of-two", "escalation-signal");
        assertThat(Guards.redactor(secrets).redact("qs-7731-alpha")).isEqualTo("[REDACTED:secret]");
    }
}
