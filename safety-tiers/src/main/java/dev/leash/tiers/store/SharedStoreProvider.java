package dev.leash.tiers.store;

import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.StoreConfig;

/**
 * Opens a {@link SharedStore} of one {@code store.kind}; found with {@link java.util.ServiceLoader}
 * (module {@code fleet-postgres} provides {@code postgres}). Implementations are stateless.
 */
public interface SharedStoreProvider {

    /** The {@code store.kind} this provider opens, e.g. {@code postgres}. */
    String kind();

    /**
     * Connects, creates or migrates the schema, and returns the store.
     *
     * @throws dev.leash.api.ConfigurationException when the store cannot be reached or configured
     */
    SharedStore open(StoreConfig store, SafetyConfig safety);
}
