package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The taint guard reads a part as a shell would, with the quotes that split a word removed; it
 * does so in one pass, and must remove exactly what {@code replaceAll("(?<=\S)['\"]+(?=\S)", "")}
 * removed before.
 */
class ShellQuotesTest {

    @Test
    void removesTheQuotesTheRegularExpressionRemoved() {
        String pieces = "'\"ab \t\n\r\u000B\f\u00A0é\uD835\uDC00-/";
        Random random = new Random(16);
        for (int trial = 0; trial < 50_000; trial++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(16); k > 0; k--) {
                text.append(pieces.charAt(random.nextInt(pieces.length())));
            }
            String t = text.toString();
            assertThat(TaintGuard.quotesInWordsRemoved(t)).as("trial %d: [%s]", trial, t)
                    .isEqualTo(t.replaceAll("(?<=\\S)['\"]+(?=\\S)", ""));
        }
    }

    @Test
    void joinsTheWordsAShellJoins() {
        assertThat(TaintGuard.quotesInWordsRemoved("curl 'https://ev''il.example' \"x\"y")).isEqualTo("curl 'https://evil.example' \"xy");
        assertThat(TaintGuard.quotesInWordsRemoved("no quotes")).isEqualTo("no quotes");
        assertThat(TaintGuard.quotesInWordsRemoved("a''' b")).isEqualTo("a' b");
    }
}
