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
        return compiled().isSensitivePath(path);
    }

    /** True if {@code table} (optionally schema-qualified) is marked sensitive. */
    public boolean isSensitiveTable(String table) {
        return compiled().isSensitiveTable(table);
    }

    /** The sensitive tables named as words in {@code sql}. */
    public List<String> tablesIn(String sql) {
        return compiled().tablesIn(sql);
    }

    /**
     * The globs compiled once, for a caller that asks many times (the {@link RuleOfTwo} asks of
     * every string of every observation): the same answers as this record's methods.
     */
    Compiled compiled() {
        return new Compiled(this);
    }

    /**
     * {@link SensitiveData} with its globs compiled to patterns once and its tables kept in
     * iteration order: the same answers as the record's methods, without compiling a pattern
     * per question. Immutable and thread-safe.
     */
    static final class Compiled {

        private final List<Pattern> paths;
        private final List<String> tables;
        private final Set<String> tableSet;

        private Compiled(SensitiveData data) {
            List<Pattern> patterns = new ArrayList<>();
            for (String glob : data.pathGlobs()) {
                // DOTALL: a file name may hold a line break, and "hr/**" covers it as any other
                patterns.add(Pattern.compile(globToRegex(stripLeadingSlashes(glob)), Pattern.DOTALL));
            }
            this.paths = List.copyOf(patterns);
            this.tables = List.copyOf(data.tables());
            this.tableSet = data.tables();
        }

        /** True if no path and no table is marked: every question is answered no. */
        boolean nothingMarked() {
            return paths.isEmpty() && tables.isEmpty();
        }

        boolean marksPaths() {
            return !paths.isEmpty();
        }

        boolean marksTables() {
            return !tables.isEmpty();
        }

        boolean isSensitivePath(String path) {
            if (path == null || paths.isEmpty()) {
                return false;
            }
            String p = stripLeadingSlashes(path.replace('\\', '/'));
            for (Pattern pattern : paths) {
                if (pattern.matcher(p).matches()) {
                    return true;
                }
            }
            return false;
        }

        boolean isSensitiveTable(String table) {
            if (table == null) {
                return false;
            }
            String t = table.toLowerCase(Locale.ROOT).replace("\"", "");
            return tableSet.contains(t) || tableSet.contains(t.substring(t.lastIndexOf('.') + 1));
        }

        List<String> tablesIn(String sql) {
            List<String> found = new ArrayList<>();
            if (sql == null || tables.isEmpty()) {
                return found;
            }
            String lower = sql.toLowerCase(Locale.ROOT);
            for (String table : tables) {
                if (holdsWord(lower, table)) {
                    found.add(table);
                }
            }
            return found;
        }

        /** {@code (?<![\w$])table(?![\w$])} found in {@code text}, without a regex. */
        private static boolean holdsWord(String text, String word) {
            for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
                int end = at + word.length();
                if ((at == 0 || !wordChar(text.charAt(at - 1))) && (end == text.length() || !wordChar(text.charAt(end)))) {
                    return true;
                }
            }
            return false;
        }

        /** {@code [\w$]}: {@code \w} without UNICODE_CHARACTER_CLASS is {@code [a-zA-Z_0-9]}. */
        private static boolean wordChar(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$';
        }
    }

    /** {@code path} without its leading run of {@code ./} and {@code /} (the regex {@code ^(\./|/)+}). */
    static String stripLeadingSlashes(String path) {
        int i = 0;
        while (true) {
            if (path.startsWith("./", i)) {
                i += 2;
            } else if (path.startsWith("/", i)) {
                i++;
            } else {
                return path.substring(i);
            }
        }
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
