package dev.leash.tools.http;

import static java.util.Objects.requireNonNull;

import dev.leash.tools.ToolRefusedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks of one hop: the URL's form, its host against the tool's allowlist, and every address
 * it reaches against the non-public blocks. Immutable and thread-safe.
 */
final class UrlGuard {

    /**
     * A URL that passed the lexical checks.
     *
     * @param uri the URL
     * @param host the host, lower case; IP literals in canonical form ({@code 127.0.0.1})
     * @param literal the address when the host is an IP literal
     */
    record Hop(URI uri, String host, Optional<InetAddress> literal) {
    }

    private final HttpToolsConfig config;
    private final HostResolver resolver;

    UrlGuard(HttpToolsConfig config, HostResolver resolver) {
        this.config = requireNonNull(config, "config is null");
        this.resolver = requireNonNull(resolver, "resolver is null");
    }

    /** Lexical checks only; no name is resolved. */
    Hop parse(String tool, String url) {
        if (url == null || url.isBlank()) {
            throw ToolRefusedException.of(tool, "http.bad-url", "the argument 'url' is missing");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw ToolRefusedException.of(tool, "http.bad-url", "'" + url + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ToolRefusedException.of(tool, "http.scheme", "'" + url + "' is not an http or https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@")) {
            throw ToolRefusedException.of(tool, "http.userinfo", "'" + url + "' carries user information before the host; it is refused");
        }
        String host = hostOf(tool, uri, url);
        Optional<InetAddress> literal;
        try {
            literal = Addresses.literal(host);
        } catch (IllegalArgumentException e) {
            throw ToolRefusedException.of(tool, "http.bad-host", e.getMessage());
        }
        if (literal.isEmpty() && !host.matches("[a-z0-9]([a-z0-9\\-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9\\-]*[a-z0-9])?)*")) {
            throw ToolRefusedException.of(tool, "http.bad-host", "'" + host + "' is not a valid host name");
        }
        String canonical = literal.map(UrlGuard::canonical).orElse(host);
        if (literal.isPresent()) {
            checkAddress(tool, canonical, literal.get());
        }
        if (!config.hosts().isEmpty() && !allowedHost(canonical)) {
            throw ToolRefusedException.of(tool, "http.host-not-allowed",
                    "the host '" + canonical + "' is not in the HTTP tools' host allowlist " + config.hosts());
        }
        return new Hop(uri, canonical, literal);
    }

    /** Every address the hop reaches, each checked; resolves names through the {@link HostResolver}. */
    List<InetAddress> addresses(String tool, Hop hop) {
        if (hop.literal().isPresent()) {
            return List.of(hop.literal().get());
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(hop.host());
        } catch (UnknownHostException e) {
            throw ToolRefusedException.of(tool, "http.unknown-host", "the host '" + hop.host() + "' does not resolve");
        }
        if (addresses == null || addresses.isEmpty()) {
            throw ToolRefusedException.of(tool, "http.unknown-host", "the host '" + hop.host() + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            checkAddress(tool, hop.host(), address);
        }
        return List.copyOf(addresses);
    }

    private void checkAddress(String tool, String host, InetAddress address) {
        if (config.allowPrivate()) {
            return;
        }
        for (Cidr exempt : config.allowedAddresses()) {
            if (exempt.contains(address)) {
                return;
            }
        }
        Optional<String> why = Addresses.nonPublic(address);
        if (why.isPresent()) {
            throw ToolRefusedException.of(tool, "http.non-public-address",
                    "'" + host + "' is " + (host.equals(canonical(address)) ? "" : "at ") + canonical(address)
                            + ", a " + why.get() + " address; requests to non-public addresses are refused");
        }
    }

    /** Whether the tool's host list names {@code host}: exactly or as {@code *.suffix}, not by {@code *} alone. */
    boolean namesHost(String host) {
        for (String allowed : config.hosts()) {
            if (allowed.equals(host) || allowed.startsWith("*.") && host.endsWith(allowed.substring(1))) {
                return true;
            }
        }
        return false;
    }

    private boolean allowedHost(String host) {
        for (String allowed : config.hosts()) {
            if (allowed.equals("*") || allowed.equals(host)
                    || allowed.startsWith("*.") && host.endsWith(allowed.substring(1))) {
                return true;
            }
        }
        return false;
    }

    private static String hostOf(String tool, URI uri, String url) {
        String host = uri.getHost();
        if (host == null) {
            // java.net.URI leaves the host empty for names it cannot read as a host, such as
            // http://2130706433/ or http://0x7f.1/: read it from the authority.
            String authority = uri.getRawAuthority();
            if (authority == null || authority.isEmpty()) {
                throw ToolRefusedException.of(tool, "http.bad-url", "'" + url + "' has no host");
            }
            host = authority;
            if (host.startsWith("[")) {
                int end = host.indexOf(']');
                host = end < 0 ? host : host.substring(0, end + 1);
            } else if (host.lastIndexOf(':') >= 0) {
                host = host.substring(0, host.lastIndexOf(':'));
            }
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.contains("%")) {
            throw ToolRefusedException.of(tool, "http.bad-host", "'" + url + "' has an empty or encoded host");
        }
        return host;
    }

    private static String canonical(InetAddress address) {
        return address.getHostAddress();
    }
}
