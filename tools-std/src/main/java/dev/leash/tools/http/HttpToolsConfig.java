package dev.leash.tools.http;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Configuration of the HTTP tools. Immutable; validated on construction.
 *
 * @param hosts the tool's own host allowlist, checked on every hop (redirects included): exact
 *     names ({@code api.example.com}), {@code *.example.com} for subdomains, or {@code *} for any
 *     host. Empty (the default) means no extra restriction in the tool: the tier's closed {@code
 *     http_hosts} allowlist still decides the first hop, and redirects must stay on the same host.
 *     A redirect to another host is followed only when this list names it (exactly or as {@code
 *     *.suffix}); {@code *} admits any first hop but no redirect elsewhere, since the tier sees
 *     only the first hop.
 * @param allowedAddresses address blocks exempt from the non-public check, e.g. {@code
 *     203.0.113.0/24} for a harness whose resolver maps hosts to documentation addresses; empty by
 *     default
 * @param allowPrivate when true, no address is refused for being non-public (a stub on loopback);
 *     default false. Never enable it in production.
 * @param timeout how long one call may take, redirects included (default 10 s); the call's
 *     deadline shortens it
 * @param maxResponseBytes response bodies are cut off after this many bytes (default 1 MiB)
 * @param maxRedirects redirects followed before the call is refused (default 5)
 * @param trustedHosts hosts whose responses are trusted ({@code safety.trusted.http_hosts}; {@code
 *     *.domain} for subdomains); a response is trusted only when every hop was on one. Default none:
 *     responses are untrusted.
 */
public record HttpToolsConfig(List<String> hosts, List<Cidr> allowedAddresses, boolean allowPrivate, Duration timeout,
                              long maxResponseBytes, int maxRedirects, List<String> trustedHosts) {

    public HttpToolsConfig(List<String> hosts, List<Cidr> allowedAddresses, boolean allowPrivate, Duration timeout,
                           long maxResponseBytes, int maxRedirects) {
        this(hosts, allowedAddresses, allowPrivate, timeout, maxResponseBytes, maxRedirects, List.of());
    }

    public HttpToolsConfig {
        List<String> normalised = new ArrayList<>();
        for (String host : requireNonNull(hosts, "hosts is null")) {
            if (host == null || host.isBlank() || !host.matches("\\*|(\\*\\.)?[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw ConfigurationException.invalidValue("http.hosts", null, host,
                        "a host name, *.domain for subdomains, or * for any host");
            }
            String h = host.trim().toLowerCase(Locale.ROOT);
            normalised.add(h.endsWith(".") ? h.substring(0, h.length() - 1) : h);
        }
        hosts = List.copyOf(normalised);
        allowedAddresses = List.copyOf(requireNonNull(allowedAddresses, "allowedAddresses is null"));
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw ConfigurationException.invalidValue("http.timeout", null, timeout, "a positive duration");
        }
        if (maxResponseBytes < 1) {
            throw ConfigurationException.invalidValue("http.max_response_bytes", null, maxResponseBytes, "a positive number");
        }
        if (maxRedirects < 0) {
            throw ConfigurationException.invalidValue("http.max_redirects", null, maxRedirects, "zero or more");
        }
        trustedHosts = requireNonNull(trustedHosts, "trustedHosts is null").stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /** A copy whose responses from {@code hosts} are trusted. */
    public HttpToolsConfig withTrustedHosts(List<String> trusted) {
        return new HttpToolsConfig(hosts, allowedAddresses, allowPrivate, timeout, maxResponseBytes, maxRedirects, trusted);
    }

    /** Whether a response from {@code host} is trusted. */
    public boolean trusts(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : trustedHosts) {
            if (entry.startsWith("*.") ? h.endsWith(entry.substring(1)) && h.length() > entry.length() - 1 : entry.equals(h)) {
                return true;
            }
        }
        return false;
    }

    /** No tool-level host list, no exempt addresses, 10 s, 1 MiB, 5 redirects. */
    public static HttpToolsConfig ofDefaults() {
        return new HttpToolsConfig(List.of(), List.of(), false, Duration.ofSeconds(10), 1024 * 1024, 5);
    }

    public HttpToolsConfig withHosts(List<String> allowed) {
        return new HttpToolsConfig(allowed, allowedAddresses, allowPrivate, timeout, maxResponseBytes, maxRedirects, trustedHosts);
    }

    /** Exempts these blocks (e.g. {@code "203.0.113.0/24"}) from the non-public check. */
    public HttpToolsConfig withAllowedAddresses(List<String> blocks) {
        return new HttpToolsConfig(hosts, blocks.stream().map(Cidr::parse).toList(), allowPrivate, timeout,
                maxResponseBytes, maxRedirects, trustedHosts);
    }

    public HttpToolsConfig withAllowPrivate(boolean allow) {
        return new HttpToolsConfig(hosts, allowedAddresses, allow, timeout, maxResponseBytes, maxRedirects, trustedHosts);
    }

    public HttpToolsConfig withTimeout(Duration limit) {
        return new HttpToolsConfig(hosts, allowedAddresses, allowPrivate, limit, maxResponseBytes, maxRedirects, trustedHosts);
    }

    public HttpToolsConfig withMaxResponseBytes(long max) {
        return new HttpToolsConfig(hosts, allowedAddresses, allowPrivate, timeout, max, maxRedirects, trustedHosts);
    }

    public HttpToolsConfig withMaxRedirects(int max) {
        return new HttpToolsConfig(hosts, allowedAddresses, allowPrivate, timeout, maxResponseBytes, max, trustedHosts);
    }
}
