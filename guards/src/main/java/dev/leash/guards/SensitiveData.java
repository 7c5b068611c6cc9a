package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.api.ConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Paths and tables the deployment marks sensitive, for the {@link RuleOfTwo}. Path globs are
 * relative to the file root: {@code *} matches within one path segment, {@code **} across
 * segments, {@code ?} one character ({@code secrets/**}, {@code hr/*.csv}). Table names are
 * compared ignoring case. Immutable and thread-safe.
 *
 * @param pathGlobs globs of sensitive paths
 * @param tables names of sensitive tables
 */
public record SensitiveData(Set<String> pathGlobs, Set<String> tables) {

    public SensitiveData {
        pathGlobs = Set.copyOf(requireNonNull(pathGlobs, "pathGlobs is null"));
        Set<String> lowered = new LinkedHashSet<>();
        for (String table : requireNonNull(tables, "tables is null")) {
            if (table == null || !table.matches("[A-Za-z_][A-Za-z0-9_.$]*")) {
                throw ConfigurationException.invalidValue("sensitive tables", null, table, "a table name");
            }
            lowered.add(table.toLowerCase(Locale.ROOT));
        }
        tables = Set.copyOf(lowered);
        for (String glob : pathGlobs) {
            if (glob == null || glob.isBlank()) {
                throw ConfigurationException.invalidValue("sensitive paths", null, glob, "a path glob such as secrets/**");
            }
        }
    }

    /** Nothing is marked sensitive (secrets still are). */
    public static SensitiveData none() {
        return new SensitiveData(Set.of(), Set.of());
    }

    public static SensitiveData of(Set<String> pathGlobs, Set<String> tables) {
        return new SensitiveData(pathGlobs, tables);
    }

    /** True if {@code path} (relative, {@code ./} and leading {@code /} ignored) matches a glob. */
    public boolean isSensitivePath(String path) {
        if (path == null) {
            return false;
        }
        String p = path.replace('\\', '/').replaceFirst("^(\\./|/)+", "");
        for (Pattern pattern : patterns()) {
            if (pattern.matcher(p).matches()) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code table} (optionally schema-qualified) is marked sensitive. */
    public boolean isSensitiveTable(String table) {
        if (table == null) {
            return false;
        }
        String t = table.toLowerCase(Locale.ROOT).replace("\"", "");
        return tables.contains(t) || tables.contains(t.substring(t.lastIndexOf('.') + 1));
    }

    /** The sensitive tables named as words in {@code sql}. */
    public List<String> tablesIn(String sql) {
        List<String> found = new ArrayList<>();
        if (sql == null) {
            return found;
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        for (String table : tables) {
            if (Pattern.compile("(?<![\\w$])" + Pattern.quote(table) + "(?![\\w$])").matcher(lower).find()) {
                found.add(table);
            }
        }
        return found;
    }

    private List<Pattern> patterns() {
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : pathGlobs) {
            patterns.add(Pattern.compile(globToRegex(glob.replaceFirst("^(\\./|/)+", ""))));
        }
        return patterns;
    }

    static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                        i++;
                        regex.append("(?:.*/)?");
                    } else {
                        regex.append(".*");
                    }
                } else {
                    regex.append("[^/]*");
                }
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
