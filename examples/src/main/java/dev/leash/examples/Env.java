package dev.leash.examples;

import dev.leash.api.ConfigurationException;
import java.util.Map;

/** Reads the logins of configured backends from environment variables. Stateless. */
public final class Env {

    private Env() {
    }

    /**
     * The value of {@code name}.
     *
     * @throws ConfigurationException naming the variable and why it is needed when it is unset or blank
     */
    public static String require(Map<String, String> env, String name, String forWhat) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw ConfigurationException.missing(name, "the environment", "set " + name + " to " + forWhat);
        }
        return value;
    }
}
