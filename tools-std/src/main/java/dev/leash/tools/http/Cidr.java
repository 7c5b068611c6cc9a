package dev.leash.tools.http;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block such as {@code 203.0.113.0/24} or {@code fd00::/8}. Immutable.
 *
 * @param network the network address
 * @param prefix the prefix length in bits
 */
public record Cidr(InetAddress network, int prefix) {

    public Cidr {
        requireNonNull(network, "network is null");
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix " + prefix + " out of range for " + network.getHostAddress());
        }
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code ipv6/n} or a single address (a block of one). Only literal
     * addresses: no name is resolved.
     *
     * @throws ConfigurationException naming the value when it is not a block
     */
    public static Cidr parse(String text) {
        requireNonNull(text, "text is null");
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!address.matches("[0-9A-Fa-f:.]+") || !(address.contains(".") || address.contains(":"))) {
            throw ConfigurationException.invalidValue("http.allowed_addresses", null, text, "an address block such as 203.0.113.0/24");
        }
        try {
            InetAddress network = InetAddress.getByName(address);
            int bits = network.getAddress().length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
            return new Cidr(network, prefix);
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw ConfigurationException.invalidValue("http.allowed_addresses", null, text, "an address block such as 203.0.113.0/24");
        }
    }

    /** True when {@code address} is inside this block (same family only). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
