package dev.leash.core.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The automaton skips text where no pattern can begin; what it masks must be exactly what a
 * plain search for every occurrence of every pattern would mask.
 */
class PatternSetTest {

    /** Every occurrence of every pattern by indexOf; overlapping occurrences merged, adjacent ones kept apart. */
    private static String naiveMask(String text, List<String> patterns, String mask) {
        boolean[] covered = new boolean[text.length()];
        List<int[]> occurrences = new ArrayList<>();
        for (String p : patterns) {
            if (p.isEmpty()) {
                continue;
            }
            for (int at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) {
                occurrences.add(new int[] {at, at + p.length()});
            }
        }
        occurrences.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int start = -1;
        int end = -1;
        for (int[] o : occurrences) {
            if (end >= 0 && o[0] < end) {
                end = Math.max(end, o[1]);
                continue;
            }
            if (end >= 0) {
                out.append(text, copied, start).append(mask);
                copied = end;
            }
            start = o[0];
            end = o[1];
        }
        if (end < 0) {
            return text;
        }
        out.append(text, copied, start).append(mask).append(text, end, text.length());
        return out.toString();
    }

    @Test
    void masksExactlyWhatAPlainSearchForEveryPatternFinds() {
        Random random = new Random(3);
        String alphabet = "abcab-_=+/x\u00e9\u4e2d";
        for (int round = 0; round < 3_000; round++) {
            List<String> patterns = new ArrayList<>();
            int count = 1 + random.nextInt(round % 3 == 0 ? 40 : 4);
            int minLength = 1 + random.nextInt(8);
            for (int k = 0; k < count; k++) {
                StringBuilder p = new StringBuilder();
                for (int len = minLength + random.nextInt(6); len > 0; len--) {
                    p.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                patterns.add(p.toString());
            }
            StringBuilder text = new StringBuilder();
            for (int len = random.nextInt(200); len > 0; len--) {
                if (random.nextInt(10) == 0) {
                    text.append(patterns.get(random.nextInt(patterns.size())));
                } else {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String t = text.toString();

            assertThat(PatternSet.of(patterns).mask(t, "#")).as("patterns %s in %s", patterns, t)
                    .isEqualTo(naiveMask(t, patterns, "#"));
        }
    }

    @Test
    void findsPatternsInOrdinaryTextAmongManyLongOnes() {
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            patterns.add("sk-live-" + Integer.toHexString(i * 7919 + 65536) + "-" + i);
        }
        String text = "the quarterly report " + patterns.get(500) + " shows" + patterns.get(999) + patterns.get(998).substring(1)
                + " and ends with " + patterns.get(7);

        assertThat(PatternSet.of(patterns).mask(text, "#")).isEqualTo(naiveMask(text, patterns, "#"))
                .isEqualTo("the quarterly report # shows#" + patterns.get(998).substring(1) + " and ends with #");
    }

    /** Whether stepping the automaton over every character finds a pattern: what the skipping searches must answer. */
    private static boolean stepped(PatternSet set, CharSequence text) {
        int state = PatternSet.ROOT;
        for (int i = 0; i < text.length(); i++) {
            state = set.step(state, text.charAt(i));
            if (set.longest(state) > 0) {
                return true;
            }
        }
        return false;
    }

    private static String lowerEach(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    @Test
    void findsAnOccurrenceExactlyWhenSteppingOverEveryCharacterDoes() {
        Random random = new Random(5);
        // upper case, a dotted capital I (lower-cased alone it stays one character), wide ones, a sentinel
        String alphabet = "abcABC01-_ \u0130\u00e9\u00c9\u4e2d\ud83d\ude00\u0000";
        long found = 0;
        for (int round = 0; round < 6_000; round++) {
            List<String> patterns = new ArrayList<>();
            int count = 1 + random.nextInt(round % 3 == 0 ? 30 : 4);
            int minLength = 1 + random.nextInt(round % 2 == 0 ? 20 : 6);
            for (int k = 0; k < count; k++) {
                StringBuilder p = new StringBuilder();
                for (int len = minLength + random.nextInt(6); len > 0; len--) {
                    char c = alphabet.charAt(random.nextInt(alphabet.length() - 1)); // never the sentinel
                    p.append(Character.toLowerCase(c));
                }
                patterns.add(p.toString());
            }
            StringBuilder text = new StringBuilder();
            for (int len = random.nextInt(round % 50 == 0 ? 3000 : 300); len > 0; len--) {
                if (random.nextInt(40) == 0) {
                    String p = patterns.get(random.nextInt(patterns.size()));
                    text.append(random.nextBoolean() ? p : p.toUpperCase(java.util.Locale.ROOT));
                } else {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String t = text.toString();
            PatternSet set = PatternSet.of(patterns);
            boolean lower = stepped(set, lowerEach(t));
            assertThat(set.occursInLowerCase(t)).as("patterns %s in %s, lower-cased", patterns, t).isEqualTo(lower);
            char[] chars = (t + "tail").toCharArray();
            assertThat(set.occursIn(chars, t.length())).as("patterns %s in %s", patterns, t).isEqualTo(stepped(set, t));
            found += lower ? 1 : 0;
        }
        assertThat(found).as("rounds with an occurrence").isBetween(1_000L, 5_800L);
    }
}
