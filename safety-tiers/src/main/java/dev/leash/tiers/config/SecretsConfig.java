package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code safety.secrets}: values that must never leave, given directly or by the name of an
 * environment variable holding them. Read by the leak guard and the redactor. {@link #toString()}
 * never shows the values. Immutable.
 *
 * @param env names of environment variables whose values are secret
 * @param values literal secret values (canaries)
 */
public record SecretsConfig(List<String> env, List<String> values) {

    public SecretsConfig {
        env = List.copyOf(requireNonNull(env, "env is null"));
        values = List.copyOf(requireNonNull(values, "values is null"));
    }

    public static SecretsConfig none() {
        return new SecretsConfig(List.of(), List.of());
    }

    @Override
    public String toString() {
        return "SecretsConfig[env=" + env + ", values=" + values.size() + " hidden]";
    }
}
