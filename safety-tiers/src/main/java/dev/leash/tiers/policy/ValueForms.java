package dev.leash.tiers.policy;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The forms in which {@link TargetFlags} compares a call's values with the texts of a run. A text
 * is read as its <em>words</em> (runs of letters and digits) and the separators between them; a
 * value occurs in a text where its words, run together, are the text's words from one word's start
 * to another's end, run together. So a value occurs however its words are grouped or separated
 * ({@code DE89 3704 0044} and {@code DE8937040044}; {@code ./a//b.txt} and {@code a/b.txt}), and
 * never inside a longer word; a one-word value that starts with '#' or '@' (a channel, a handle)
 * only where the text has that character before it. Both sides are folded the same way, in one of two forms:
 *
 * <ul>
 *   <li>{@link #loose}, to find where a value <em>comes from</em>: HTML character references and
 *       percent escapes decoded, every character through NFKC case folding (full-width forms,
 *       case, and the invisible characters it removes: zero-width spaces and joiners, soft
 *       hyphens; quoted-printable {@code =40} as mail writes it), then to its Unicode confusable skeleton (ICU {@link SpoofChecker}: a Cyrillic
 *       {@code е} reads as {@code e}), combining marks dropped, {@code xn--} labels read as the
 *       Unicode they encode; "at" and "dot" written for '@' and
 *       '.' ({@code eve at evil dot example}, {@code eve(at)evil.example}) read as separators.
 *       Reading more texts as holding a value only raises more flags.
 *   <li>{@link #strict}, to decide whether a value is <em>grounded</em> (named by the goal, the
 *       principal, trusted content, a retrieval source): case folded only, and the separators
 *       must agree, apart from white space, repeated or {@code ./} path separators, and the
 *       {@code - ( )} that group a number's digits ({@code +49 (30) 1234-5678} and {@code +49 30
 *       12345678}). A look-alike of a grounded value, or a value built from its words with other
 *       separators ({@code eve.smith@example.com} for "eve smith at example.com"), is not grounded.
 * </ul>
 *
 * <p>A value's leading {@code mailto:} or {@code tel:} is not part of it ({@link #value}). Folding
 * is linear in the text: each character's fold is computed once and remembered.
 */
final class ValueForms {

    private static final Normalizer2 NFKC_CF = Normalizer2.getNFKCCasefoldInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static final IDNA IDN = IDNA.getUTS46Instance(IDNA.DEFAULT);
    private static final int TABLE = 0x10000;
    private static final int MAX_WIDE = 1 << 14;
    /** Characters in a key. */
    private static final int KEY = 3;
    private static final AtomicReferenceArray<String> LOOSE = new AtomicReferenceArray<>(TABLE);
    private static final AtomicReferenceArray<String> STRICT = new AtomicReferenceArray<>(TABLE);
    private static final Map<Integer, String> WIDE_LOOSE = new ConcurrentHashMap<>();
    private static final Map<Integer, String> WIDE_STRICT = new ConcurrentHashMap<>();
    /** The characters that stand for an empty fold in the tables. */
    private static final String NONE = "";
    private static final String AT = foldWord("at");
    private static final String DOT = foldWord("dot");
    private static final String ZERO = foldWord("0");
    /** By ASCII character: its fold where that is one letter or digit, which only ever starts or goes on a word; else 0. */
    private static final char[] LOOSE_LETTER = letterFolds(true);
    private static final char[] STRICT_LETTER = letterFolds(false);
    /** Named character references that write a separator or an invisible character. */
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", "\u00A0"), Map.entry("commat", "@"), Map.entry("period", "."),
            Map.entry("sol", "/"), Map.entry("bsol", "\\"), Map.entry("colon", ":"), Map.entry("num", "#"),
            Map.entry("hyphen", "-"), Map.entry("dash", "-"), Map.entry("lowbar", "_"), Map.entry("plus", "+"),
            Map.entry("percnt", "%"), Map.entry("excl", "!"), Map.entry("comma", ","), Map.entry("semi", ";"),
            Map.entry("equals", "="), Map.entry("quest", "?"), Map.entry("lpar", "("), Map.entry("rpar", ")"),
            Map.entry("lsqb", "["), Map.entry("rsqb", "]"), Map.entry("lbrack", "["), Map.entry("rbrack", "]"),
            Map.entry("shy", "\u00AD"), Map.entry("ZeroWidthSpace", "\u200B"), Map.entry("zwnj", "\u200C"),
            Map.entry("zwj", "\u200D"), Map.entry("ensp", "\u2002"), Map.entry("emsp", "\u2003"),
            Map.entry("thinsp", "\u2009"), Map.entry("NewLine", "\n"), Map.entry("Tab", "\t"));

    private ValueForms() {
    }

    /**
     * A text as its words: their folded characters run together ({@link #chars}), where each word
     * starts and ends in them, where each lies in the text read ({@link #rawStarts}, {@link
     * #rawEnds}, for quoting it), and the separators before each word and
     * after the last, normalised ({@code gaps[k]} before word {@code k}, {@code gaps[n]} after; white
     * space dropped, runs of '/' as one). Where the loose form read "at" or "dot" as a separator,
     * {@link #plain} is the same text with those words kept (the words they may also be), else null.
     */
    record Form(String chars, int[] starts, int[] ends, int[] rawStarts, int[] rawEnds, String[] gaps, Form plain) {

        int words() {
            return starts.length;
        }
    }

    /** A call's value as it is compared: trimmed, without a leading {@code mailto:} or {@code tel:}. */
    static String value(String raw) {
        String value = raw.trim();
        for (String scheme : new String[] {"mailto:", "tel:"}) {
            if (value.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return value.substring(scheme.length()).trim();
            }
        }
        return value;
    }

    static Form loose(String text) {
        return fold(text, true);
    }

    static Form strict(String text) {
        return fold(text, false);
    }

    /**
     * Where {@code value} occurs in {@code text} (both in the same form): the start and end, in the
     * text read, of the words of the text it spans, or {@code null}. A value without words occurs
     * nowhere. In the loose form, "at" and "dot" are read both as separators and as words: the
     * forms with them dropped are compared, then the {@link Form#plain} ones.
     */
    static int[] find(Form text, Form value, boolean strict) {
        int[] words = words(text, value, strict);
        if (words != null) {
            return new int[] {text.rawStarts()[words[0]], text.rawEnds()[words[1]]};
        }
        if (strict || text.plain() == null && value.plain() == null) {
            return null;
        }
        Form t = text.plain() == null ? text : text.plain();
        words = words(t, value.plain() == null ? value : value.plain(), false);
        return words == null ? null : new int[] {t.rawStarts()[words[0]], t.rawEnds()[words[1]]};
    }

    private static int[] words(Form text, Form value, boolean strict) {
        if (value.words() == 0) {
            return null;
        }
        String v = value.chars();
        int from = 0;
        while (true) {
            int at = text.chars().indexOf(v, from);
            if (at < 0) {
                return null;
            }
            int first = Arrays.binarySearch(text.starts(), at);
            int last = first < 0 ? -1 : Arrays.binarySearch(text.ends(), at + v.length());
            if (first >= 0 && last >= 0 && sigilAgrees(text, value, first)
                    && (!strict || separatorsAgree(text, value, at, first, last))) {
                return new int[] {first, last};
            }
            from = at + 1;
        }
    }

    /**
     * Keys that every text holding {@code value} has among its {@link #keys}: the first and the last
     * three characters of the value's words run together, as a word of the text starts and ends
     * them; or {@code null} for a value of fewer than three characters, which every text may hold.
     */
    static long[] keysOf(Form value) {
        String v = value.chars();
        if (v.length() < KEY) {
            return null;
        }
        return new long[] {key(false, v, 0, KEY), key(true, v, v.length() - KEY, v.length())};
    }

    /**
     * The keys of a text: for each word, the three characters from its start and the three up to
     * its end (fewer where the text has fewer), in both its forms where it has a {@link Form#plain} one.
     */
    static long[] keys(Form text) {
        long[] keys = new long[2 * (text.words() + (text.plain() == null ? 0 : text.plain().words()))];
        int n = 0;
        for (Form form = text; form != null; form = form.plain()) {
            String chars = form.chars();
            int[] starts = form.starts();
            int[] ends = form.ends();
            for (int k = 0; k < starts.length; k++) {
                int s = starts[k];
                int e = ends[k];
                keys[n++] = key(false, chars, s, Math.min(chars.length(), s + KEY));
                keys[n++] = key(true, chars, Math.max(0, e - KEY), e);
            }
        }
        return keys;
    }

    /**
     * A key as one number: whether it ends a word (else starts one), how many characters it has
     * (one to three), and those characters, sixteen bits each; equal exactly when all three are.
     */
    private static long key(boolean end, String chars, int from, int to) {
        long key = (end ? 4L : 0L) | (to - from);
        for (int i = from; i < to; i++) {
            key = key << 16 | chars.charAt(i);
        }
        return key;
    }

    /**
     * A value of one word that starts with '#' or '@' (a channel, a handle) occurs only where the
     * text has that character before it too: {@code #ops} is not the word "ops". A longer name
     * ({@code #ext-eve-leaks}) is the same name without it.
     */
    private static boolean sigilAgrees(Form text, Form value, int first) {
        String lead = value.gaps()[0];
        if (lead.isEmpty() || value.words() > 1) {
            return true;
        }
        char sigil = lead.charAt(lead.length() - 1);
        String before = text.gaps()[first];
        return sigil != '#' && sigil != '@' || !before.isEmpty() && before.charAt(before.length() - 1) == sigil;
    }

    private static boolean separatorsAgree(Form text, Form value, int at, int first, int last) {
        String lead = value.gaps()[0];
        if (lead.startsWith("./")) {
            lead = lead.substring(2);
        }
        if (!text.gaps()[first].endsWith(lead) || !text.gaps()[last + 1].startsWith(value.gaps()[value.words()])) {
            return false;
        }
        TreeMap<Integer, String[]> inside = new TreeMap<>();
        for (int j = first; j < last; j++) {
            inside.computeIfAbsent(text.ends()[j] - at, o -> new String[] {"", ""})[1] = text.gaps()[j + 1];
        }
        for (int j = 0; j + 1 < value.words(); j++) {
            inside.computeIfAbsent(value.ends()[j], o -> new String[] {"", ""})[0] = value.gaps()[j + 1];
        }
        String v = value.chars();
        for (Map.Entry<Integer, String[]> boundary : inside.entrySet()) {
            String ours = boundary.getValue()[0];
            String theirs = boundary.getValue()[1];
            int o = boundary.getKey();
            if (!ours.equals(theirs) && !(Character.isDigit(v.charAt(o - 1)) && Character.isDigit(v.charAt(o))
                    && groupsDigits(ours) && groupsDigits(theirs))) {
                return false;
            }
        }
        return true;
    }

    /** Separators that only group the digits of one number. */
    private static boolean groupsDigits(String gap) {
        for (int i = 0; i < gap.length(); i++) {
            char c = gap.charAt(i);
            if (c != '-' && c != '(' && c != ')') {
                return false;
            }
        }
        return true;
    }

    private static Form fold(String text, boolean loose) {
        int n = text.length();
        // The words' folded characters, run together, as they are read; where each word starts
        // and ends in them and in the text; the separators before each word and after the last.
        StringBuilder chars = new StringBuilder(n);
        // room for the words of prose, about one in every six or more characters
        int words = n / 6;
        Ints starts = new Ints(words);
        Ints ends = new Ints(words);
        Ints rawStarts = new Ints(words);
        Ints rawEnds = new Ints(words);
        List<Gap> gaps = new ArrayList<>(words + 1);
        StringBuilder gap = new StringBuilder();
        int wordStart = -1;
        int wordEnd = -1;
        int i = 0;
        while (i < n) {
            int end;
            String decoded = null;
            char c = text.charAt(i);
            if (loose && c == '&') {
                end = entity(text, i);
                if (end > i) {
                    decoded = decodeEntity(text.substring(i + 1, end - 1));
                }
            } else if (loose && c == '%') {
                end = percent(text, i);
                if (end > i) {
                    decoded = decodePercent(text.substring(i, end));
                }
            } else if (loose && c == '=') {
                end = quotedPrintable(text, i);
                if (end > i) {
                    decoded = decodePercent(text.substring(i, end));
                }
            } else if (loose && (c == 'x' || c == 'X') && text.regionMatches(true, i, "xn--", 0, 4)
                    && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                end = i + 4;
                while (end < n && (text.charAt(end) < 128 && Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '-')) {
                    end++;
                }
                decoded = punycode(text.substring(i, end));
                if (decoded == null) {
                    end = i;
                }
            } else {
                end = i;
            }
            int single = -1;
            if (decoded == null) {
                single = text.codePointAt(i);
                end = i + Character.charCount(single);
            }
            int length = decoded == null ? 1 : decoded.length();
            for (int k = 0; k < length; ) {
                int cp;
                if (decoded == null) {
                    cp = single;
                    k = length;
                } else {
                    cp = decoded.codePointAt(k);
                    k += Character.charCount(cp);
                }
                char letter = cp < 128 ? (loose ? LOOSE_LETTER : STRICT_LETTER)[cp] : 0;
                if (letter != 0) {
                    // what the loop below does with a fold of one letter or digit
                    if (wordStart < 0) {
                        wordStart = i;
                        starts.add(chars.length());
                    }
                    chars.append(letter);
                    wordEnd = end;
                    continue;
                }
                String folded = loose ? looseOf(cp) : strictOf(cp);
                for (int m = 0; m < folded.length(); m++) {
                    char f = folded.charAt(m);
                    int type = Character.getType(f);
                    boolean mark = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                            || type == Character.COMBINING_SPACING_MARK;
                    if (Character.isLetterOrDigit(f) || mark && !loose && wordStart >= 0) {
                        if (wordStart < 0) {
                            wordStart = i;
                            starts.add(chars.length());
                        }
                        chars.append(f);
                        wordEnd = end;
                    } else if (mark && loose || Character.isIdentifierIgnorable(f) && loose) {
                        // marks and invisible characters the fold keeps are not separators
                        if (wordStart >= 0) {
                            wordEnd = end;
                        }
                    } else {
                        if (wordStart >= 0) {
                            ends.add(chars.length());
                            rawStarts.add(wordStart);
                            rawEnds.add(wordEnd);
                            gaps.add(gap(gap));
                            gap.setLength(0);
                            wordStart = -1;
                        }
                        gap.append(f);
                    }
                }
            }
            i = end;
        }
        if (wordStart >= 0) {
            ends.add(chars.length());
            rawStarts.add(wordStart);
            rawEnds.add(wordEnd);
            gaps.add(gap(gap));
            gap.setLength(0);
        }
        gaps.add(gap(gap));
        String all = chars.toString();
        String[] normalised = new String[gaps.size()];
        for (int k = 0; k < normalised.length; k++) {
            normalised[k] = gaps.get(k).normalised();
        }
        Form form = new Form(all, starts.toArray(), ends.toArray(), rawStarts.toArray(), rawEnds.toArray(), normalised, null);
        if (loose) {
            boolean[] drop = spelledSeparators(form, gaps);
            if (drop != null) {
                return without(form, gaps, drop);
            }
        }
        return form;
    }

    /** The fold of each ASCII character where that is one letter or digit, else 0. */
    private static char[] letterFolds(boolean loose) {
        char[] letters = new char[128];
        for (int c = 0; c < letters.length; c++) {
            String folded = compute(c, loose);
            if (folded.length() == 1 && Character.isLetterOrDigit(folded.charAt(0))) {
                letters[c] = folded.charAt(0);
            }
        }
        return letters;
    }

    /** A growing list of ints. */
    private static final class Ints {
        private int[] values;
        private int size;

        Ints(int capacity) {
            values = new int[Math.max(8, capacity)];
        }

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** Whether word {@code k} of {@code form} is {@code word}. */
    private static boolean wordIs(Form form, int k, String word) {
        int s = form.starts()[k];
        return form.ends()[k] - s == word.length() && form.chars().startsWith(word, s);
    }

    /**
     * Which words to drop where "at" and "dot" stand for '@' and '.', and the "(0)" of a phone
     * number's trunk prefix, between two words, or null for none: "dot" between words with only
     * spaces or brackets around it, "at" in brackets ({@code (at)}) or before a domain ({@code eve
     * at evil.example}, {@code eve at evil-corp dot example}). {@code gaps} are the separators as
     * they were read, before each word and after the last.
     */
    private static boolean[] spelledSeparators(Form form, List<Gap> gaps) {
        int n = form.words();
        boolean[] drop = null;
        for (int k = 1; k + 1 < n; k++) {
            boolean zero = wordIs(form, k, ZERO);
            boolean dot = !zero && wordIs(form, k, DOT);
            boolean at = !zero && !dot && wordIs(form, k, AT);
            if (!zero && !dot && !at) {
                continue;
            }
            String before = gaps.get(k).raw();
            String after = gaps.get(k + 1).raw();
            if (!spacesOrBrackets(before) || !spacesOrBrackets(after)) {
                continue;
            }
            boolean dropped = false;
            if (zero && before.strip().equals("(") && after.startsWith(")")) {
                // the trunk prefix of a phone number: +44 (0)20 is +44 20
                dropped = true;
            } else if (dot) {
                dropped = true;
            } else if (at) {
                boolean bracketed = before.chars().anyMatch(c -> "([{<".indexOf(c) >= 0)
                        && after.chars().anyMatch(c -> ")]}>".indexOf(c) >= 0);
                dropped = bracketed || domainFollows(form, gaps, k + 1);
            }
            if (dropped) {
                if (drop == null) {
                    drop = new boolean[n];
                }
                drop[k] = true;
            }
        }
        return drop;
    }

    /**
     * {@code form} without the words {@code drop} marks, each dropped word's separators joined
     * with those around it by a space, with {@code form} as its {@link Form#plain} one.
     */
    private static Form without(Form form, List<Gap> gaps, boolean[] drop) {
        int n = form.words();
        StringBuilder chars = new StringBuilder(form.chars().length());
        Ints starts = new Ints(n);
        Ints ends = new Ints(n);
        Ints rawStarts = new Ints(n);
        Ints rawEnds = new Ints(n);
        List<String> kept = new ArrayList<>(n + 1);
        String gap = gaps.get(0).raw();
        boolean joined = false;
        for (int k = 0; k < n; k++) {
            if (drop[k]) {
                gap = gap + " " + gaps.get(k + 1).raw();
                joined = true;
                continue;
            }
            kept.add(joined ? shared(normaliseGap(gap)) : form.gaps()[k]);
            starts.add(chars.length());
            chars.append(form.chars(), form.starts()[k], form.ends()[k]);
            ends.add(chars.length());
            rawStarts.add(form.rawStarts()[k]);
            rawEnds.add(form.rawEnds()[k]);
            gap = gaps.get(k + 1).raw();
            joined = false;
        }
        kept.add(joined ? shared(normaliseGap(gap)) : form.gaps()[n]);
        return new Form(chars.toString(), starts.toArray(), ends.toArray(), rawStarts.toArray(), rawEnds.toArray(),
                kept.toArray(new String[0]), form);
    }

    /**
     * Whether the words from {@code k} on read as a domain: joined without spaces ({@code -}, {@code
     * _}) up to a '.' or the word "dot".
     */
    private static boolean domainFollows(Form form, List<Gap> gaps, int k) {
        for (int j = k; j + 1 < form.words(); j++) {
            String gap = gaps.get(j + 1).raw();
            if (wordIs(form, j + 1, DOT) || gap.strip().equals(".")) {
                return true;
            }
            if (gap.isEmpty() || gap.chars().anyMatch(c -> c != '-' && c != '_')) {
                return false;
            }
        }
        return false;
    }

    private static boolean spacesOrBrackets(String gap) {
        for (int i = 0; i < gap.length(); i++) {
            char c = gap.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && "()[]{}<>".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Gaps between words are mostly the same few marks: each is kept once, not once per word of every text. */
    private static final Map<String, String> GAPS = new ConcurrentHashMap<>();
    private static final int MAX_SHARED_GAPS = 4096;
    private static final int MAX_SHARED_GAP = 8;
    /** The last gap read into each slot (by its characters' hash), read again without reading its characters into a string. */
    private static final int GAP_SLOTS = 1024;
    private static final AtomicReferenceArray<Gap> READ_GAPS = new AtomicReferenceArray<>(GAP_SLOTS);
    private static final Gap NO_GAP = new Gap("", "");

    /** A gap as it was read, and {@linkplain #normaliseGap normalised} ({@linkplain #shared shared}). */
    private record Gap(String raw, String normalised) {
    }

    /** The gap of the characters of {@code gap}. */
    private static Gap gap(StringBuilder gap) {
        int length = gap.length();
        if (length == 0) {
            return NO_GAP;
        }
        if (length > MAX_SHARED_GAP) {
            String raw = gap.toString();
            return new Gap(raw, shared(normaliseGap(raw)));
        }
        int hash = 0;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + gap.charAt(i);
        }
        int slot = (hash ^ hash >>> 10) & (GAP_SLOTS - 1);
        Gap known = READ_GAPS.get(slot);
        if (known != null && known.raw().contentEquals(gap)) {
            return known;
        }
        String raw = gap.toString();
        Gap read = new Gap(raw, shared(normaliseGap(raw)));
        READ_GAPS.set(slot, read);
        return read;
    }

    private static String shared(String gap) {
        if (gap.isEmpty() || gap.length() > MAX_SHARED_GAP) {
            return gap.isEmpty() ? "" : gap;
        }
        String known = GAPS.get(gap);
        if (known != null) {
            return known;
        }
        if (GAPS.size() < MAX_SHARED_GAPS) {
            known = GAPS.putIfAbsent(gap, gap);
        }
        return known == null ? gap : known;
    }

    /** A gap without white space, runs of '/' as one, and {@code /./} as '/'. */
    private static String normaliseGap(String gap) {
        if (keptAsItIs(gap)) {
            return gap;
        }
        StringBuilder out = new StringBuilder(gap.length());
        for (int i = 0; i < gap.length(); i++) {
            char c = gap.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            if (c == '/' && out.length() > 0 && out.charAt(out.length() - 1) == '/') {
                continue;
            }
            if (c == '.' && i + 1 < gap.length() && gap.charAt(i + 1) == '/' && out.length() > 0
                    && out.charAt(out.length() - 1) == '/') {
                i++;
                continue;
            }
            out.append(c);
        }
        return out.length() == 0 ? "" : out.toString();
    }

    /**
     * Whether {@link #normaliseGap} drops nothing of {@code gap}: no white space, no '/' after a
     * '/', no {@code ./} after a '/'. (Until it drops a character its output is the gap so far.)
     */
    private static boolean keptAsItIs(String gap) {
        for (int i = 0; i < gap.length(); i++) {
            char c = gap.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
            if (i > 0 && gap.charAt(i - 1) == '/' && (c == '/' || c == '.' && i + 1 < gap.length() && gap.charAt(i + 1) == '/')) {
                return false;
            }
        }
        return true;
    }

    /** The Unicode form of an IDNA label ({@code xn--bcher-kva} for {@code bücher}), or null. */
    private static String punycode(String label) {
        StringBuilder out = new StringBuilder();
        IDNA.Info info = new IDNA.Info();
        IDN.labelToUnicode(label, out, info);
        return info.hasErrors() || out.toString().equalsIgnoreCase(label) ? null : out.toString();
    }

    /** The end of a character reference ({@code &#64;}, {@code &#x40;}, {@code &commat;}) at {@code i}, or {@code i}. */
    private static int entity(String text, int i) {
        int limit = Math.min(text.length(), i + 32);
        for (int j = i + 1; j < limit; j++) {
            char c = text.charAt(j);
            if (c == ';') {
                return j > i + 1 && decodeEntity(text.substring(i + 1, j)) != null ? j + 1 : i;
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '#')) {
                return i;
            }
        }
        return i;
    }

    private static String decodeEntity(String name) {
        if (name.startsWith("#")) {
            try {
                int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return ENTITIES.get(name);
    }

    /** The end of a run of percent escapes ({@code %40}) at {@code i}, or {@code i}. */
    private static int percent(String text, int i) {
        int j = i;
        while (j + 2 < text.length() && text.charAt(j) == '%' && hex(text.charAt(j + 1)) && hex(text.charAt(j + 2))) {
            j += 3;
        }
        return j;
    }

    /** The end of a run of quoted-printable escapes ({@code =40}, upper-case hex as mail writes them) at {@code i}, or {@code i}. */
    private static int quotedPrintable(String text, int i) {
        int j = i;
        while (j + 2 < text.length() && text.charAt(j) == '=' && upperHex(text.charAt(j + 1)) && upperHex(text.charAt(j + 2))) {
            j += 3;
        }
        return j;
    }

    private static boolean upperHex(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F';
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static String decodePercent(String escapes) {
        byte[] bytes = new byte[escapes.length() / 3];
        for (int k = 0; k < bytes.length; k++) {
            bytes[k] = (byte) Integer.parseInt(escapes.substring(3 * k + 1, 3 * k + 3), 16);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String looseOf(int cp) {
        return cached(cp, LOOSE, WIDE_LOOSE, true);
    }

    private static String strictOf(int cp) {
        return cached(cp, STRICT, WIDE_STRICT, false);
    }

    private static String cached(int cp, AtomicReferenceArray<String> table, Map<Integer, String> wide, boolean loose) {
        if (cp < TABLE) {
            String folded = table.get(cp);
            if (folded == null) {
                folded = compute(cp, loose);
                table.set(cp, folded);
            }
            return folded;
        }
        String folded = wide.get(cp);
        if (folded == null) {
            folded = compute(cp, loose);
            if (wide.size() < MAX_WIDE) {
                wide.put(cp, folded);
            }
        }
        return folded;
    }

    private static String compute(int cp, boolean loose) {
        String s = new String(Character.toChars(cp));
        if (!loose) {
            return UCharacter.foldCase(s, true);
        }
        String folded = NFKC_CF.normalize(s);
        if (folded.isEmpty()) {
            return NONE;
        }
        return NFKC_CF.normalize(SPOOF.getSkeleton(folded)).toLowerCase(Locale.ROOT);
    }

    /** A word folded as {@link #loose} folds it. */
    private static String foldWord(String word) {
        StringBuilder out = new StringBuilder();
        word.codePoints().forEach(cp -> out.append(NFKC_CF.normalize(SPOOF.getSkeleton(NFKC_CF.normalize(
                new String(Character.toChars(cp)))))));
        return out.toString();
    }
}
