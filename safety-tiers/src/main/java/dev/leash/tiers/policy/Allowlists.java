package dev.leash.tiers.policy;

import static java.util.Objects.requireNonNull;

import dev.leash.api.SafetyLevel;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Target;
import dev.leash.tiers.config.AllowConfig;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks each {@link Target} a call reports against {@code safety.allow}. Says nothing when every
 * target is inside (so a call without targets, such as a custom WRITE tool, is inside).
 *
 * <ul>
 *   <li>{@code EMAIL_RECIPIENT}: the parsed domain must be in {@code email_domains} (closed when
 *       not configured). Outside: denied at Levels 1 and 2, human approval at Level 3. Rule
 *       {@value #EMAIL_RULE}.
 *   <li>{@code HTTP_HOST}: must be in {@code http_hosts} (closed when not configured). Outside:
 *       denied at every level. Rule {@value #HOST_RULE}.
 *   <li>{@code PATH}: relative to the file root, must match a glob of {@code paths} (default: the
 *       whole root; {@code dir/**} also admits {@code dir} itself). Absolute paths and {@code ..}
 *       are always outside. Outside: denied. Rule {@value #PATH_RULE}.
 *   <li>{@code SQL_TABLE}: must be in {@code tables} (default: every table; case-insensitive; an
 *       unqualified entry matches the table in any schema). Outside: denied. Rule
 *       {@value #TABLE_RULE}.
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

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private final SafetyLevel level;
    private final AllowConfig allow;
    private final List<PathMatcher> pathMatchers;
    private final List<String> pathBases;

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
    }

    @Override
    public Optional<Decision> evaluate(ProposedCall call) {
        List<String> recipientsOutside = new ArrayList<>();
        for (Target target : call.targets()) {
            switch (target.kind()) {
                case HTTP_HOST:
                    if (!hostInside(target.value())) {
                        return Optional.of(Decision.deny(HOST_RULE, "host '" + target.value() + "' is not in http_hosts "
                                + listed(allow.httpHosts()) + "; requests go only to allowlisted hosts"));
                    }
                    break;
                case PATH:
                    if (!pathInside(target.value())) {
                        return Optional.of(Decision.deny(PATH_RULE, "path '" + target.value() + "' is outside the allowed paths "
                                + allow.paths().map(Allowlists::listed).orElse("(the file root)")));
                    }
                    break;
                case SQL_TABLE:
                    if (!tableInside(target.value())) {
                        return Optional.of(Decision.deny(TABLE_RULE, "table '" + target.value() + "' is not in the allowed tables "
                                + allow.tables().map(Allowlists::listed).orElse("")));
                    }
                    break;
                case EMAIL_RECIPIENT:
                    if (!recipientInside(target.value())) {
                        recipientsOutside.add(target.value());
                    }
                    break;
                default:
                    return Optional.of(Decision.deny("allowlist", "unknown kind of target " + target.kind()));
            }
        }
        if (recipientsOutside.isEmpty()) {
            return Optional.empty();
        }
        String reason = "recipient(s) " + String.join(", ", recipientsOutside) + " outside email_domains "
                + listed(allow.emailDomains());
        if (level == SafetyLevel.LEVEL_3) {
            return Optional.of(Decision.requireApproval(EMAIL_RULE, reason + "; at " + level + " a human must approve"));
        }
        return Optional.of(Decision.deny(EMAIL_RULE, reason + "; mail goes only to allowlisted domains at " + level));
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

    /** True when {@code path} is inside the root and matches {@code paths}. */
    public boolean pathInside(String path) {
        String p = path.trim();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.startsWith("/") || p.contains("\\") || p.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : p.split("/")) {
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
        Path candidate = Path.of(normalized.isEmpty() ? "." : normalized);
        return pathMatchers.stream().anyMatch(m -> m.matches(candidate));
    }

    /** True when {@code table} is in {@code tables} (or no tables are configured). */
    public boolean tableInside(String table) {
        if (allow.tables().isEmpty()) {
            return true;
        }
        String t = unquote(table);
        String bare = t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t;
        for (String entry : allow.tables().get()) {
            String e = unquote(entry);
            if (e.contains(".") ? e.equals(t) : e.equals(bare)) {
                return true;
            }
        }
        return false;
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

    /** The lower-case domain of an address ({@code x@Example.COM}, {@code Name <x@example.com>}), if it parses. */
    static Optional<String> domainOf(String address) {
        String a = address.trim();
        int open = a.lastIndexOf('<');
        if (open >= 0) {
            int close = a.indexOf('>', open);
            if (close < 0) {
                return Optional.empty();
            }
            a = a.substring(open + 1, close).trim();
        }
        // One bare address per target: several addresses, quoting or spaces are not parsed here
        // and count as outside (fail closed), so "a@evil.example, b@example.com" cannot pass.
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1 || a.indexOf('@') != at || a.matches(".*[\\s,;\"<>()].*")) {
            return Optional.empty();
        }
        String domain = a.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return DOMAIN.matcher(domain).matches() ? Optional.of(domain) : Optional.empty();
    }

    private static Optional<String> normalizeHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? Optional.empty() : Optional.of(h.substring(0, close + 1));
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() || !h.matches("[a-z0-9._-]+") ? Optional.empty() : Optional.of(h);
    }
}
