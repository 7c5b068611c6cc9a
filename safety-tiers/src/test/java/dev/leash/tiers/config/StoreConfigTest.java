package dev.leash.tiers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.ConfigurationException;
import dev.leash.tiers.store.SharedStores;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void inProcessIsTheDefault() {
        assertThat(LeashConfig.parse("safety: { level: 2 }", "leash.yaml").store().isInProcess()).isTrue();
    }

    @Test
    void readsAPostgresStore() {
        StoreConfig store = LeashConfig.parse("""
                store:
                  kind: postgres
                  url: jdbc:postgresql://db.example.com/leash
                  user_env: LEASH_STORE_USER
                  password_env: LEASH_STORE_PASSWORD
                  agent: refunds
                  refresh: 2s
                """, "leash.yaml").store();
        assertThat(store.kind()).isEqualTo("postgres");
        assertThat(store.url()).contains("jdbc:postgresql://db.example.com/leash");
        assertThat(store.userEnv()).contains("LEASH_STORE_USER");
        assertThat(store.passwordEnv()).contains("LEASH_STORE_PASSWORD");
        assertThat(store.agent()).isEqualTo("refunds");
        assertThat(store.refresh()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void rejectsAnUnknownKindKeyOrAMissingUrl() {
        assertThatThrownBy(() -> LeashConfig.parse("store: { kind: redis, url: x }", "leash.yaml"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("store.kind")
                .hasMessageContaining("in-process, postgres");
        assertThatThrownBy(() -> LeashConfig.parse("store: { kind: postgres }", "leash.yaml"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("store.url");
        assertThatThrownBy(() -> LeashConfig.parse("store: { kind: postgres, url: x, password: hunter2 }", "leash.yaml"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("store.password");
    }

    @Test
    void aPostgresStoreWithoutItsModuleStopsStartUpNamingTheModule() {
        StoreConfig store = StoreConfig.postgres("jdbc:postgresql://db.example.com/leash", null, null, "a", Duration.ofSeconds(1));
        assertThatThrownBy(() -> SharedStores.open(store, SafetyConfig.defaults()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("fleet-postgres");
    }
}
