package dev.leash.api.tool;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a call's targets from the arguments a tool declares ({@link ToolSpec#targets()}: argument
 * name to kind name). This is what {@link Tool#targets} does by default, so an annotated method, a
 * class tool with a spec, a scenario's simulated tool or an MCP tool meets the same allowlists as
 * the standard tools.
 *
 * <p>Per kind, each value of the argument (a string, or each string of an array; other values as
 * their JSON text) becomes a target:
 * <ul>
 *   <li>{@code email}: read as a list of mailboxes the way a mail server reads a header field
 *       ({@link #mailboxes}): split at {@code ,} and {@code ;} outside quotes, comments and
 *       {@code <...>}; each recipient is its address ({@code local@domain}, the address inside
 *       {@code <...>} when given, quoted local parts kept quoted), ASCII letters lower-cased. A value
 *       that does not read as such a list is kept whole, as written, and no allowlist admits it
 *       (fail closed).
 *   <li>{@code url}: the URL's host, as a {@code host} target; a value that is not an absolute URL
 *       with a host, or whose authority holds a non-ASCII character, is kept as written, which a
 *       host allowlist admits only in the form {@code host} or {@code host:port}.
 *   <li>{@code host}: ASCII letters lower-cased. {@code path}: as written (white space is part of
 *       a file name). {@code table} and custom kinds: trimmed.
 * </ul>
 *
 * <p>When a tool declares any target, an argument it does not declare that names copies of a
 * message ({@code cc}, {@code bcc}, {@code reply_to}, in any case, with or without {@code _} or
 * {@code -}) is read as an {@code email} argument too: a recipient the spec forgot is still one.
 *
 * <p>Only ASCII letters are ever lower-cased here: Unicode case folding turns some characters
 * into ASCII ones (KELVIN SIGN into {@code k}), which would make a name look like another one.
 *
 * <p>Stateless and thread-safe.
 */
public final class Targets {

    /** The kind name that declares a URL argument; its targets are {@code host} targets. */
    public static final String URL = "url";

    /** Argument names (lower case, without {@code _} and {@code -}) of copies of a message. */
    private static final Set<String> COPY_FIELDS = Set.of("cc", "bcc", "ccs", "bccs", "replyto",
            "cclist", "bcclist", "ccrecipients", "bccrecipients", "ccaddresses", "bccaddresses", "ccemails", "bccemails");

    private Targets() {
    }

    /** Whether {@code kind} may be declared for an argument: a kind name, or {@link #URL}. */
    public static void checkDeclaredKind(String tool, String argument, String kind) {
        if (URL.equals(kind)) {
            return;
        }
        try {
            Target.Kind.of(kind);
        } catch (IllegalArgumentException e) {
            throw ToolDefinitionException.badSchema(tool, "argument '" + argument + "' declares target kind '" + kind
                    + "': use email, host, url, path, table or a lower-case name of the tool's own such as payee");
        }
    }

    /** The targets of {@code call} for the arguments {@code declared} names (argument to kind). */
    public static List<Target> fromArguments(Map<String, String> declared, ToolCall call) {
        requireNonNull(declared, "declared is null");
        requireNonNull(call, "call is null");
        List<Target> targets = new ArrayList<>();
        for (Map.Entry<String, String> entry : declared.entrySet()) {
            JsonNode node = call.argument(entry.getKey()).orElse(null);
            if (node == null || node.isNull()) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(item -> values.add(item.isTextual() ? item.asText() : item.toString()));
            } else {
                values.add(node.isTextual() ? node.asText() : node.toString());
            }
            for (String value : values) {
                targets.addAll(of(entry.getValue(), value));
            }
        }
        if (!declared.isEmpty()) {
            // Copies go to recipients too: a cc or bcc that the spec forgot to declare is still
            // where the tool sends, so it meets email_domains like the declared recipients.
            Iterator<Map.Entry<String, JsonNode>> fields = call.argumentFields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (declared.containsKey(field.getKey()) || !COPY_FIELDS.contains(fieldName(field.getKey()))) {
                    continue;
                }
                JsonNode node = field.getValue();
                List<JsonNode> items = new ArrayList<>();
                if (node.isArray()) {
                    node.forEach(items::add);
                } else {
                    items.add(node);
                }
                for (JsonNode item : items) {
                    String value = item.isTextual() ? item.asText() : item.isNull() ? "" : item.toString();
                    if (!strip(value).isEmpty()) {
                        targets.addAll(of(Target.Kind.EMAIL_RECIPIENT.name(), value));
                    }
                }
            }
        }
        return List.copyOf(targets);
    }

    private static String fieldName(String argument) {
        return asciiLowerCase(argument).replace("_", "").replace("-", "");
    }

    /** The targets one argument value of kind {@code kind} names. */
    public static List<Target> of(String kind, String value) {
        requireNonNull(kind, "kind is null");
        requireNonNull(value, "value is null");
        if (URL.equals(kind)) {
            return List.of(Target.host(hostOf(value)));
        }
        Target.Kind k = Target.Kind.of(kind);
        if (k == Target.Kind.EMAIL_RECIPIENT) {
            return recipients(value).stream().map(Target::recipient).toList();
        }
        if (k == Target.Kind.HTTP_HOST) {
            return List.of(Target.host(asciiLowerCase(value.trim())));
        }
        if (k == Target.Kind.PATH) {
            return List.of(Target.path(value)); // as the tool opens it: "notes.txt " is another file
        }
        return List.of(new Target(k, value.trim()));
    }

    private static List<String> recipients(String value) {
        List<String> addresses = mailboxes(value);
        return addresses.isEmpty() ? List.of(value) : addresses;
    }

    /**
     * The address of {@code value} when it is exactly one mailbox ({@code ann@example.com}, {@code
     * Ann <ann@example.com>}, {@code "Smith, Ann" <ann@example.com>}, {@code ann@example.com (Ann)}),
     * as {@link #mailboxes} reads it; empty for anything else.
     */
    public static Optional<String> mailbox(String value) {
        requireNonNull(value, "value is null");
        List<String> addresses = mailboxes(value);
        return addresses.size() == 1 ? Optional.of(addresses.get(0)) : Optional.empty();
    }

    /**
     * The addresses of a recipient field, read as RFC 5322 reads a list of mailboxes, or an empty
     * list when the field does not read as one (then no recipient of it can be trusted to be the
     * one a mail server would use).
     *
     * <p>Recipients are separated by {@code ,} or {@code ;} outside quoted strings, comments and
     * {@code <...>}. A recipient is an address ({@code local@domain}, optionally followed by
     * comments), or a display name (words and quoted strings, no {@code @ : [ ]} outside quotes)
     * followed by exactly one {@code <address>} and nothing else but comments. The local part is a
     * dot-atom or a quoted string; there is exactly one {@code @} outside quotes. Control
     * characters (line breaks included) anywhere, a backslash outside quotes and comments, an
     * unclosed quote, comment or angle bracket, a second {@code <...>}, source routes and groups
     * make the whole field unreadable. Each address is returned as {@code local@domain} with ASCII
     * letters lower-cased; a quoted local part stays quoted.
     */
    public static List<String> mailboxes(String field) {
        requireNonNull(field, "field is null");
        List<String> addresses = new ArrayList<>();
        StringBuilder outside = new StringBuilder();
        StringBuilder angle = null;
        boolean angleClosed = false;
        boolean textAfterAngle = false;
        int n = field.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? field.charAt(i) : ',';
            if (i == n && angle != null && !angleClosed) {
                return List.of();
            }
            if (Character.isISOControl(c)) {
                return List.of();
            }
            if (c == '"') {
                int end = quotedEnd(field, i);
                if (end < 0) {
                    return List.of();
                }
                (angle != null && !angleClosed ? angle : outside).append(field, i, end + 1);
                textAfterAngle |= angleClosed;
                i = end;
            } else if (c == '(') {
                int end = commentEnd(field, i);
                if (end < 0 || angle != null && !angleClosed) {
                    return List.of();
                }
                outside.append(' ');
                i = end;
            } else if (c == '\\' || c == ')') {
                return List.of();
            } else if (c == '<') {
                if (angle != null) {
                    return List.of();
                }
                angle = new StringBuilder();
            } else if (c == '>') {
                if (angle == null || angleClosed) {
                    return List.of();
                }
                angleClosed = true;
            } else if ((c == ',' || c == ';') && (angle == null || angleClosed)) {
                String display = outside.toString();
                if (angle != null) {
                    if (textAfterAngle || hasUnquotedSpecial(display)) {
                        return List.of();
                    }
                    Optional<String> address = addrSpec(strip(angle.toString()));
                    if (address.isEmpty()) {
                        return List.of();
                    }
                    addresses.add(address.get());
                } else if (!strip(display).isEmpty()) {
                    Optional<String> address = addrSpec(strip(display));
                    if (address.isEmpty()) {
                        return List.of();
                    }
                    addresses.add(address.get());
                }
                outside.setLength(0);
                angle = null;
                angleClosed = false;
                textAfterAngle = false;
            } else if (angle != null && !angleClosed) {
                angle.append(c);
            } else {
                if (angleClosed && !isSpace(c)) {
                    textAfterAngle = true;
                }
                outside.append(c);
            }
        }
        return List.copyOf(addresses);
    }

    /** The index of the quote that closes the quoted string opened at {@code open}, or -1. */
    private static int quotedEnd(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return -1;
            }
            if (c == '\\') {
                i++;
                if (i >= text.length() || Character.isISOControl(text.charAt(i))) {
                    return -1;
                }
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the parenthesis that closes the (nested) comment opened at {@code open}, or -1. */
    private static int commentEnd(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return -1;
            }
            if (c == '\\') {
                i++;
                if (i >= text.length() || Character.isISOControl(text.charAt(i))) {
                    return -1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a display name holds {@code @ : [ ]} outside its quoted strings (an address or a group, not a name). */
    private static boolean hasUnquotedSpecial(String display) {
        boolean quoted = false;
        for (int i = 0; i < display.length(); i++) {
            char c = display.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && "@:[]".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code local@domain} with one {@code @} outside quotes, a dot-atom or quoted local part, no white space. */
    private static Optional<String> addrSpec(String spec) {
        String local;
        int at;
        if (spec.startsWith("\"")) {
            int end = quotedEnd(spec, 0);
            if (end < 0 || end + 1 >= spec.length() || spec.charAt(end + 1) != '@') {
                return Optional.empty();
            }
            local = spec.substring(0, end + 1);
            at = end + 1;
        } else {
            at = spec.indexOf('@');
            if (at <= 0) {
                return Optional.empty();
            }
            local = spec.substring(0, at);
            if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
                return Optional.empty();
            }
            for (int i = 0; i < local.length(); i++) {
                if (!isAtext(local.charAt(i)) && local.charAt(i) != '.') {
                    return Optional.empty();
                }
            }
        }
        String domain = spec.substring(at + 1);
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (!isAtext(c) && c != '.') {
                return Optional.empty();
            }
        }
        return Optional.of(asciiLowerCase(local) + "@" + asciiLowerCase(domain));
    }

    /** RFC 5322 atext, and any non-ASCII character that is not white space (RFC 6532). */
    private static boolean isAtext(char c) {
        if (c >= 0x80) {
            return !isSpace(c);
        }
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** {@code text} without leading and trailing white space of any kind (line and paragraph separators included). */
    private static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with only the ASCII letters {@code A-Z} lower-cased. */
    public static String asciiLowerCase(String text) {
        requireNonNull(text, "text is null");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = text.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return text;
    }

    private static String hostOf(String url) {
        try {
            URI uri = new URI(url.trim());
            // A non-ASCII character in the authority is read differently by parsers that apply
            // NFKC first (full-width '#' or '/' before an '@' ends the authority there): as written.
            if (uri.getScheme() != null && uri.getHost() != null && isAscii(uri.getRawAuthority())) {
                return asciiLowerCase(uri.getHost());
            }
        } catch (URISyntaxException e) {
            // kept as written below: no allowlist admits it
        }
        return url;
    }
}
