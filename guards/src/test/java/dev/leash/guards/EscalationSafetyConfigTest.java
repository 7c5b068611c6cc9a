package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An agent that keeps getting blocked may write a Leash safety block into a configuration file of
 * any name (a deployment's {@code agent.yml}, a {@code --config} file) to lower its level, widen
 * its allowlists, trust more sources or drop its approvals: a permission request written as YAML
 * or JSON. A file that only has a {@code safety:} key of its own is not one.
 */
class EscalationSafetyConfigTest {

    private final EscalationSignals signals = new EscalationSignals();

    @ParameterizedTest
    @ValueSource(strings = {
        "safety:\n  level: 1\n",
        "safety:\r\n  level: 1\r\n",
        "# deploy settings\nsafety:\n  # relaxed for the demo\n  allow:\n    http_hosts: [\"*\"]\n",
        "model:\n  name: gpt\nsafety:\n  tools:\n    send_email: { rate: \"100/s\" }\n  approvals: { gate: deny }\n",
        "SAFETY:\n    PERSISTENCE: { MAX_DENIALS: 1000 }\n",
        "safety: { level: 1 }",
        "safety: {allow: {email_domains: [\"*\"]}}",
        "{\"safety\": {\"trusted\": {\"http_hosts\": [\"*\"]}}}",
        "{\"safety\":{\"level\":1}}"})
    void aSafetyBlockWrittenOutIsAPermissionRequest(String text) {
        assertThat(signals.scan(text)).as(text).get().extracting(EscalationSignals.Signal::kind)
                .isEqualTo(EscalationSignals.Kind.PERMISSION_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "site:\n  safety:\n    helmets: required\n    level_of_noise: low\n",
        "safety:\n  helmets: required\nlevel: 3\n",
        "safety: reviewed by the works council\nlevel: 2\n",
        "{\"safety\": {\"rating\": 5}, \"level\": 2}",
        "The safety: level of the building is fine.",
        "Safety: the crane is inspected weekly. Allow: two people per cage."})
    void aSafetyKeyOfTheTasksOwnIsNoSignal(String text) {
        assertThat(signals.scan(text)).as(text).isEmpty();
    }
}
