package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code safety.sensitive}: data the Rule of Two treats as sensitive. A run that has read
 * untrusted input and touched sensitive data needs a human before it changes state or sends
 * anything out. Secrets are always sensitive. Immutable.
 *
 * @param paths globs relative to the file root, e.g. {@code hr/**}
 * @param tables SQL table names (case-insensitive)
 */
public record SensitiveConfig(List<String> paths, List<String> tables) {

    public SensitiveConfig {
        paths = List.copyOf(requireNonNull(paths, "paths is null"));
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
    }

    public static SensitiveConfig none() {
        return new SensitiveConfig(List.of(), List.of());
    }
}
