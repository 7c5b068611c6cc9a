package dev.leash.guards.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link TextValues#words} as it was written before it read text in one pass: the whole text
 * lower-cased, then split with a regular expression. Kept unchanged as the oracle of {@link
 * TextValuesWordsTest} and of the guards that were written with it.
 */
public final class WordsBySplit {

    private WordsBySplit() {
    }

    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
