package dev.leash.fleet.postgres;

import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.StoreConfig;
import dev.leash.tiers.store.SharedStore;
import dev.leash.tiers.store.SharedStoreProvider;

/** {@code store.kind: postgres}, found by {@link java.util.ServiceLoader}. Stateless. */
public final class PostgresStoreProvider implements SharedStoreProvider {

    @Override
    public String kind() {
        return StoreConfig.POSTGRES;
    }

    @Override
    public SharedStore open(StoreConfig store, SafetyConfig safety) {
        return PostgresStore.open(store, safety, System.getenv());
    }
}
