package dev.leash.tiers.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The allowlists of {@code safety.allow}. Closed where it matters: with no {@code email_domains}
 * no recipient is inside, with no {@code http_hosts} no host is inside. {@code paths} defaults to
 * the whole file root and {@code tables} to every table. Immutable.
 *
 * @param emailDomains recipient domains inside the allowlist ({@code example.com}; {@code
 *     *.example.com} also admits its subdomains); empty = none
 * @param httpHosts hosts inside the allowlist ({@code api.example.com}; {@code *.example.com} for
 *     subdomains); empty = none
 * @param paths globs of paths relative to the file root ({@code workspace/**}); empty Optional =
 *     the whole root
 * @param tables SQL tables inside the allowlist (case-insensitive); empty Optional = every table
 */
public record AllowConfig(List<String> emailDomains, List<String> httpHosts, Optional<List<String>> paths,
                          Optional<List<String>> tables) {

    public AllowConfig {
        emailDomains = List.copyOf(requireNonNull(emailDomains, "emailDomains is null"));
        httpHosts = List.copyOf(requireNonNull(httpHosts, "httpHosts is null"));
        paths = requireNonNull(paths, "paths is null").map(List::copyOf);
        tables = requireNonNull(tables, "tables is null").map(List::copyOf);
    }

    /** Nothing configured: no recipient or host inside, every path and table inside. */
    public static AllowConfig defaults() {
        return new AllowConfig(List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    public AllowConfig withEmailDomains(List<String> domains) {
        return new AllowConfig(domains, httpHosts, paths, tables);
    }

    public AllowConfig withHttpHosts(List<String> hosts) {
        return new AllowConfig(emailDomains, hosts, paths, tables);
    }

    public AllowConfig withPaths(List<String> globs) {
        return new AllowConfig(emailDomains, httpHosts, Optional.of(globs), tables);
    }

    public AllowConfig withTables(List<String> names) {
        return new AllowConfig(emailDomains, httpHosts, paths, Optional.of(names));
    }
}
