package dev.leash.guards;

import dev.leash.guards.internal.FoldReference;
import dev.leash.guards.internal.SubstringIndexReference;
import dev.leash.guards.internal.Views;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST ORACLE: a verbatim copy of {@code LeakDetector.Index} and {@code LeakDetector.Scan} as they
 * were before the scan was compiled (the fold into strings, the hashed automata of
 * {@link SubstringIndexReference}, the token regex), producing its own result. Differential tests
 * compare {@link LeakDetector#scan(List)} to it. One change: a secret whose lower case is longer than
 * itself has its character map stretched to match, as the detector now does (the copy read past it).
 */
final class LeakScanReference {

    static final int MIN_PIECE = 6;
    static final int MIN_TOKEN_PIECE = 2;
    static final int MAX_SHORT_TOKEN = 8;
    static final int MAX_SHARED = 64;
    static final int MAX_SHORT_TEXT = 512;
    static final int MIN_SPLIT_SECRET = 12;

    private static final Pattern TOKEN = Pattern.compile("[^\\s/?&=#\"',;:{}\\[\\]()<>|\\\\]+");

    /** What a scan found, as {@link LeakDetector.Scan} tells it. */
    static final class Result {
        final Map<Integer, BitSet> covered = new HashMap<>();
        final Map<Integer, BitSet> shortCovered = new HashMap<>();
        final Map<Integer, String> how = new HashMap<>();
        LeakDetector.Finding whole;
        private final LeakScanReference index;

        Result(LeakScanReference index) {
            this.index = index;
        }

        void cover(int secret, int from, int to, String encoding) {
            covered.computeIfAbsent(secret, k -> new BitSet()).set(from, to);
            how.putIfAbsent(secret, encoding);
            if (whole == null && covered.get(secret).cardinality() >= index.folded[secret]) {
                whole = new LeakDetector.Finding(index.secrets.get(secret), encoding);
            }
        }

        void coverShort(int secret, int from, int to, String encoding) {
            shortCovered.computeIfAbsent(secret, k -> new BitSet()).set(from, to);
            how.putIfAbsent(secret, encoding);
        }

        Map<Integer, BitSet> pieces() {
            Map<Integer, BitSet> all = new HashMap<>();
            covered.forEach((k, v) -> all.put(k, (BitSet) v.clone()));
            shortCovered.forEach((k, v) -> all.computeIfAbsent(k, x -> new BitSet()).or(v));
            return all;
        }

        String encoding(int secret) {
            return how.getOrDefault(secret, "plain");
        }
    }

    final List<Secret> secrets;
    final int[] folded;
    final SubstringIndexReference skeleton;
    final SubstringIndexReference caesar;
    final Map<Long, int[]> shortPieces;
    final int[][] rawToFolded;
    final String[] raw;

    /** The secrets of {@code registry}, canaries first, as the detector orders them. */
    static LeakScanReference of(SecretRegistry registry) {
        List<Secret> now = registry.secrets();
        List<Secret> ordered = new ArrayList<>();
        now.stream().filter(Secret::isCanary).forEach(ordered::add);
        now.stream().filter(s -> !s.isCanary()).forEach(ordered::add);
        return new LeakScanReference(ordered);
    }

    LeakScanReference(List<Secret> secrets) {
        this.secrets = List.copyOf(secrets);
        int n = secrets.size();
        folded = new int[n];
        raw = new String[n];
        rawToFolded = new int[n][];
        List<String> forms = new ArrayList<>(2 * n);
        List<String> shifts = new ArrayList<>(2 * n);
        shortPieces = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String value = secrets.get(i).value();
            String f = FoldReference.skeleton(value);
            if (f.length() < Secret.MIN_LENGTH) {
                f = value.toLowerCase(Locale.ROOT);
            }
            folded[i] = f.length();
            forms.add(f);
            forms.add(new StringBuilder(f).reverse().toString());
            String simple = FoldReference.simple(value);
            boolean shiftable = simple.chars().filter(c -> c >= 'a' && c <= 'z').count() >= Secret.MIN_LENGTH;
            shifts.add(shiftable ? FoldReference.caesar(simple) : "");
            shifts.add(shiftable ? FoldReference.caesar(new StringBuilder(simple).reverse().toString()) : "");
            raw[i] = value.toLowerCase(Locale.ROOT);
            rawToFolded[i] = lowerCaseMap(value, raw[i], mapRaw(value, f));
            for (int len = MIN_TOKEN_PIECE; len <= MAX_SHORT_TOKEN; len++) {
                for (int s = 0; s + len <= raw[i].length(); s++) {
                    long piece = hash(raw[i], s, s + len);
                    int[] known = shortPieces.get(piece);
                    if (known == null) {
                        shortPieces.put(piece, new int[] {i, s});
                    } else if (known.length < 2 * MAX_SHARED) {
                        int[] grown = java.util.Arrays.copyOf(known, known.length + 2);
                        grown[known.length] = i;
                        grown[known.length + 1] = s;
                        shortPieces.put(piece, grown);
                    }
                }
            }
        }
        skeleton = new SubstringIndexReference(forms);
        caesar = new SubstringIndexReference(shifts);
    }

    private static long hash(String s, int from, int to) {
        long h = 1125899906842597L;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h * 0x9E3779B97F4A7C15L + (to - from);
    }

    /** As the detector maps a lower case longer than its value (the one change to the former scan). */
    private static int[] lowerCaseMap(String value, String raw, int[] map) {
        if (raw.length() == value.length()) {
            return map;
        }
        int[] out = new int[raw.length()];
        java.util.Arrays.fill(out, -1);
        int at = 0;
        for (int i = 0; i < value.length() && at < out.length; i++) {
            int n = String.valueOf(value.charAt(i)).toLowerCase(java.util.Locale.ROOT).length();
            for (int k = 0; k < n && at < out.length; k++) {
                out[at++] = map[i];
            }
        }
        return out;
    }

    private static int[] mapRaw(String value, String folded) {
        int[] map = new int[value.length()];
        int at = 0;
        for (int i = 0; i < value.length(); i++) {
            String one = FoldReference.skeleton(value.substring(i, i + 1));
            if (one.isEmpty() || at >= folded.length()) {
                map[i] = -1;
            } else {
                map[i] = at << 8 | Math.min(one.length(), 255);
                at += one.length();
            }
        }
        return map;
    }

    /** {@code LeakDetector.scan(views)} as it was. */
    Result scan(List<Views.View> views) {
        Result scan = new Result(this);
        if (secrets.isEmpty()) {
            return scan;
        }
        for (Views.View view : views) {
            scan(view, scan);
            if (scan.whole != null && scan.whole.secret().isCanary()) {
                break;
            }
        }
        return scan;
    }

    void scan(Views.View view, Result scan) {
        String text = view.text();
        String how = view.how();
        String f = FoldReference.skeleton(text);
        skeleton.scan(f, MIN_PIECE, (pattern, start, end, textEnd) -> {
            int secret = pattern / 2;
            int len = folded[secret];
            if (pattern % 2 == 0) {
                scan.cover(secret, start, end, how);
            } else {
                scan.cover(secret, len - end, len - start, how + " > reversed");
            }
            return true;
        });
        String shifted = FoldReference.caesar(FoldReference.simple(text));
        caesar.scan(shifted, Secret.MIN_LENGTH, (pattern, start, end, textEnd) -> {
            if (start == 0 && end == caesar.patternLength(pattern) && end > 0) {
                int secret = pattern / 2;
                scan.cover(secret, 0, folded[secret], how + (pattern % 2 == 0 ? " > shifted" : " > shifted, reversed"));
            }
            return true;
        });
        if (text.length() <= MAX_SHORT_TEXT) {
            shortTokens(text, how, scan);
        }
    }

    private void shortTokens(String text, String how, Result scan) {
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            int len = m.end() - m.start();
            if (len < MIN_TOKEN_PIECE || len > MAX_SHORT_TOKEN) {
                continue;
            }
            String token = m.group().toLowerCase(Locale.ROOT);
            int[] at = shortPieces.get(hash(token, 0, token.length()));
            if (at == null) {
                continue;
            }
            for (int k = 0; k < at.length; k += 2) {
                int secret = at[k];
                if (folded[secret] < MIN_SPLIT_SECRET) {
                    continue;
                }
                int start = at[k + 1];
                if (!raw[secret].startsWith(token, start)) {
                    continue;
                }
                for (int s = start; s >= 0; s = raw[secret].indexOf(token, s + 1)) {
                    for (int r = s; r < s + token.length() && r < rawToFolded[secret].length; r++) {
                        int fi = rawToFolded[secret][r];
                        if (fi >= 0) {
                            int from = fi >>> 8;
                            scan.coverShort(secret, from, Math.min(folded[secret], from + (fi & 0xFF)), how + " > short pieces");
                        }
                    }
                }
            }
        }
    }
}
