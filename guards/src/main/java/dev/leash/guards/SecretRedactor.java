package dev.leash.guards;

import static java.util.Objects.requireNonNull;

import dev.leash.core.audit.internal.PatternSet;
import dev.leash.core.exec.Redactor;
import dev.leash.guards.internal.Decoders;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Masks secrets and canaries in text a model or a log will see (tool results, refusal reasons,
 * the final answer), replacing them with {@value #SECRET_MARK} or {@value #CANARY_MARK}.
 *
 * <p>Masked forms: the value in any case, with up to {@value #MAX_SEPARATORS} separators
 * (characters that are neither letters nor digits) between its letters and digits, reversed,
 * percent-encoded, hex (either case) and base64 / base64url. Every character covered by an
 * occurrence of any form of any secret is masked; overlapping occurrences become one mark
 * ({@value #CANARY_MARK} if a canary is among them), adjacent ones stay two. Anything
 * {@link LeakDetector} still finds afterwards (for instance a secret at an odd offset inside a
 * longer base64 text) is withheld line by line, and if it still shows up across lines, the whole
 * text is withheld: when in doubt, the model sees less.
 *
 * <p>Cost: three automata over every form of every secret, built once per set of secrets, each
 * read once over the text: linear in the text and independent of the number of secrets, plus the
 * detector's decoding of the masked text. Short texts (up to {@value #MEMO_MAX_LENGTH} characters)
 * found to hold nothing are remembered per set of secrets (at most {@value #MEMO_ENTRIES}), so a
 * constant audit reason is checked once and not on every call; the answer is the same, since the
 * result depends only on the text and the secrets. Texts that held something are never
 * remembered. Follows the registry live (secrets added later are masked too). Thread-safe.
 */
public final class SecretRedactor implements Redactor {

    public static final String SECRET_MARK = "[REDACTED:secret]";
    public static final String CANARY_MARK = "[REDACTED:canary]";
    public static final String WITHHELD = "[REDACTED:secret] (text withheld: it holds a protected secret in an encoded form)";

    /** Most separators allowed between two letters or digits of a secret spelled out with separators. */
    public static final int MAX_SEPARATORS = 3;

    /** Where {@code Masks.spelledMayOccur} projects a text, per thread, kept up to this many characters. */
    private static final int MAX_KEPT_PROJECTION = 1 << 17;
    private static final ThreadLocal<char[]> PROJECTION = ThreadLocal.withInitial(() -> new char[1024]);
    /** Written where the spelled forms start over: a character in no form (they are letters and digits). */
    private static final char RESTART = '\0';
    /** {@code Masks.projection} of a separator: neither letter, digit nor numeric character. */
    private static final int SEPARATOR = -1;
    /** {@code Masks.projection} of a numeric character that is not a digit: it breaks a form. */
    private static final int BREAK = -2;

    /** Longest text remembered as holding nothing. */
    static final int MEMO_MAX_LENGTH = 256;
    /** Most texts remembered per set of secrets; the memo starts over when full. */
    static final int MEMO_ENTRIES = 1024;

    private final LeakDetector detector;
    private volatile Masks masks = new Masks(List.of());

    @Inject
    public SecretRedactor(LeakDetector detector) {
        this.detector = requireNonNull(detector, "detector is null");
    }

    public SecretRedactor(SecretRegistry registry) {
        this(new LeakDetector(registry));
    }

    @Override
    public String redact(String text) {
        if (text == null || text.isEmpty() || detector.registry().isEmpty()) {
            return text;
        }
        Masks m = current();
        boolean memo = text.length() <= MEMO_MAX_LENGTH;
        if (memo && m.clean.contains(text)) {
            return text;
        }
        String out = m.mask(text);
        if (!detector.containsSecret(out)) {
            if (memo && out == text) {
                // No form matched and the detector, over at least these secrets (the registry only
                // grows), found nothing: the same text gives the same answer while they are the set.
                m.remember(text);
            }
            return out;
        }
        String[] lines = out.split("\n", -1);
        List<String> kept = new ArrayList<>(lines.length);
        for (String line : lines) {
            kept.add(detector.containsSecret(line) ? WITHHELD : line);
        }
        String byLine = String.join("\n", kept);
        return detector.containsSecret(byLine) ? WITHHELD : byLine;
    }

    private Masks current() {
        Masks m = masks;
        SecretRegistry registry = detector.registry();
        if (m.secrets.size() != registry.size()) {
            // The registry only grows: a different size means new secrets.
            m = new Masks(registry.secrets());
            masks = m;
        }
        return m;
    }

    /**
     * The forms of one set of secrets, in three automata: forms matched exactly as written (base64,
     * percent-encoding), forms matched ignoring case (hex; a value with fewer than
     * {@value Secret#MIN_LENGTH} letters and digits, as written), and the letters and digits of the
     * value and of its reverse, matched over the text's letters and digits with at most
     * {@value #MAX_SEPARATORS} separators between two of them. Immutable but for the memo of clean
     * short texts (a concurrent set).
     */
    private static final class Masks {
        final List<Secret> secrets;
        final PatternSet exact;
        final int[] exactOwner;
        final PatternSet anyCase;
        final int[] anyCaseOwner;
        final PatternSet spelled;
        final int[] spelledOwner;
        final int ring; // a power of two at least as long as the longest spelled form
        final Set<String> clean = ConcurrentHashMap.newKeySet(); // short texts that hold nothing

        void remember(String text) {
            if (clean.size() >= MEMO_ENTRIES) {
                clean.clear();
            }
            clean.add(text);
        }

        Masks(List<Secret> secrets) {
            this.secrets = List.copyOf(secrets);
            List<String> exactForms = new ArrayList<>();
            List<Integer> exactOwners = new ArrayList<>();
            List<String> anyCaseForms = new ArrayList<>();
            List<Integer> anyCaseOwners = new ArrayList<>();
            List<String> spelledForms = new ArrayList<>();
            List<Integer> spelledOwners = new ArrayList<>();
            int longest = 1;
            for (int i = 0; i < this.secrets.size(); i++) {
                String value = this.secrets.get(i).value();
                for (String literal : literals(value)) {
                    exactForms.add(literal);
                    exactOwners.add(i);
                }
                anyCaseForms.add(HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)));
                anyCaseOwners.add(i);
                String alnum = Decoders.alnumLower(value);
                if (alnum.length() < Secret.MIN_LENGTH) {
                    anyCaseForms.add(lowerEach(value)); // mostly punctuation: matched as written, in any case
                    anyCaseOwners.add(i);
                } else {
                    String reversed = Decoders.alnumLower(Decoders.reverse(value));
                    spelledForms.add(alnum);
                    spelledOwners.add(i);
                    spelledForms.add(reversed);
                    spelledOwners.add(i);
                    longest = Math.max(longest, Math.max(alnum.length(), reversed.length()));
                }
            }
            exact = PatternSet.of(exactForms);
            exactOwner = exactOwners.stream().mapToInt(Integer::intValue).toArray();
            anyCase = PatternSet.of(anyCaseForms);
            anyCaseOwner = anyCaseOwners.stream().mapToInt(Integer::intValue).toArray();
            spelled = PatternSet.of(spelledForms);
            spelledOwner = spelledOwners.stream().mapToInt(Integer::intValue).toArray();
            ring = Integer.highestOneBit(longest) << 1;
        }

        /**
         * The text with every form masked. The exact forms are first looked for by the automaton's
         * own skipping search ({@link PatternSet#mask}, which gives back the same text when none
         * occurs): only a text that holds one is read again to find which secrets they are. The
         * forms in any case are matched over each character lower-cased as it is read.
         */
        String mask(String text) {
            Covers covers = new Covers();
            if (exact.mask(text, SECRET_MARK) != text) {
                scan(exact, exactOwner, text, false, covers);
            }
            if (anyCase.occursInLowerCase(text)) {
                scan(anyCase, anyCaseOwner, text, true, covers);
            }
            if (spelledMayOccur(text)) {
                spelled(text, covers);
            }
            return covers.apply(text);
        }

        /**
         * Whether {@link #spelled} would find a form: the text's letters and digits, projected as
         * it reads them, with a character of no form ({@code \0}) wherever it starts over, are
         * searched by the automaton's skipping search ({@link PatternSet#occursIn}), which reads
         * a fraction of them. A form it reads is one stretch of consecutive projected characters
         * with no restart inside, so it is in the projection exactly when that search finds it;
         * only then is the text read again to find where.
         */
        private boolean spelledMayOccur(String text) {
            int n = text.length();
            char[] out = n <= MAX_KEPT_PROJECTION ? PROJECTION.get() : new char[n];
            if (out.length < n) {
                out = new char[Math.max(n, out.length * 2)];
                if (out.length <= MAX_KEPT_PROJECTION) {
                    PROJECTION.set(out);
                }
            }
            int projected = 0;
            int separators = 0;
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                int lower;
                if (c < ASCII_PROJECTION.length) {
                    lower = ASCII_PROJECTION[c];
                } else {
                    int cp = c;
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                        cp = text.codePointAt(i);
                        i++;
                    }
                    lower = projection(cp);
                }
                if (lower < 0) {
                    separators += lower == BREAK ? MAX_SEPARATORS + 1 : 1;
                    continue;
                }
                // Each restart follows a separator, and a character projects to as many as it
                // took from the text but for one whose lower case is wider: room is made for that.
                if (separators > MAX_SEPARATORS) {
                    out[projected++] = RESTART;
                }
                separators = 0;
                if (lower < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                    out[projected++] = (char) lower;
                } else {
                    if (projected + 2 + (n - i) > out.length) {
                        out = Arrays.copyOf(out, out.length * 2 + 2);
                    }
                    out[projected++] = Character.highSurrogate(lower);
                    out[projected++] = Character.lowSurrogate(lower);
                }
            }
            return spelled.occursIn(out, projected);
        }

        /**
         * {@link #projection} of each ASCII character, read from a table by the pre-check: most
         * text is ASCII, and one load costs less than the comparisons, whose outcome changes at
         * every word's end in prose.
         */
        private static final int[] ASCII_PROJECTION = new int[128];

        static {
            for (int c = 0; c < ASCII_PROJECTION.length; c++) {
                ASCII_PROJECTION[c] = projection(c);
            }
        }

        /**
         * What a code point is to a spelled-out form: its lower case if it is a letter or digit,
         * else {@link #SEPARATOR}, or {@link #BREAK} for a numeric character that is not a digit
         * (it breaks a form as more than {@value #MAX_SEPARATORS} separators do).
         */
        private static int projection(int cp) {
            if (cp < 128) {
                return cp >= 'a' && cp <= 'z' || cp >= '0' && cp <= '9' ? cp : cp >= 'A' && cp <= 'Z' ? cp + 32 : SEPARATOR;
            }
            if (!Character.isLetterOrDigit(cp)) {
                int type = Character.getType(cp);
                return type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER ? BREAK : SEPARATOR;
            }
            return Character.toLowerCase(cp);
        }

        private void scan(PatternSet set, int[] owners, String text, boolean lowerEach, Covers covers) {
            int state = PatternSet.ROOT;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                state = set.step(state, lowerEach ? Character.toLowerCase(c) : c);
                int length = set.longest(state);
                if (length > 0) {
                    covers.add(i + 1 - length, i + 1, canary(owners, set.pattern(state)));
                }
            }
        }

        /**
         * Reads the text's letters and digits lower-cased (as {@link Decoders#alnumLower} does),
         * remembering where each came from. More than {@value #MAX_SEPARATORS} separators, or a
         * numeric character that is not a digit (neither letter, digit nor separator), break a
         * spelled-out form.
         */
        private void spelled(String text, Covers covers) {
            int n = text.length();
            int[] from = new int[ring]; // where the most recent projected characters start in the text
            int wrap = ring - 1;
            int projected = 0;
            int state = PatternSet.ROOT;
            int separators = 0;
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                int start = i;
                int cp = c;
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    cp = text.codePointAt(i);
                    i++;
                }
                int lower = projection(cp);
                if (lower < 0) {
                    separators += lower == BREAK ? MAX_SEPARATORS + 1 : 1;
                    continue;
                }
                if (separators > MAX_SEPARATORS) {
                    state = PatternSet.ROOT;
                }
                separators = 0;
                int end = i + 1;
                if (lower < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                    from[projected++ & wrap] = start;
                    state = step(state, (char) lower, projected, from, wrap, end, covers);
                } else {
                    from[projected++ & wrap] = start;
                    state = step(state, Character.highSurrogate(lower), projected, from, wrap, end, covers);
                    from[projected++ & wrap] = start;
                    state = step(state, Character.lowSurrogate(lower), projected, from, wrap, end, covers);
                }
            }
        }

        private int step(int state, char c, int projected, int[] from, int wrap, int end, Covers covers) {
            int next = spelled.step(state, c);
            int length = spelled.longest(next);
            if (length > 0) {
                covers.add(from[(projected - length) & wrap], end, canary(spelledOwner, spelled.pattern(next)));
            }
            return next;
        }

        private boolean canary(int[] owners, int pattern) {
            return secrets.get(owners[pattern]).isCanary();
        }
    }

    /** Stretches of a text to mask, each with whether a canary is in it. */
    private static final class Covers {
        private long[] starts = new long[8]; // start << 32 | index
        private int[] ends = new int[8];
        private boolean[] canaries = new boolean[8];
        private int size;

        void add(int start, int end, boolean canary) {
            if (size > 0 && ends[size - 1] == end && (int) (starts[size - 1] >>> 32) <= start) {
                canaries[size - 1] |= canary; // inside the last one: nothing new
                return;
            }
            if (size == ends.length) {
                starts = Arrays.copyOf(starts, size * 2);
                ends = Arrays.copyOf(ends, size * 2);
                canaries = Arrays.copyOf(canaries, size * 2);
            }
            starts[size] = (long) start << 32 | size;
            ends[size] = end;
            canaries[size] = canary;
            size++;
        }

        /** The text with each stretch covered by overlapping occurrences replaced by one mark. */
        String apply(String text) {
            if (size == 0) {
                return text;
            }
            long[] order = Arrays.copyOf(starts, size);
            Arrays.sort(order);
            StringBuilder out = new StringBuilder(text.length());
            int copied = 0;
            int coverStart = -1;
            int coverEnd = -1;
            boolean canary = false;
            for (long key : order) {
                int start = (int) (key >>> 32);
                int k = (int) key;
                if (coverEnd >= 0 && start < coverEnd) {
                    coverEnd = Math.max(coverEnd, ends[k]);
                    canary |= canaries[k];
                    continue;
                }
                if (coverEnd >= 0) {
                    out.append(text, copied, coverStart).append(canary ? CANARY_MARK : SECRET_MARK);
                    copied = coverEnd;
                }
                coverStart = start;
                coverEnd = ends[k];
                canary = canaries[k];
            }
            out.append(text, copied, coverStart).append(canary ? CANARY_MARK : SECRET_MARK);
            out.append(text, coverEnd, text.length());
            return out.toString();
        }
    }

    /** Each character lower-cased on its own, so that positions stay those of the text. */
    private static String lowerEach(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    private static Set<String> literals(String value) {
        Set<String> literals = new LinkedHashSet<>();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        literals.add(Base64.getEncoder().encodeToString(bytes));
        literals.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        literals.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        literals.add(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        StringBuilder percent = new StringBuilder();
        for (byte b : bytes) {
            percent.append('%').append(String.format("%02X", b & 0xFF));
        }
        literals.add(percent.toString());
        return literals;
    }
}
