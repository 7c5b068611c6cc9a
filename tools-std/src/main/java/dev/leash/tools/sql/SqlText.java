package dev.leash.tools.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A strict lexer of the part of SQL on which PostgreSQL, H2 and JSqlParser agree: {@code '...'}
 * strings with {@code ''}, {@code "..."} identifiers with {@code ""}, {@code --} and unnested
 * {@code /* *}{@code /} comments, words, numbers and punctuation. Everything on which they could
 * disagree is refused with a problem instead of being guessed at: backslashes, {@code $} (dollar
 * quoting, H2's {@code $$}), prefixed strings ({@code E'..'}, {@code U&'..'}, {@code B'..'},
 * {@code X'..'}, {@code N'..'}), nested comments, backticks, JDBC escapes ({@code {fn ..}}),
 * parameters ({@code ?}), {@code #} and {@code //}, control and non-ASCII characters outside
 * strings, and unterminated strings or comments. Its statements are the text between top-level
 * semicolons; that is what reaches the driver, one at a time. Package-private; immutable.
 */
final class SqlText {

    enum Kind { WORD, QUOTED, STRING, NUMBER, SYMBOL }

    /** One token; {@code text} of a WORD is upper-cased, of QUOTED and STRING the content. */
    record Token(Kind kind, String text) {
        boolean is(String word) {
            return kind == Kind.WORD && text.equals(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    /** One statement: its source text and tokens. */
    record Segment(String source, List<Token> tokens) {
        Segment {
            tokens = List.copyOf(tokens);
        }
    }

    private final List<Segment> segments;
    private final String problem;
    private final String ambiguity;

    private SqlText(List<Segment> segments, String problem, String ambiguity) {
        this.segments = List.copyOf(segments);
        this.problem = problem;
        this.ambiguity = ambiguity;
    }

    /**
     * Set when the text lexed as standard SQL but could be read differently by the database (a
     * backslash in a string): the SQL is unparsed all the same, the segments only serve to name
     * what else it calls.
     */
    String ambiguity() {
        return ambiguity;
    }

    /** The statements, or empty when {@link #problem()} is set. */
    List<Segment> segments() {
        return segments;
    }

    /** Why the text was refused, or null. */
    String problem() {
        return problem;
    }

    static SqlText lex(String sql) {
        List<Segment> segments = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        String ambiguity = null;
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                i++;
            } else if (c == '\r') {
                if (i + 1 >= n || sql.charAt(i + 1) != '\n') {
                    return refused("a carriage return not followed by a line feed");
                }
                i += 2;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                String comment = end < 0 ? sql.substring(i) : sql.substring(i, end);
                if (comment.indexOf('\\') >= 0 || comment.indexOf('\r') >= 0 && !comment.endsWith("\r")) {
                    return refused("a backslash or carriage return in a -- comment");
                }
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return refused("an unterminated /* comment");
                }
                String body = sql.substring(i + 2, end);
                if (body.contains("/*")) {
                    return refused("a nested /* comment (PostgreSQL nests comments, other parsers do not)");
                }
                if (body.indexOf('\\') >= 0 || body.indexOf('$') >= 0) {
                    return refused("a backslash or $ in a comment");
                }
                i = end + 2;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '/') {
                return refused("'//' (a comment in some parsers, not in the database)");
            } else if (c == '\'') {
                if (i > 0 && prefixChar(sql.charAt(i - 1))) {
                    return refused("a prefixed string literal (" + sql.charAt(i - 1)
                            + "'...'): escape strings and their relatives are lexed differently by the database and the parser");
                }
                int[] end = new int[1];
                String content = quoted(sql, i, '\'', end);
                if (content == null) {
                    return refused("an unterminated string literal");
                }
                if (content.indexOf('\\') >= 0 && ambiguity == null) {
                    // Read on as standard SQL, so that the functions around it can still be named.
                    ambiguity = "a backslash in a string literal (an escape in some modes of the database and some parsers)";
                }
                tokens.add(new Token(Kind.STRING, content));
                i = end[0];
            } else if (c == '"') {
                if (i > 0 && prefixChar(sql.charAt(i - 1))) {
                    return refused("a prefixed quoted identifier (" + sql.charAt(i - 1) + "\"...\")");
                }
                int[] end = new int[1];
                String content = quoted(sql, i, '"', end);
                if (content == null) {
                    return refused("an unterminated quoted identifier");
                }
                if (content.indexOf('\\') >= 0 || content.isEmpty()) {
                    return refused("an empty quoted identifier or one with a backslash");
                }
                tokens.add(new Token(Kind.QUOTED, content));
                i = end[0];
            } else if (isWordStart(c)) {
                int j = i + 1;
                while (j < n && isWordPart(sql.charAt(j))) {
                    j++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(i, j).toUpperCase(Locale.ROOT)));
                i = j;
            } else if (c >= '0' && c <= '9') {
                int j = i + 1;
                while (j < n && (isWordPart(sql.charAt(j)) || sql.charAt(j) == '.')) {
                    j++;
                }
                tokens.add(new Token(Kind.NUMBER, sql.substring(i, j)));
                i = j;
            } else if (c == ';') {
                addSegment(segments, sql.substring(start, i), tokens);
                tokens = new ArrayList<>();
                i++;
                start = i;
            } else if ("(),.*+-/<>=!|:%^~&@[]".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            } else if (c == '\\') {
                return refused("a backslash outside a string (an escape or a command in some clients)");
            } else if (c == '$') {
                return refused("'$' (dollar quoting or a parameter: the database and the parser lex it differently)");
            } else if (c == '`') {
                return refused("a backtick (a quote in some parsers, not in the database)");
            } else if (c == '{' || c == '}') {
                return refused("'" + c + "' (a JDBC escape the driver rewrites)");
            } else if (c == '?') {
                return refused("'?' (a JDBC parameter marker)");
            } else if (c == '#') {
                return refused("'#' (a comment in some parsers, an operator in the database)");
            } else {
                return refused(String.format(Locale.ROOT, "the character U+%04X outside a string", (int) c));
            }
        }
        addSegment(segments, sql.substring(start), tokens);
        if (segments.isEmpty()) {
            return refused("no statement found");
        }
        return new SqlText(segments, null, ambiguity);
    }

    private static void addSegment(List<Segment> segments, String source, List<Token> tokens) {
        if (!tokens.isEmpty()) {
            segments.add(new Segment(source.strip(), tokens));
        }
    }

    private static SqlText refused(String problem) {
        return new SqlText(List.of(), problem, null);
    }

    /** The content of a quoted run starting at {@code open}, doubled quotes undone; null if unterminated. */
    private static String quoted(String sql, int open, char quote, int[] end) {
        StringBuilder content = new StringBuilder();
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    content.append(quote);
                    i += 2;
                    continue;
                }
                end[0] = i + 1;
                return content.toString();
            }
            if (c == 0) {
                return null;
            }
            content.append(c);
            i++;
        }
        return null;
    }

    private static boolean prefixChar(char c) {
        return isWordPart(c) || c == '&';
    }

    private static boolean isWordStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || c >= '0' && c <= '9';
    }
}
