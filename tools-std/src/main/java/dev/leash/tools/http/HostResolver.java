package dev.leash.tools.http;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a host name into the addresses a request to it would reach; the HTTP tools check every
 * one of them before sending. Only called for names, never for IP literals, and only in {@code
 * execute} (never while a call is inspected, so that a lookup cannot leak data before the
 * policies allowed the call). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * All addresses of {@code host} (lower case, no trailing dot).
     *
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver ({@link InetAddress#getAllByName}). */
    static HostResolver system() {
        return host -> Arrays.asList(InetAddress.getAllByName(host));
    }

    /**
     * A fixed table, e.g. scenario hosts to documentation addresses ({@code 203.0.113.10});
     * names not in it do not resolve. Addresses must be literals.
     */
    static HostResolver fixed(Map<String, String> hostToAddress) {
        requireNonNull(hostToAddress, "hostToAddress is null");
        Map<String, InetAddress> table = new HashMap<>();
        for (Map.Entry<String, String> entry : hostToAddress.entrySet()) {
            InetAddress address = Cidr.parse(entry.getValue()).network();
            table.put(entry.getKey().toLowerCase(Locale.ROOT), address);
        }
        Map<String, InetAddress> copy = Map.copyOf(table);
        return host -> {
            InetAddress address = copy.get(host.toLowerCase(Locale.ROOT));
            if (address == null) {
                throw new UnknownHostException(host + " is not in the resolver's table");
            }
            return List.of(address);
        };
    }
}
