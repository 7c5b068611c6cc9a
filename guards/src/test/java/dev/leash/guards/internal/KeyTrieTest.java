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

    private static String word(Random random, String alphabet, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }
}
