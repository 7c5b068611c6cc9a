package dev.leash.tools.mail;

import dev.leash.tools.ToolRefusedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the {@code to} argument as RFC 5322 addresses (strict): display names, quoted local
 * parts and several recipients are read the way a mail server reads them, so {@code
 * "boss@corp.example" <x@evil.example>} is {@code x@evil.example}. Source routes ({@code
 * <@evil.example:x@corp.example>}) are refused: the domain checked is the last one, the host a
 * relay that follows the route reaches is the first. Stateless.
 */
final class Recipients {

    private Recipients() {
    }

    /**
     * The parsed addresses, each validated; groups are refused.
     *
     * @throws ToolRefusedException naming the problem when the text is not a list of addresses
     */
    static List<InternetAddress> parse(String tool, String to) {
        if (to == null || to.isBlank()) {
            throw ToolRefusedException.of(tool, "mail.bad-recipient", "the argument 'to' is empty");
        }
        if (to.indexOf('\r') >= 0 || to.indexOf('\n') >= 0) {
            throw ToolRefusedException.of(tool, "mail.bad-recipient", "the argument 'to' contains a line break");
        }
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parse(to, true);
        } catch (AddressException e) {
            throw ToolRefusedException.of(tool, "mail.bad-recipient", "'" + to + "' is not a list of e-mail addresses: " + e.getMessage());
        }
        if (parsed.length == 0) {
            throw ToolRefusedException.of(tool, "mail.bad-recipient", "'" + to + "' names no recipient");
        }
        List<InternetAddress> addresses = new ArrayList<>();
        for (InternetAddress address : parsed) {
            if (address.isGroup()) {
                throw ToolRefusedException.of(tool, "mail.bad-recipient", "group addresses are not accepted: " + address);
            }
            try {
                address.validate();
            } catch (AddressException e) {
                throw ToolRefusedException.of(tool, "mail.bad-recipient", "'" + address.getAddress() + "' is not a valid address: " + e.getMessage());
            }
            if (address.getAddress().startsWith("@")) {
                // <@evil.example:x@corp.example>: a source route, which a relay may follow to its first host
                throw ToolRefusedException.of(tool, "mail.bad-recipient", "'" + address.getAddress() + "' carries a source route"
                        + " (@host:...), which some mail servers follow to another host than the address's domain");
            }
            if (address.getAddress().lastIndexOf('@') < 1) {
                throw ToolRefusedException.of(tool, "mail.bad-recipient", "'" + address.getAddress() + "' has no domain");
            }
            String domain = address.getAddress().substring(address.getAddress().lastIndexOf('@') + 1);
            if (!domain.chars().allMatch(c -> c < 0x80)) {
                // Case folding would read some of these as ASCII names (KELVIN SIGN as k) that the
                // mail server never sees: only the ASCII (xn--) form is compared and sent.
                throw ToolRefusedException.of(tool, "mail.bad-recipient", "the domain of '" + address.getAddress()
                        + "' is not ASCII; give an internationalised domain in its ASCII (xn--) form");
            }
            addresses.add(address);
        }
        return addresses;
    }

    /** The bare address with the domain in lower case, e.g. {@code x@evil.example}. */
    static String bare(InternetAddress address) {
        String a = address.getAddress();
        int at = a.lastIndexOf('@');
        return a.substring(0, at + 1) + a.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** The parsed domain: after the last {@code @}, lower case. */
    static String domain(InternetAddress address) {
        String a = address.getAddress();
        return a.substring(a.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** Refuses any address whose domain is outside {@code domains} (when the list is not empty). */
    static void checkDomains(String tool, List<InternetAddress> addresses, List<String> domains) {
        if (domains.isEmpty()) {
            return;
        }
        for (InternetAddress address : addresses) {
            String domain = domain(address);
            boolean allowed = false;
            for (String d : domains) {
                allowed |= d.equals(domain) || d.startsWith("*.") && domain.endsWith(d.substring(1));
            }
            if (!allowed) {
                throw ToolRefusedException.of(tool, "mail.domain-not-allowed",
                        "the recipient " + bare(address) + " is outside the allowed domains " + domains);
            }
        }
    }
}
