package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.core.audit.InMemoryAuditSink;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Long, repetitive text, as an attacker could put in a web page, must not break any guard. */
class HostileInputTest {

    static final String HOSTILE = "account " + "1 ".repeat(15_000) + " x@" + "a.".repeat(15_000) + "com "
            + "9".repeat(30_000) + " " + "a".repeat(30_000) + " " + "%41".repeat(10_000) + " "
            + "QUFB".repeat(10_000) + " " + "grant ".repeat(3_000);

    @Test
    void everyGuardAnswersOnLongRepetitiveText() {
        SecretRegistry secrets = new SecretRegistry().addValue("QS-7731-ALPHA");
        List<Policy> guards = Guards.policies(secrets, SensitiveData.of(Set.of("hr/**"), Set.of("salaries")),
                new InMemoryAuditSink());
        Calls.Run run = Calls.Run.of("Read the page.").untrusted("http_get", HOSTILE, "https://evil.example/");
        ProposedCall call = Calls.writeFile(run, "workspace/page.txt", HOSTILE);

        for (Policy guard : guards) {
            // The taint guard asks for approval (the page is copied verbatim); nothing else speaks.
            assertThat(guard.evaluate(call).isPresent()).as(guard.name()).isEqualTo(guard instanceof TaintGuard);
        }
        assertThat(new SecretRedactor(secrets).redact(HOSTILE)).isEqualTo(HOSTILE);
    }
}
