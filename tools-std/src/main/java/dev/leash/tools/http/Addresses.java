package dev.leash.tools.http;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads IP literals in every spelling a URL parser might accept, and says which addresses are
 * not public. Stateless.
 */
final class Addresses {

    private static final Pattern ATON_PART = Pattern.compile("0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    /** Blocks that are not public, with why. IPv6 outside 2000::/3 is never public either. */
    private static final List<Block> NON_PUBLIC = List.of(
            block("0.0.0.0/8", "unspecified or 'this network'"),
            block("10.0.0.0/8", "private"),
            block("100.64.0.0/10", "carrier-grade NAT"),
            block("127.0.0.0/8", "loopback"),
            block("169.254.0.0/16", "link-local (cloud metadata)"),
            block("172.16.0.0/12", "private"),
            block("192.0.0.0/24", "IETF protocol assignments"),
            block("192.0.2.0/24", "documentation"),
            block("192.88.99.0/24", "6to4 relay"),
            block("192.168.0.0/16", "private"),
            block("198.18.0.0/15", "benchmarking"),
            block("198.51.100.0/24", "documentation"),
            block("203.0.113.0/24", "documentation"),
            block("224.0.0.0/4", "multicast"),
            block("240.0.0.0/4", "reserved or broadcast"),
            block("::/128", "unspecified"),
            block("::1/128", "loopback"),
            block("::/96", "IPv4-compatible"),
            block("64:ff9b::/96", "NAT64"),
            block("64:ff9b:1::/48", "NAT64"),
            block("100::/64", "discard"),
            block("2001::/32", "Teredo"),
            block("2001:db8::/32", "documentation"),
            block("2002::/16", "6to4"),
            block("fc00::/7", "unique-local"),
            block("fe80::/10", "link-local"),
            block("fec0::/10", "site-local"),
            block("ff00::/8", "multicast"));

    private static final Cidr GLOBAL_UNICAST_V6 = Cidr.parse("2000::/3");

    private record Block(Cidr cidr, String why) {
    }

    private Addresses() {
    }

    private static Block block(String cidr, String why) {
        return new Block(Cidr.parse(cidr), why);
    }

    /**
     * Why {@code address} is not public, or empty when it is. IPv4-mapped IPv6 addresses are
     * judged as the IPv4 address they carry.
     */
    static Optional<String> nonPublic(InetAddress address) {
        InetAddress judged = address;
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
            if (mapped) {
                judged = v4(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        for (Block block : NON_PUBLIC) {
            if (block.cidr().contains(judged)) {
                return Optional.of(block.why());
            }
        }
        if (judged instanceof Inet6Address && !GLOBAL_UNICAST_V6.contains(judged)) {
            return Optional.of("not global unicast IPv6");
        }
        if (judged.isAnyLocalAddress() || judged.isLoopbackAddress() || judged.isLinkLocalAddress()
                || judged.isSiteLocalAddress() || judged.isMulticastAddress()) {
            return Optional.of("not public");
        }
        return Optional.empty();
    }

    /**
     * The address a host spelled as an IP literal stands for, in any spelling: dotted decimal,
     * a single decimal number ({@code 2130706433}), octal ({@code 0177.0.0.1}), hex
     * ({@code 0x7f.1}), short forms ({@code 127.1}), or IPv6 (including IPv4-mapped). Empty for a
     * host name.
     *
     * @throws IllegalArgumentException for something that looks numeric but is no valid address
     */
    static Optional<InetAddress> literal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            if (!h.matches("[0-9a-f:.]+")) {
                throw new IllegalArgumentException("'" + host + "' is not a valid IPv6 address");
            }
            try {
                return Optional.of(InetAddress.getByName(h));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + host + "' is not a valid IPv6 address");
            }
        }
        String[] parts = h.split("\\.", -1);
        boolean allAton = parts.length <= 4;
        for (String part : parts) {
            allAton &= ATON_PART.matcher(part).matches();
        }
        if (allAton) {
            return Optional.of(aton(host, parts));
        }
        if (NUMERIC_LABEL.matcher(parts[parts.length - 1]).matches()) {
            throw new IllegalArgumentException("'" + host + "' ends in a numeric label; it is neither a host name nor a valid IP address");
        }
        return Optional.empty();
    }

    private static InetAddress aton(String host, String[] parts) {
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            BigInteger value;
            if (p.startsWith("0x") || p.startsWith("0X")) {
                value = p.length() == 2 ? BigInteger.ZERO : new BigInteger(p.substring(2), 16);
            } else if (p.length() > 1 && p.startsWith("0")) {
                value = new BigInteger(p.substring(1), 8);
            } else {
                value = new BigInteger(p);
            }
            if (value.bitLength() > 32) {
                throw new IllegalArgumentException("'" + host + "' is not a valid IPv4 address");
            }
            values[i] = value.longValue();
        }
        long result = 0;
        int n = values.length;
        for (int i = 0; i < n - 1; i++) {
            if (values[i] > 255) {
                throw new IllegalArgumentException("'" + host + "' is not a valid IPv4 address");
            }
            result |= values[i] << (8 * (3 - i));
        }
        long last = values[n - 1];
        long lastMax = (1L << (8 * (4 - (n - 1)))) - 1;
        if (last > lastMax) {
            throw new IllegalArgumentException("'" + host + "' is not a valid IPv4 address");
        }
        result |= last;
        return v4(new byte[] {(byte) (result >>> 24), (byte) (result >>> 16), (byte) (result >>> 8), (byte) result});
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
