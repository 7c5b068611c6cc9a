package dev.leash.tiers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code safety.approvals} with {@code gate: store}: expiry, store, console link and reviewers. */
class ApprovalsConfigTest {

    @Test
    void readsTheStoreGateWithItsReviewersAndExpiry() {
        ApprovalsConfig a = LeashConfig.parse("""
                safety:
                  approvals:
                    gate: store
                    expires: 2h
                    url: https://chat.example.com/hook
                    console_url: https://approvals.example.com/
                    store: { url: "jdbc:postgresql://db.example.com/leash", user: leash, password_env: LEASH_DB_PASSWORD }
                    reviewers:
                      - { name: alice, password_hash: "pbkdf2-sha256$210000$c2FsdA==$aGFzaA==", principals: ["*"] }
                      - { name: bob, token_env: BOB_TOKEN, agents: [refunds] }
                """, "leash.yaml").safety().approvals();
        assertThat(a.gate()).isEqualTo(ApprovalsConfig.Gate.STORE);
        assertThat(a.expires()).isEqualTo(Duration.ofHours(2));
        assertThat(a.store()).contains("jdbc:postgresql://db.example.com/leash");
        assertThat(a.storeUser()).contains("leash");
        assertThat(a.storePasswordEnv()).contains("LEASH_DB_PASSWORD");
        assertThat(a.consoleUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("approvals.example.com"));
        assertThat(a.reviewers()).extracting(ApprovalsConfig.ReviewerConfig::name).containsExactly("alice", "bob");
        assertThat(a.reviewers().get(1).tokenEnv()).contains("BOB_TOKEN");
        assertThat(a.reviewers().get(1).agents()).containsExactly("refunds");
    }

    @Test
    void expiryDefaultsToADay() {
        assertThat(LeashConfig.parse("safety: { approvals: { gate: store } }", "leash.yaml").safety().approvals().expires())
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aReviewerNeedsExactlyOneWayToSignIn() {
        assertThatThrownBy(() -> LeashConfig.parse("safety: { approvals: { gate: store, reviewers: [ { name: eve } ] } }",
                "leash.yaml")).isInstanceOf(ConfigurationException.class).hasMessageContaining("password_hash")
                .hasMessageContaining("eve");
    }

    @Test
    void aPasswordInClearIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> LeashConfig.parse(
                "safety: { approvals: { gate: store, reviewers: [ { name: eve, password_hash: hunter22 } ] } }", "leash.yaml"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("pbkdf2-sha256")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void unknownKeysAndGatesAreNamed() {
        assertThatThrownBy(() -> LeashConfig.parse("safety: { approvals: { gate: queue } }", "leash.yaml"))
                .hasMessageContaining("store");
        assertThatThrownBy(() -> LeashConfig.parse("safety: { approvals: { gate: store, store: { jdbc: x } } }", "leash.yaml"))
                .hasMessageContaining("jdbc");
        assertThatThrownBy(() -> LeashConfig.parse("safety: { approvals: { gate: store, store: { url: postgres://x } } }",
                "leash.yaml")).hasMessageContaining("JDBC URL");
    }
}
