package dev.leash.eval.sandbox;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How HTTP tools reach the sandbox's stub. Guards see every URL as the agent wrote it; name
 * resolution gives each host a documentation address ({@link #documentationAddress(String)}, in
 * 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24, never loopback or private); the transport sends
 * a request that passed the guards to {@link #route(URI)}: the loopback stub, with the original
 * scheme and host as the first two path segments. Every host is routed (the sandbox is a closed
 * world): a request to a host the scenario did not stub reaches the stub too, gets 404, and is
 * recorded. Immutable and thread-safe.
 *
 * @param host the loopback address of the stub
 * @param port the stub's port
 * @param hosts the hosts the scenario names (stubbed URLs and URLs in its script), lower case
 */
public record SandboxHttp(String host, int port, List<String> hosts) {

    public SandboxHttp {
        requireNonNull(host, "host is null");
        hosts = List.copyOf(requireNonNull(hosts, "hosts is null"));
    }

    /** The stub's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return URI.create("http://" + host + ":" + port);
    }

    /**
     * Where the transport sends {@code url}: {@code http://127.0.0.1:PORT/<scheme>/<host[:port]><path>?<query>}.
     *
     * @throws IllegalArgumentException when the URL has no host
     */
    public URI route(URI url) {
        requireNonNull(url, "url is null");
        if (url.getHost() == null || url.getScheme() == null) {
            throw new IllegalArgumentException("not an absolute URL with a host: " + url);
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return URI.create(baseUrl() + stubPath(url) + path + query);
    }

    /** The stub path prefix of a URL's origin: {@code /https/wiki.example} or {@code /http/h.example:8080}. */
    static String stubPath(URI url) {
        String authority = url.getHost().toLowerCase(Locale.ROOT) + (url.getPort() == -1 ? "" : ":" + url.getPort());
        return "/" + url.getScheme().toLowerCase(Locale.ROOT) + "/" + authority;
    }

    /** The URL the agent wrote, from a path the stub received; empty when it was not routed here. */
    static Optional<URI> original(String stubUrl) {
        String[] parts = stubUrl.split("/", 4);
        if (parts.length < 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        String rest = parts.length == 4 ? "/" + parts[3] : "/";
        try {
            return Optional.of(new URI(parts[1] + "://" + parts[2] + rest));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * A documentation address for {@code host}: the n-th scenario host gets the n-th address of
     * the documentation ranges; any other host a stable one from its hash.
     */
    public InetAddress documentationAddress(String host) {
        requireNonNull(host, "host is null");
        int index = hosts.indexOf(host.toLowerCase(Locale.ROOT));
        int n = index >= 0 ? index : hosts.size() + Math.floorMod(host.toLowerCase(Locale.ROOT).hashCode(), 600);
        int range = (n / 250) % 3;
        int last = n % 250 + 1;
        byte[][] prefixes = {{(byte) 192, 0, 2}, {(byte) 198, 51, 100}, {(byte) 203, 0, 113}};
        byte[] address = {prefixes[range][0], prefixes[range][1], prefixes[range][2], (byte) last};
        try {
            return InetAddress.getByAddress(host, address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
