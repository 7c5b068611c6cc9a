package dev.leash.guards;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@link SensitiveData}'s questions as they were answered before its globs were compiled once:
 * a pattern compiled per glob and per table at every question, and the leading {@code ./} and
 * {@code /} taken off by a regex. Kept unchanged as the oracle of {@link SensitiveDataCompiledTest}
 * and of {@link RuleOfTwoByScan}.
 */
final class SensitiveDataByRegex {

    private final SensitiveData data;

    SensitiveDataByRegex(SensitiveData data) {
        this.data = data;
    }

    boolean isSensitivePath(String path) {
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

    boolean isSensitiveTable(String table) {
        if (table == null) {
            return false;
        }
        String t = table.toLowerCase(Locale.ROOT).replace("\"", "");
        return data.tables().contains(t) || data.tables().contains(t.substring(t.lastIndexOf('.') + 1));
    }

    List<String> tablesIn(String sql) {
        List<String> found = new ArrayList<>();
        if (sql == null) {
            return found;
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        for (String table : data.tables()) {
            if (Pattern.compile("(?<![\\w$])" + Pattern.quote(table) + "(?![\\w$])").matcher(lower).find()) {
                found.add(table);
            }
        }
        return found;
    }

    /** What the Rule of Two took for the path of a string: without a leading scheme. */
    static String withoutScheme(String s) {
        return s.replaceFirst("^[a-z]+:(//)?", "");
    }

    private List<Pattern> patterns() {
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : data.pathGlobs()) {
            patterns.add(Pattern.compile(SensitiveData.globToRegex(glob.replaceFirst("^(\\./|/)+", "")), Pattern.DOTALL));
        }
        return patterns;
    }
}
