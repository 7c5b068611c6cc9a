package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code safety.trusted}: the sources whose content is inside the deployment's trust boundary.
 * Everything else a tool reads (a page, a file, a row, a simulated or custom tool's result) is
 * untrusted; by default nothing is trusted. Immutable.
 *
 * @param httpHosts hosts whose responses are trusted ({@code status.example.com}; {@code
 *     *.example.com} for subdomains)
 * @param paths globs relative to the file root whose files are trusted ({@code config/**})
 * @param tables SQL tables whose rows are trusted (case-insensitive); a query is trusted only when
 *     every table it reads is
 * @param taintedStores {@code tainted_stores}: a file where the executor writes down the stores
 *     (paths, tables, hosts, custom targets) that a run wrote after reading untrusted content, so
 *     that what is read from them stays untrusted after a restart too; without it they are
 *     remembered for the life of the process only
 */
public record TrustedConfig(List<String> httpHosts, List<String> paths, List<String> tables, Optional<Path> taintedStores) {

    public TrustedConfig {
        httpHosts = List.copyOf(requireNonNull(httpHosts, "httpHosts is null"));
        paths = List.copyOf(requireNonNull(paths, "paths is null"));
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        requireNonNull(taintedStores, "taintedStores is null");
    }

    /** Trusted sources, with tainted stores remembered in the process only. */
    public TrustedConfig(List<String> httpHosts, List<String> paths, List<String> tables) {
        this(httpHosts, paths, tables, Optional.empty());
    }

    /** Nothing trusted. */
    public static TrustedConfig none() {
        return new TrustedConfig(List.of(), List.of(), List.of());
    }

    /** True when no source is trusted. */
    public boolean isEmpty() {
        return httpHosts.isEmpty() && paths.isEmpty() && tables.isEmpty();
    }
}
