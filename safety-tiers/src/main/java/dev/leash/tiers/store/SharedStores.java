package dev.leash.tiers.store;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import dev.leash.core.exec.CallLimiter;
import dev.leash.core.exec.StopCheck;
import dev.leash.tiers.config.SafetyConfig;
import dev.leash.tiers.config.StoreConfig;
import dev.leash.tiers.limit.TierLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Chooses the store from {@code store.kind}: the one place that selection is made. */
public final class SharedStores {

    private SharedStores() {
    }

    /**
     * The store {@code store} names: in-process limits and no kill switch by default, else the
     * provider of that kind found on the class path.
     *
     * @throws ConfigurationException when no provider of that kind is on the class path
     */
    public static SharedStore open(StoreConfig store, SafetyConfig safety) {
        requireNonNull(store, "store is null");
        requireNonNull(safety, "safety is null");
        if (store.isInProcess()) {
            return inProcess(safety);
        }
        List<String> found = new ArrayList<>();
        for (SharedStoreProvider provider : ServiceLoader.load(SharedStoreProvider.class)) {
            if (provider.kind().equals(store.kind())) {
                return provider.open(store, safety);
            }
            found.add(provider.kind());
        }
        throw ConfigurationException.invalidValue("store.kind", "leash.yaml", store.kind(),
                "a kind whose module is on the class path (add dev.leash:fleet-postgres for postgres); found: "
                        + (found.isEmpty() ? "none" : String.join(", ", found)));
    }

    /** Limits in this process only ({@link TierLimiter}), no kill switch. */
    public static SharedStore inProcess(SafetyConfig safety) {
        TierLimiter limiter = TierLimiter.of(safety);
        return new SharedStore() {
            @Override
            public CallLimiter limiter() {
                return limiter;
            }

            @Override
            public StopCheck stops() {
                return StopCheck.none();
            }

            @Override
            public void close() {
            }
        };
    }
}
