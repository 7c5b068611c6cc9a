package dev.leash.tiers.policy;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Targets;
import dev.leash.tiers.config.AllowConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks each {@link Target} a call reports against {@code safety.allow}, by kind, whatever the
 * tool: a calendar invite's attendees meet {@code email_domains} as a mail's recipients do. Says
 * nothing when every target is inside (a call without targets is inside; the permission manifest
 * shows WRITE and IRREVERSIBLE tools that declare none). A target outside is <b>denied at every
 * level</b>, whatever a reviewer would say: a higher level never asks a human about a call a lower
 * one denies.
 *
 * <ul>
 *   <li>{@code email}: the parsed domain must be in {@code email_domains} (closed when not
 *       configured). Rule {@value #EMAIL_RULE}.
 *   <li>{@code host}: must be in {@code http_hosts} (closed when not configured). Rule
 *       {@value #HOST_RULE}.
 *   <li>{@code path}: relative to the file root, must match a glob of {@code paths} (default: the
 *       whole root; {@code dir/**} also admits {@code dir} itself). Absolute paths and {@code ..}
 *       are always outside. Rule {@value #PATH_RULE}.
 *   <li>{@code table}: must be in {@code tables} (default: every table; case-insensitive; an
 *       unqualified entry matches the table in any schema but the database's own catalogs, such
 *       as {@code information_schema} and {@code pg_catalog}, which only an entry naming the
 *       schema admits; a name with a non-ASCII character that lower-cases to an ASCII one is
 *       outside). Rule {@value #TABLE_RULE}.
 *   <li>a custom kind ({@code payee}, {@code channel}, ...): must match an entry of {@code
 *       targets.<kind>}, exactly (ignoring case, and white space in a code of mostly digits such
 *       as a grouped IBAN) or as a glob whose {@code *} and {@code ?} stand for letters,
 *       digits and {@code . _ - / + # = ~ %} only; closed when the kind is not configured. A value
 *       with a non-ASCII character that lower-cases to an ASCII one is outside. Rule {@code
 *       allowlist.targets.<kind>}.
 * </ul>
 *
 * <p>In {@code email_domains} and {@code http_hosts}, {@code *.example.com} admits the subdomains of
 * {@code example.com}; a plain entry admits exactly that name. Immutable and thread-safe.
 */
public final class Allowlists implements Policy {

    public static final String EMAIL_RULE = "allowlist.email_domains";
    public static final String HOST_RULE = "allowlist.http_hosts";
    public static final String PATH_RULE = "allowlist.paths";
    public static final String TABLE_RULE = "allowlist.tables";
    /** The prefix of a custom kind's rule: {@code allowlist.targets.payee}. */
    public static final String TARGETS_RULE = "allowlist.targets.";

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    /** What a wildcard of a custom kind's entry matches: one letter, digit, mark or {@code . _ - / + # = ~ %}. */
    private static final String WILDCARD_CHAR = "[\\p{L}\\p{M}\\p{N}._/+#=~%-]";
    /** Dot-separated labels of letters, digits, '-' and '_' (not at a label's ends, save '_'). */
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");
    private static final Pattern BRACKETED_V6 = Pattern.compile("\\[[0-9a-f:.]+\\]");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");

    private final SafetyLevel level;
    private final AllowConfig allow;
    private final List<PathMatcher> pathMatchers;
    private final List<String> pathBases;
    private final Map<String, List<Pattern>> customPatterns;

    public Allowlists(SafetyLevel level, AllowConfig allow) {
        this.level = requireNonNull(level, "level is null");
        this.allow = requireNonNull(allow, "allow is null");
        List<PathMatcher> matchers = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        for (String glob : allow.paths().orElse(List.of())) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            if (glob.endsWith("/**")) {
                bases.add(glob.substring(0, glob.length() - 3));
            }
        }
        this.pathMatchers = List.copyOf(matchers);
        this.pathBases = List.copyOf(bases);
        Map<String, List<Pattern>> custom = new java.util.HashMap<>();
        allow.targets().forEach((kind, values) -> custom.put(kind, values.stream().map(Allowlists::valuePattern).toList()));
        this.customPatterns = Map.copyOf(custom);
    }

    /** The rule that checks targets of {@code kind}. */
    public static String ruleOf(Target.Kind kind) {
        if (kind == Target.Kind.EMAIL_RECIPIENT) {
            return EMAIL_RULE;
        }
        if (kind == Target.Kind.HTTP_HOST) {
            return HOST_RULE;
        }
        if (kind == Target.Kind.PATH) {
            return PATH_RULE;
        }
        if (kind == Target.Kind.SQL_TABLE) {
            return TABLE_RULE;
        }
        return TARGETS_RULE + kind.name();
    }

    /** The allowlist's key in {@code safety.allow} for {@code kind}: {@code email_domains}, ..., {@code targets.payee}. */
    public static String keyOf(Target.Kind kind) {
        return ruleOf(kind).substring("allowlist.".length());
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        Map<Target.Kind, List<String>> outside = null; // made only for a call that has a target outside
        for (Target target : call.targets()) {
            if (!inside(target)) {
                if (outside == null) {
                    outside = new LinkedHashMap<>();
                }
                outside.computeIfAbsent(target.kind(), k -> new ArrayList<>()).add(target.value());
            }
        }
        if (outside == null) {
            return Optional.empty();
        }
        Map.Entry<Target.Kind, List<String>> first = outside.entrySet().iterator().next();
        List<String> parts = new ArrayList<>();
        outside.forEach((kind, values) -> parts.add(describe(kind, values)));
        return Optional.of(Decision.deny(ruleOf(first.getKey()), String.join("; ", parts) + "; " + call.tool()
                + " acts only on allowlisted targets at " + level + ", whatever a reviewer would say"));
    }

    /** True when {@code target} is inside the allowlist of its kind. */
    public boolean inside(Target target) {
        Target.Kind kind = target.kind();
        if (kind == Target.Kind.EMAIL_RECIPIENT) {
            return recipientInside(target.value());
        }
        if (kind == Target.Kind.HTTP_HOST) {
            return hostInside(target.value());
        }
        if (kind == Target.Kind.PATH) {
            return pathInside(target.value());
        }
        if (kind == Target.Kind.SQL_TABLE) {
            return tableInside(target.value());
        }
        return customInside(kind.name(), target.value());
    }

    private String describe(Target.Kind kind, List<String> values) {
        String what = String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
        if (kind == Target.Kind.EMAIL_RECIPIENT) {
            return "recipient(s) " + what + " outside email_domains " + listed(allow.emailDomains());
        }
        if (kind == Target.Kind.HTTP_HOST) {
            return "host(s) " + what + " not in http_hosts " + listed(allow.httpHosts());
        }
        if (kind == Target.Kind.PATH) {
            return "path(s) " + what + " outside the allowed paths " + allow.paths().map(Allowlists::listed).orElse("(the file root)");
        }
        if (kind == Target.Kind.SQL_TABLE) {
            return "table(s) " + what + " not in the allowed tables " + allow.tables().map(Allowlists::listed).orElse("");
        }
        return kind.name() + " target(s) " + what + " not in allow.targets." + kind.name() + " "
                + listed(allow.targetsOf(kind.name()));
    }

    /** True when {@code value} matches an entry of {@code targets.<kind>} (closed when the kind is not configured). */
    public boolean customInside(String kind, String value) {
        if (foldsIntoAscii(value)) {
            return false;
        }
        String normal = normalValue(value);
        return customPatterns.getOrDefault(kind, List.of()).stream().anyMatch(p -> p.matcher(normal).matches());
    }

    /** Whether a non-ASCII character of {@code value} lower-cases to an ASCII one (KELVIN SIGN to k, I WITH DOT ABOVE to i). */
    private static boolean foldsIntoAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x80 && Character.toLowerCase(c) < 0x80) {
                return true;
            }
        }
        return false;
    }

    /**
     * A value as compared: trimmed and lower-cased; white space inside is dropped only from a
     * code written in groups (letters, digits and {@code +}, at least as many digits as letters:
     * an IBAN, an account or a phone number), never from a value where it may separate words a
     * tool reads apart ({@code fix/a main}, {@code main line}).
     */
    private static String normalValue(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int letters = 0;
        int digits = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (Character.isLetter(c)) {
                letters++;
            } else if (c != '+' && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return v;
            }
        }
        return digits > 0 && letters <= digits ? withoutSpace(v) : v;
    }

    private static String withoutSpace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * An entry of {@code targets.<kind>} as a pattern: white space dropped (or, for a value of words,
     * each run of it as one space), {@code *} and {@code ?} for any run of, or any one, letter, digit, mark or {@code . _ - / + # = ~ %}. A wildcard
     * never matches white space, a control character or a mark that a tool may read as a
     * separator or an operator ({@code , ; : @ < > | & $} quotes, brackets...), so {@code fix/*}
     * does not admit {@code fix/x:main} and {@code *@example.com} does not admit {@code
     * eve@evil.example@example.com}.
     */
    private static Pattern valuePattern(String entry) {
        String normal = entry.trim().toLowerCase(Locale.ROOT);
        String compact = regexOf(withoutSpace(normal));
        String spaced = regexOf(normal.replaceAll("[\\s\\p{Zs}]+", " "));
        // A value of words keeps its white space (normalValue), so an entry of words ("Acme Optics")
        // admits it written as the entry writes it, one space between words, besides its compact
        // form; a wildcard still never stands for white space.
        return Pattern.compile(compact.equals(spaced) ? compact : "(?:" + compact + ")|(?:" + spaced + ")");
    }

    private static String regexOf(String entry) {
        StringBuilder regex = new StringBuilder();
        for (char c : entry.toCharArray()) {
            if (c == '*') {
                regex.append(WILDCARD_CHAR).append('*');
            } else if (c == '?') {
                regex.append(WILDCARD_CHAR);
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    @Override
    public String name() {
        return "allowlists";
    }

    private static String listed(List<String> values) {
        return values.isEmpty() ? "(none configured)" : values.toString();
    }

    /** True when the domain of {@code address} is in {@code email_domains}. */
    public boolean recipientInside(String address) {
        return domainOf(address).map(domain -> matchesName(domain, allow.emailDomains())).orElse(false);
    }

    /** True when {@code host} is in {@code http_hosts}. */
    public boolean hostInside(String host) {
        return normalizeHost(host).map(h -> matchesName(h, allow.httpHosts())).orElse(false);
    }

    /**
     * True when {@code path} is inside the root and matches {@code paths}, however the tool that
     * acts on it reads it: as written, with percent escapes decoded ({@code %2e%2e}), and with
     * Unicode compatibility forms folded (NFKC: the two-dot leader and the full-width full stop
     * and solidus become {@code ..} and {@code /}). Every reading must be inside. A path that
     * starts with {@code /} or {@code ~}, whose first segment holds {@code :} (a drive or a URL
     * scheme), or that holds a backslash or a control character is outside. White space is part
     * of the name ({@code "notes.txt "} is another file than {@code notes.txt}).
     */
    public boolean pathInside(String path) {
        String p = path;
        if (!pathReadingInside(p)) {
            return false;
        }
        String folded = Normalizer.isNormalized(p, Normalizer.Form.NFKC) ? p : Normalizer.normalize(p, Normalizer.Form.NFKC);
        if (!folded.equals(p) && !pathReadingInside(folded)) {
            return false;
        }
        String decoded = folded;
        for (int round = 0; round < 3 && decoded.indexOf('%') >= 0; round++) {
            String next = percentDecoded(decoded);
            if (next.equals(decoded)) {
                break;
            }
            decoded = Normalizer.normalize(next, Normalizer.Form.NFKC);
            if (!pathReadingInside(decoded)) {
                return false;
            }
        }
        return true;
    }

    private boolean pathReadingInside(String path) {
        String p = path;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.startsWith("/") || p.startsWith("~") || p.contains("\\")) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (Character.isISOControl(p.charAt(i))) {
                return false;
            }
        }
        String[] segments = p.split("/");
        if (segments.length > 0 && segments[0].indexOf(':') >= 0) {
            return false;
        }
        for (String segment : segments) {
            if (segment.equals("..")) {
                return false;
            }
        }
        if (allow.paths().isEmpty()) {
            return true;
        }
        String normalized = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        if (pathBases.contains(normalized)) {
            return true;
        }
        Path candidate;
        try {
            candidate = Path.of(normalized.isEmpty() ? "." : normalized);
        } catch (InvalidPathException e) {
            return false;
        }
        return pathMatchers.stream().anyMatch(m -> m.matches(candidate));
    }

    /** {@code text} with its {@code %XX} escapes decoded as UTF-8; other text, and broken escapes, as they are. */
    private static String percentDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int hi = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (hi >= 0 && lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
                continue;
            }
            if (bytes.size() > 0) {
                out.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            out.append(c);
        }
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /** True when {@code table} is in {@code tables} (or no tables are configured). */
    public boolean tableInside(String table) {
        if (allow.tables().isEmpty()) {
            return true;
        }
        if (foldsIntoAscii(table)) {
            return false;
        }
        String t = unquote(table);
        String bare = t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t;
        boolean catalog = t.contains(".") && SYSTEM_SCHEMAS.contains(schemaOf(t));
        for (String entry : allow.tables().get()) {
            String e = unquote(entry);
            // an unqualified entry names a table of the application, never one of the
            // database's own catalogs: 'users' does not admit information_schema.users
            if (e.contains(".") ? e.equals(t) : e.equals(bare) && !catalog) {
                return true;
            }
        }
        return false;
    }

    /**
     * The schemas in which databases keep their own catalogs and settings (PostgreSQL, H2, MySQL,
     * SQL Server): names there are matched only by an entry that names the schema too.
     */
    static final java.util.Set<String> SYSTEM_SCHEMAS = java.util.Set.of("information_schema", "pg_catalog", "pg_toast",
            "pg_temp", "pg_internal", "mysql", "performance_schema", "sys");

    /** The schema of a qualified name {@code [catalog.]schema.table}, lower-cased. */
    private static String schemaOf(String qualified) {
        String qualifier = qualified.substring(0, qualified.lastIndexOf('.'));
        String schema = qualifier.substring(qualifier.lastIndexOf('.') + 1);
        return schema.startsWith("pg_temp") ? "pg_temp" : schema.startsWith("pg_toast") ? "pg_toast" : schema;
    }

    private static String unquote(String name) {
        return name.trim().replace("\"", "").replace("`", "").replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
    }

    private static boolean matchesName(String name, List<String> allowed) {
        for (String entry : allowed) {
            if (entry.startsWith("*.")) {
                if (name.endsWith(entry.substring(1)) && name.length() > entry.length() - 1) {
                    return true;
                }
            } else if (entry.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lower-case domain of a recipient ({@code x@Example.COM}, {@code Name <x@example.com>},
     * {@code "Smith, Ann" <x@example.com>}), read as a mail server reads it ({@link
     * Targets#mailbox}): the domain after the {@code @} that is outside quotes, so that {@code
     * "<x@example.com>"@evil.example} is at {@code evil.example}. Anything that is not exactly one
     * mailbox (several recipients, text beside {@code <...>}, line breaks, an unclosed quote),
     * and a domain that is not an ASCII DNS name, has none (fail closed).
     */
    static Optional<String> domainOf(String address) {
        Optional<String> mailbox = Targets.mailbox(address);
        if (mailbox.isEmpty()) {
            return Optional.empty();
        }
        String a = mailbox.get();
        String domain = a.substring(a.lastIndexOf('@') + 1);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return DOMAIN.matcher(domain).matches() ? Optional.of(domain) : Optional.empty();
    }

    /**
     * The host of a {@code host} target, lower case, without a port or a trailing dot; empty
     * unless the value is exactly {@code name}, {@code name:port}, {@code [v6]} or {@code
     * [v6]:port} in ASCII. Anything else after the name ({@code api.example.com:80@evil.example},
     * {@code api.example.com:443/x}) is what a client may read as user information or a path before
     * the real host, so it is outside (fail closed).
     */
    private static Optional<String> normalizeHost(String host) {
        String h = host.trim();
        for (int i = 0; i < h.length(); i++) {
            if (h.charAt(i) >= 0x80) {
                return Optional.empty();
            }
        }
        h = Targets.asciiLowerCase(h);
        String name;
        String rest;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            name = h.substring(0, close + 1);
            rest = h.substring(close + 1);
            if (!BRACKETED_V6.matcher(name).matches()) {
                return Optional.empty();
            }
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
            rest = colon < 0 ? "" : h.substring(colon);
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            if (!HOST_NAME.matcher(name).matches()) {
                return Optional.empty();
            }
        }
        return rest.isEmpty() || PORT.matcher(rest).matches() ? Optional.of(name) : Optional.empty();
    }
}
