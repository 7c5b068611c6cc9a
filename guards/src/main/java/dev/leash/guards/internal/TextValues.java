package dev.leash.guards.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Short but decisive values in text (e-mail addresses, URLs, IBANs, account numbers, money
 * amounts) and word shingles, with the views needed to tell whether a value occurs in another
 * text. Immutable once built; thread-safe.
 */
public final class TextValues {

    /** The kinds of decisive value. */
    public enum Kind {
        EMAIL("e-mail address"), URL("URL"), IBAN("IBAN"), ACCOUNT("account number"), AMOUNT("amount");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A decisive value.
     *
     * @param kind its kind
     * @param key the normalised form used for matching
     * @param shown the value as written, for reasons
     */
    public record Value(Kind kind, String key, String shown) {
    }

    // Patterns use character classes only, never repeated groups: Java matches repeated groups
    // recursively, and untrusted text must not be able to overflow the stack.
    // Each pattern starts only at the beginning of a token (lookbehind) and takes the token
    // possessively, so that matching stays linear on long hostile runs.
    private static final Pattern EMAIL = Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern URL = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"'()\\[\\]{}]+");
    /**
     * A link without a scheme ({@code evil-login.example/reset}, {@code www.evil.example}): a host
     * of two or more labels with a path, or starting with {@code www.}. A bare host name without a
     * path is not taken: it is as likely the domain of a sender being answered.
     */
    private static final Pattern SCHEMELESS = Pattern.compile(
            "(?i)(?<![@\\w./:-])(?:www\\.[a-z0-9-]++(?:\\.[a-z0-9-]++)*\\.[a-z]{2,24}+(?:/[^\\s<>\"'()\\[\\]{}]*+)?"
                    + "|[a-z0-9-]++(?:\\.[a-z0-9-]++)*\\.[a-z]{2,24}+/[^\\s<>\"'()\\[\\]{}]++)");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\\b");
    private static final Pattern DIGIT_GROUP = Pattern.compile("(?<![\\w.,])\\d[\\d -]{6,}\\d(?![\\w])");
    private static final Pattern DATE = Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b");
    private static final String NUMBER = "(?<![\\d,.'])\\d[\\d,.']*+";
    private static final Pattern AMOUNT = Pattern.compile(
            "(?i)(?:[$€£]|\\b(?:usd|eur|gbp|chf)\\b)\\s?(" + NUMBER + ")"
                    + "|(" + NUMBER + ")\\s?(?:[$€£]|\\b(?:usd|eur|gbp|chf|dollars?|euros?|pounds?)\\b)");
    /** A digit group is an account number only when words like these come shortly before it. */
    private static final Pattern ACCOUNT_WORDS = Pattern.compile(
            "(?i)\\b(?:account|acct|a/c|iban|routing|sort code|bank|beneficiary|wallet|swift|bic|card|aba|bsb|transit)\\b");
    private static final int ACCOUNT_CONTEXT = 40;
    private static final Pattern ANY_NUMBER = Pattern.compile(NUMBER);
    private static final int MAX_NUMBER_LENGTH = 40;
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[,.]+$");
    private static final Pattern US_GROUPED = Pattern.compile("\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");
    private static final Pattern EU_GROUPED = Pattern.compile("\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("\\d+,\\d{1,2}");
    private static final BigDecimal MIN_AMOUNT = BigDecimal.TEN;

    private final String lower;
    private final String upperCompact;
    private final Set<String> digitGroups;
    private final Set<String> numbers;

    private TextValues(String text) {
        this.lower = text.toLowerCase(Locale.ROOT);
        this.upperCompact = upperCompact(text);
        this.digitGroups = digitGroups(text);
        this.numbers = new LinkedHashSet<>();
        int firstDigit = firstDigit(text);
        if (firstDigit < 0) {
            return; // a number starts with a digit: the regular expression would try every position for none
        }
        Matcher n = ANY_NUMBER.matcher(text);
        // No number starts before the first digit; the look-behind still sees the characters before it.
        boolean found = n.find(firstDigit);
        while (found) {
            String normal = normaliseNumber(n.group());
            if (normal != null) {
                numbers.add(normal);
            }
            found = n.find();
        }
    }

    /** Where the first ASCII digit ({@code \\d}) of {@code text} is, or -1. */
    private static int firstDigit(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The text upper-cased with white space and dashes removed, as {@code
     * text.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "")} (where {@code \\s} is ASCII white space).
     * An ASCII text (nearly every argument) is upper-cased and compacted in one pass into bytes,
     * without the case tables {@code toUpperCase} consults per character or a copy in chars.
     */
    static String upperCompact(String text) {
        int n = text.length();
        byte[] ascii = new byte[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= ASCII) {
                return upperCompactOfAny(text);
            }
            ascii[length] = ASCII_UPPER_CASE[c]; // written always, counted only when kept: no branch on white space
            length += ASCII_KEPT[c];
        }
        return new String(ascii, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Per ASCII char: the char upper-cased, as {@code toUpperCase(Locale.ROOT)} upper-cases it. */
    private static final byte[] ASCII_UPPER_CASE = new byte[0x80];
    /** Per ASCII char: 1 where {@link #upperCompact} keeps it, 0 for white space and dashes. */
    private static final byte[] ASCII_KEPT = new byte[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            ASCII_UPPER_CASE[c] = (byte) (c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
            ASCII_KEPT[c] = (byte) (compacted(c) ? 0 : 1);
        }
    }

    /**
     * {@link #upperCompact} of any text, upper-cased whole first (upper-casing can change its
     * length: {@code ß} becomes {@code SS}).
     */
    private static String upperCompactOfAny(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        int n = upper.length();
        int i = 0;
        while (i < n && !compacted(upper.charAt(i))) {
            i++;
        }
        if (i == n) {
            return upper;
        }
        char[] out = new char[n];
        upper.getChars(0, i, out, 0);
        int length = i;
        for (; i < n; i++) {
            char c = upper.charAt(i);
            out[length] = c; // kept unless compacted: written always, counted only when kept
            length += compacted(c) ? 0 : 1;
        }
        return new String(out, 0, length);
    }

    private static boolean compacted(char c) {
        return c == ' ' || c == '-' || c >= '\t' && c <= '\r';
    }

    /** The digit groups of the text (dates left out), digits only. */
    static Set<String> digitGroups(String text) {
        Set<String> digitGroups = new LinkedHashSet<>();
        if (!mayHoldDigitGroup(text)) {
            return digitGroups;
        }
        Matcher m = DIGIT_GROUP.matcher(DATE.matcher(text).replaceAll(" "));
        while (m.find()) {
            if (isDigitGroup(m.group())) {
                digitGroups.add(m.group().replaceAll("\\D", ""));
            }
        }
        return digitGroups;
    }

    /**
     * False where {@link #digitGroups} finds none, told in one pass without a regular expression:
     * a digit group (at least 8 digits, between digits only spaces and dashes) lies, once dates
     * are replaced by a space, within a run of digits, spaces, dashes, dots and slashes (a date is
     * written with those only) of the text as written, which then holds at least 8 digits.
     * Such a run is 8 characters or more, so it holds one of every 8th character: only those are
     * read, and where one is in a run, the run about it (in prose, a lone space or full stop).
     * Package-private for the tests.
     */
    static boolean mayHoldDigitGroup(String text) {
        int n = text.length();
        for (int p = 7; p < n; ) {
            if (!inDigitRun(text.charAt(p))) {
                p += 8;
                continue;
            }
            int from = p;
            while (from > 0 && inDigitRun(text.charAt(from - 1))) {
                from--;
            }
            int digits = 0;
            int to = from;
            for (; to < n && inDigitRun(text.charAt(to)); to++) {
                char c = text.charAt(to);
                digits += c >= '0' && c <= '9' ? 1 : 0;
            }
            if (digits >= 8) {
                return true;
            }
            p = to | 7; // the first of every 8th character (7 mod 8) at or after the run's end
        }
        return false;
    }

    /** Digits, spaces, dashes, full stops and slashes: what a digit group and the dates left out of it are written with. */
    private static boolean inDigitRun(char c) {
        return c >= '0' && c <= '9' || c == ' ' || c == '-' || c == '.' || c == '/';
    }

    /**
     * True where {@link #exactNumber} answers null for certain, told without copying or matching the
     * text: stripped of white space, a currency of at most four characters ({@code "usd "}, {@code
     * "$"}) may be taken off each end, and what is left must be all digits, commas, dots and
     * apostrophes; so any other character farther than four characters from both ends of the
     * stripped text rules a number out (prose, however long, is read only up to its fifth
     * character or so). Package-private for the tests.
     */
    static boolean notOneNumber(String text) {
        int n = text.length();
        int from = 0;
        while (from < n && Character.isWhitespace(text.charAt(from))) {
            from++; // a white space code point is one char: String.strip strips the same
        }
        int to = n;
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        for (int i = from + 4; i < to - 4; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c == ',' || c == '.' || c == '\'')) {
                return true;
            }
        }
        return false;
    }

    /** True if the whole text is one number equal to {@code value}'s amount (a numeric argument). */
    public static boolean isExactly(String text, Value value) {
        return value.key().equals(exactNumber(text));
    }

    /**
     * The amount key of a text that is one number as a whole (a numeric argument, {@code $9,800.00}),
     * as {@link #isExactly} reads it; null when the text is not one number.
     */
    public static String exactNumber(String text) {
        if (notOneNumber(text)) {
            return null;
        }
        String t = text.strip().replaceAll("^(?:[$€£]|(?i:usd|eur|gbp|chf)\\b)\\s?|\\s?(?:[$€£]|\\b(?i:usd|eur|gbp|chf))$", "");
        if (!t.matches("\\d[\\d,.']*")) {
            return null;
        }
        return normaliseNumber(t);
    }

    /** Views of {@code text} for {@link #contains(Value)}. */
    public static TextValues of(String text) {
        return new TextValues(text == null ? "" : text);
    }

    /** True if {@code value} occurs in this text (in any ordinary spelling of its kind). */
    public boolean contains(Value value) {
        return contains(value, lower, upperCompact, digitGroups, numbers);
    }

    String lower() {
        return lower;
    }

    String upperCompact() {
        return upperCompact;
    }

    Set<String> digitGroups() {
        return digitGroups;
    }

    Set<String> numbers() {
        return numbers;
    }

    /** Where a bare host {@code key} may stand in lower-case text: not inside a name, an address or a longer host. */
    static boolean bareHostAt(CharSequence lower, int start, int end) {
        if (start > 0) {
            char before = lower.charAt(start - 1);
            if (before == '@' || before == '.' || before == '-' || isWordChar(before)) {
                return false;
            }
        }
        if (end < lower.length()) {
            char after = lower.charAt(end);
            return !(after == '-' || isWordChar(after));
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /**
     * The views of a text that grows by lines, equal at every point to {@link TextValues#of} of all
     * the text so far: each piece is read once when it is added. A piece must start with a line
     * break or follow one that ended the piece before (as the guards join results and sources);
     * no value crosses a line break except in the compacted upper-case view, which is kept whole.
     * Not thread-safe.
     */
    public static final class Growing {
        private final StringBuilder lower = new StringBuilder();
        private final StringBuilder upperCompact = new StringBuilder();
        private final Set<String> digitGroups = new LinkedHashSet<>();
        private final Set<String> numbers = new java.util.HashSet<>();

        /** Adds {@code piece}; returns the views of the piece alone. */
        public TextValues append(String piece) {
            TextValues values = TextValues.of(piece);
            lower.append(values.lower);
            upperCompact.append(values.upperCompact);
            digitGroups.addAll(values.digitGroups);
            numbers.addAll(values.numbers);
            return values;
        }

        /** As {@link TextValues#contains} on all the text so far. */
        public boolean contains(Value value) {
            return TextValues.contains(value, lower, upperCompact, digitGroups, numbers);
        }

        /** As {@code text.toLowerCase(Locale.ROOT).contains(key)} on all the text so far. */
        public boolean lowerContains(String key) {
            return lower.indexOf(key) >= 0;
        }

        int upperCompactLength() {
            return upperCompact.length();
        }

        CharSequence upperCompact() {
            return upperCompact;
        }
    }

    private static boolean contains(Value value, CharSequence lower, CharSequence upperCompact, Set<String> digitGroups,
                                    Set<String> numbers) {
        switch (value.kind()) {
            case EMAIL:
                return indexOf(lower, value.key()) >= 0;
            case URL:
                if (value.key().indexOf('/') >= 0) {
                    return indexOf(lower, value.key()) >= 0;
                }
                // A bare host: as a link or a standalone name, not as the domain of an address.
                return Pattern.compile("(?<![@\\w.-])" + Pattern.quote(value.key()) + "(?![\\w-])").matcher(lower).find();
            case IBAN:
                return indexOf(upperCompact, value.key()) >= 0;
            case ACCOUNT:
                for (String group : digitGroups) {
                    if (group.contains(value.key())) {
                        return true;
                    }
                }
                return false;
            case AMOUNT:
                return numbers.contains(value.key());
            default:
                return false;
        }
    }

    private static int indexOf(CharSequence text, String key) {
        return text instanceof String s ? s.indexOf(key) : ((StringBuilder) text).indexOf(key);
    }

    /** The decisive values written in {@code text}. */
    public static List<Value> extract(String text) {
        List<Value> values = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        Set<String> seen = new LinkedHashSet<>();
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            add(values, seen, new Value(Kind.EMAIL, m.group().toLowerCase(Locale.ROOT), m.group()));
        }
        m = URL.matcher(text);
        while (m.find()) {
            String url = m.group().replaceAll("[.,;:!?]+$", "");
            String key = url.toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceAll("/+$", "");
            if (key.length() >= 6) {
                add(values, seen, new Value(Kind.URL, key, url));
            }
        }
        m = SCHEMELESS.matcher(text);
        while (m.find()) {
            String url = m.group().replaceAll("[.,;:!?]+$", "");
            String key = url.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
            if (key.length() >= 6 && !seen.contains(Kind.URL + ":" + key)) {
                add(values, seen, new Value(Kind.URL, key, url));
            }
        }
        m = IBAN.matcher(text);
        while (m.find()) {
            add(values, seen, new Value(Kind.IBAN, m.group().replace(" ", ""), m.group()));
        }
        String undated = DATE.matcher(text).replaceAll(" ");
        m = DIGIT_GROUP.matcher(undated);
        while (m.find()) {
            String before = undated.substring(Math.max(0, m.start() - ACCOUNT_CONTEXT), m.start());
            if (isDigitGroup(m.group()) && ACCOUNT_WORDS.matcher(before).find()) {
                add(values, seen, new Value(Kind.ACCOUNT, m.group().replaceAll("\\D", ""), m.group()));
            }
        }
        m = AMOUNT.matcher(text);
        while (m.find()) {
            String number = m.group(1) != null ? m.group(1) : m.group(2);
            String normal = normaliseNumber(number);
            if (normal != null && new BigDecimal(normal).compareTo(MIN_AMOUNT) >= 0) {
                add(values, seen, new Value(Kind.AMOUNT, normal, m.group().trim()));
            }
        }
        return values;
    }

    /** At least 8 digits, separated by at most one space or dash. */
    private static boolean isDigitGroup(String group) {
        int digits = 0;
        char previous = '0';
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (!Character.isDigit(previous)) {
                return false;
            }
            previous = c;
        }
        return digits >= 8;
    }

    private static void add(List<Value> values, Set<String> seen, Value value) {
        if (seen.add(value.kind() + ":" + value.key())) {
            values.add(value);
        }
    }

    /** {@code 9,800.00}, {@code 9.800,00}, {@code 9800} all become {@code 9800}; null if not a number. */
    static String normaliseNumber(String raw) {
        String s = TRAILING_PUNCTUATION.matcher(raw.replace("'", "")).replaceAll("");
        if (s.length() > MAX_NUMBER_LENGTH) {
            return null; // not an amount; also keeps the grouped-number patterns below shallow
        }
        if (s.indexOf(',') < 0 && s.indexOf('.') < 0) {
            s = s.replace(",", "");
        } else if (US_GROUPED.matcher(s).matches()) {
            s = s.replace(",", "");
        } else if (EU_GROUPED.matcher(s).matches()) {
            s = s.replace(".", "").replace(',', '.');
        } else if (DECIMAL_COMMA.matcher(s).matches()) {
            s = s.replace(',', '.');
        } else {
            s = s.replace(",", "");
        }
        try {
            return new BigDecimal(s).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Lower-case words of letters and digits: exactly the non-empty pieces of {@code
     * text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")}, read in one pass without a regular
     * expression. An ASCII text is lower-cased word by word as it is read; any other text is
     * lower-cased whole first (lower-casing can change its length: U+0130 becomes two chars) and
     * then split as {@link java.util.regex.Pattern} splits it, code point by code point (a
     * surrogate pair is one code point; a lone surrogate is neither letter nor digit).
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        int n = text.length();
        int start = -1;
        boolean upper = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= ASCII) {
                words.clear();
                return wordsOfLowerCase(text.toLowerCase(Locale.ROOT), words);
            }
            byte kind = ASCII_KIND[c];
            if (kind == SEPARATOR) {
                if (start >= 0) {
                    words.add(asciiWord(text, start, i, upper));
                    start = -1;
                }
            } else {
                if (start < 0) {
                    start = i;
                    upper = false;
                }
                upper |= kind == UPPER;
            }
        }
        if (start >= 0) {
            words.add(asciiWord(text, start, n, upper));
        }
        return words;
    }

    private static final int ASCII = 0x80;
    private static final byte SEPARATOR = 0;
    private static final byte LOWER_OR_DIGIT = 1;
    private static final byte UPPER = 2;
    /** What each ASCII char is to {@link #words}: a separator, a small letter or digit, or a capital. */
    private static final byte[] ASCII_KIND = new byte[ASCII];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_KIND[c] = LOWER_OR_DIGIT;
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII_KIND[c] = LOWER_OR_DIGIT;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ASCII_KIND[c] = UPPER;
        }
    }

    /** True for the ASCII chars that {@link #words} keeps in words: letters and digits. */
    static boolean isAsciiWordChar(char c) {
        return c < ASCII && ASCII_KIND[c] != SEPARATOR;
    }

    /** Per ASCII char: the char lower-cased where {@link #words} keeps it in words (a letter or digit), else 0. */
    private static final byte[] ASCII_WORD_LOWER_CASE = new byte[ASCII];

    static {
        for (char c = 0; c < ASCII; c++) {
            ASCII_WORD_LOWER_CASE[c] = (byte) (ASCII_KIND[c] == SEPARATOR ? 0 : asciiLowerCase(c));
        }
    }

    /**
     * An ASCII char ({@code c < 0x80}) lower-cased, as {@code toLowerCase(Locale.ROOT)} lower-cases
     * it, where {@link #words} keeps it in words; 0 for a separator. One table look-up for both.
     */
    static int asciiWordLowerCase(char c) {
        return ASCII_WORD_LOWER_CASE[c];
    }

    /** An ASCII char lower-cased, as {@code toLowerCase(Locale.ROOT)} lower-cases it. */
    static char asciiLowerCase(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static String asciiWord(String text, int start, int end, boolean upper) {
        if (!upper) {
            return text.substring(start, end);
        }
        char[] word = new char[end - start];
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            word[i - start] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return new String(word);
    }

    /** The categories of {@code \p{L}} and {@code \p{N}} in {@link java.util.regex.Pattern}. */
    private static final int LETTER_OR_NUMBER = 1 << Character.UPPERCASE_LETTER | 1 << Character.LOWERCASE_LETTER
            | 1 << Character.TITLECASE_LETTER | 1 << Character.MODIFIER_LETTER | 1 << Character.OTHER_LETTER
            | 1 << Character.DECIMAL_DIGIT_NUMBER | 1 << Character.LETTER_NUMBER | 1 << Character.OTHER_NUMBER;

    private static boolean letterOrNumber(int codePoint) {
        return (LETTER_OR_NUMBER >> Character.getType(codePoint) & 1) != 0;
    }

    /**
     * The pieces of {@code lower} between matches of {@code [^\p{L}\p{N}]+}, found as {@link
     * java.util.regex.Matcher#find} finds them: a match is tried at every code point, and takes
     * it and every following code point that is neither letter nor digit.
     */
    private static List<String> wordsOfLowerCase(String lower, List<String> words) {
        int n = lower.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            int cp = lower.codePointAt(i);
            if (letterOrNumber(cp)) {
                i += Character.charCount(cp); // the next try starts after the code point
                continue;
            }
            if (i > start) {
                words.add(lower.substring(start, i));
            }
            i += Character.charCount(cp);
            while (i < n) {
                cp = lower.codePointAt(i);
                if (letterOrNumber(cp)) {
                    break;
                }
                i += Character.charCount(cp);
            }
            start = i;
        }
        if (n > start) {
            words.add(lower.substring(start, n));
        }
        return words;
    }

    /**
     * The tokens of {@code text} (split at whitespace, quotes, brackets, commas and semicolons;
     * trailing full stops, colons and question or exclamation marks dropped), lower-cased: to tell
     * whether a short argument value occurs in a text as a value of its own, not inside a word.
     * The tokens of {@code split("[\\s\"'`<>()\\[\\]{},;]+")} (with {@code \\s} ASCII white
     * space), found in one pass without the regular expression: each run of other characters.
     */
    public static Set<String> tokens(String text) {
        Set<String> tokens = new java.util.HashSet<>();
        if (text == null) {
            return tokens;
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && splitsTokens(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !splitsTokens(text.charAt(i))) {
                i++;
            }
            int end = i;
            while (end > start && endsToken(text.charAt(end - 1))) {
                end--;
            }
            if (end > start && end - start <= 256) {
                tokens.add(text.substring(start, end).toLowerCase(Locale.ROOT));
            }
        }
        return tokens;
    }

    /** Per ASCII char: whether it splits tokens (ASCII white space, quotes, brackets, commas, semicolons). */
    private static final boolean[] SPLITS_TOKENS = new boolean[0x80];

    static {
        for (char c : " \t\n\u000B\f\r\"'`<>()[]{},;".toCharArray()) {
            SPLITS_TOKENS[c] = true;
        }
    }

    private static boolean splitsTokens(char c) {
        return c < 0x80 && SPLITS_TOKENS[c];
    }

    /** The characters dropped from the end of a token. */
    private static boolean endsToken(char c) {
        return c == '.' || c == ':' || c == '!' || c == '?';
    }
}
