package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The key trie that tainted values are looked for with starts a walk only where the text's next
 * three characters begin a key: it must still report every occurrence of every key held, exactly
 * those a search for each key alone finds, with keys short and long, added and removed, in
 * texts of the keys' own characters and others.
 */
class KeyTrieTest {

    @Test
    void reportsEveryOccurrenceOfEveryKeyHeld() {
        Random random = new Random(16);
        String alphabet = "abAB.@/-0é\uD835";
        int found = 0;
        for (int trial = 0; trial < 3_000; trial++) {
            KeyTrie<String> trie = new KeyTrie<>();
            List<String> held = new ArrayList<>();
            boolean shortKeys = random.nextInt(4) == 0;
            for (int k = random.nextInt(8); k >= 0; k--) {
                String key = word(random, alphabet, (shortKeys ? 1 : 3) + random.nextInt(5));
                trie.add(key, key);
                held.add(key);
                if (random.nextInt(5) == 0) {
                    String gone = held.remove(random.nextInt(held.size()));
                    trie.remove(gone, gone);
                }
            }
            String text = word(random, alphabet, random.nextInt(60)) + (held.isEmpty() ? "" : held.get(0));
            CharSequence view = random.nextBoolean() ? text : new StringBuilder(text);
            int from = random.nextInt(4);
            List<String> expected = new ArrayList<>();
            for (int start = from; start < text.length(); start++) {
                for (int end = start + 1; end <= text.length(); end++) {
                    for (String key : held) {
                        if (key.equals(text.substring(start, end))) {
                            expected.add(key + "@" + start + "-" + end);
                        }
                    }
                }
            }
            List<String> actual = new ArrayList<>();
            trie.occurrences(view, from, (value, start, end) -> actual.add(value + "@" + start + "-" + end));
            assertThat(actual).as("trial %d: keys %s in %s from %d", trial, held, text, from).containsExactlyInAnyOrderElementsOf(expected);
            found += expected.size();
        }
        assertThat(found).as("occurrences found").isGreaterThan(3_000);
    }

    /**
     * Long texts and keys of many lengths, so that the window of the shortest key's length moves
     * on by skips: the occurrences must be exactly those a walk from every start finds ({@link
     * KeyTrie#occurrencesFromEveryStart}, as the trie read before), in the same order, and those
     * a search for each key finds; also after keys shorter than all before are added.
     */
    @Test
    void skipsPassNoOccurrence() {
        Random random = new Random(17);
        int found = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            String alphabet = random.nextBoolean() ? "abAB.@/-0é" : "ab.@-0 xyzqwertyuiopsdfghjklmnvc";
            KeyTrie<String> trie = new KeyTrie<>();
            List<String> held = new ArrayList<>();
            StringBuilder text = new StringBuilder(word(random, alphabet, random.nextInt(random.nextInt(5) == 0 ? 3_000 : 200)));
            for (int k = random.nextInt(12); k >= 0; k--) {
                String key = word(random, alphabet.substring(0, 1 + random.nextInt(alphabet.length())), 3 + random.nextInt(random.nextBoolean() ? 4 : 25));
                trie.add(key, key);
                held.add(key);
                if (random.nextInt(6) == 0) {
                    String gone = held.remove(random.nextInt(held.size()));
                    trie.remove(gone, gone);
                }
                if (!held.isEmpty() && random.nextInt(3) != 0) {
                    String in = held.get(random.nextInt(held.size()));
                    text.insert(random.nextInt(text.length() + 1), random.nextBoolean() ? in : in.substring(0, in.length() - 1));
                }
            }
            String t = text.toString();
            CharSequence view = random.nextBoolean() ? t : new StringBuilder(t);
            int from = random.nextInt(4) == 0 ? random.nextInt(t.length() + 2) : 0;
            List<String> expected = new ArrayList<>();
            trie.occurrencesFromEveryStart(view, from, (value, start, end) -> expected.add(value + "@" + start + "-" + end));
            List<String> bySearch = new ArrayList<>();
            for (String key : held) {
                for (int at = t.indexOf(key, from); at >= 0; at = t.indexOf(key, at + 1)) {
                    bySearch.add(key + "@" + at + "-" + (at + key.length()));
                }
            }
            List<String> actual = new ArrayList<>();
            trie.occurrences(view, from, (value, start, end) -> actual.add(value + "@" + start + "-" + end));
            assertThat(actual).as("trial %d: keys %s from %d", trial, held, from).containsExactlyElementsOf(expected);
            assertThat(actual).as("trial %d: keys %s from %d", trial, held, from).containsExactlyInAnyOrderElementsOf(bySearch);
            found += actual.size();
        }
        assertThat(found).as("occurrences found").isGreaterThan(2_000);
    }

    private static String word(Random random, String alphabet, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }
}
