package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The allowlists of {@code safety.allow}, one per target kind. Closed where it matters: with no
 * {@code email_domains} no recipient is inside, with no {@code http_hosts} no host is inside, and
 * with no {@code targets.<kind>} no target of that custom kind is inside. {@code paths} defaults
 * to the whole file root and {@code tables} to every table. Immutable.
 *
 * @param emailDomains recipient domains inside the allowlist ({@code example.com}; {@code
 *     *.example.com} also admits its subdomains); empty = none
 * @param httpHosts hosts inside the allowlist ({@code api.example.com}; {@code *.example.com} for
 *     subdomains); empty = none
 * @param paths globs of paths relative to the file root ({@code workspace/**}); empty Optional =
 *     the whole root
 * @param tables SQL tables inside the allowlist (case-insensitive); empty Optional = every table
 * @param targets {@code targets}: per custom kind ({@code payee}, {@code channel}), the values
 *     inside it, exact (case and white space ignored) or globs with {@code *} and {@code ?}; a kind
 *     not listed has nothing inside
 */
public record AllowConfig(List<String> emailDomains, List<String> httpHosts, Optional<List<String>> paths,
                          Optional<List<String>> tables, Map<String, List<String>> targets) {

    /** Allowlists without custom kinds. */
    public AllowConfig(List<String> emailDomains, List<String> httpHosts, Optional<List<String>> paths,
                       Optional<List<String>> tables) {
        this(emailDomains, httpHosts, paths, tables, Map.of());
    }

    public AllowConfig {
        emailDomains = List.copyOf(requireNonNull(emailDomains, "emailDomains is null"));
        httpHosts = List.copyOf(requireNonNull(httpHosts, "httpHosts is null"));
        paths = requireNonNull(paths, "paths is null").map(List::copyOf);
        tables = requireNonNull(tables, "tables is null").map(List::copyOf);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        requireNonNull(targets, "targets is null").forEach((kind, values) -> copy.put(kind, List.copyOf(values)));
        targets = Collections.unmodifiableMap(copy);
    }

    /** The values of custom kind {@code kind} inside the allowlist; empty (nothing inside) when not configured. */
    public List<String> targetsOf(String kind) {
        return targets.getOrDefault(kind, List.of());
    }

    /** Nothing configured: no recipient or host inside, every path and table inside. */
    public static AllowConfig defaults() {
        return new AllowConfig(List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    public AllowConfig withEmailDomains(List<String> domains) {
        return new AllowConfig(domains, httpHosts, paths, tables, targets);
    }

    public AllowConfig withHttpHosts(List<String> hosts) {
        return new AllowConfig(emailDomains, hosts, paths, tables, targets);
    }

    public AllowConfig withPaths(List<String> globs) {
        return new AllowConfig(emailDomains, httpHosts, Optional.of(globs), tables, targets);
    }

    public AllowConfig withTables(List<String> names) {
        return new AllowConfig(emailDomains, httpHosts, paths, Optional.of(names), targets);
    }

    /** A copy with {@code values} inside the allowlist of custom kind {@code kind}. */
    public AllowConfig withTargets(String kind, List<String> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>(targets);
        copy.put(kind, values);
        return new AllowConfig(emailDomains, httpHosts, paths, tables, copy);
    }
}
