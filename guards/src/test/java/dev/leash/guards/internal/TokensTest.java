package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tokens that short argument values are looked for among are split in one pass: they must be
 * exactly those of the regular expression that split them before ({@link #tokensByRegex}), on
 * texts of every separator, of the trailing marks dropped, of characters outside ASCII (white
 * space that {@code \s} does not take, capitals that lower-case longer, surrogates), and of tokens
 * about the longest kept.
 */
class TokensTest {

    private static final String PIECES = " \t\n\u000B\f\r\"'`<>()[]{},;.:!?aZ9-_/@\u00A0\u2028\u3000İΣß\uD835\uDC00é";
    private static final Pattern TOKEN_SPLIT = Pattern.compile("[\\s\"'`<>()\\[\\]{},;]+");

    @Test
    void areTheTokensOfTheRegularExpressionsSplit() {
        Random random = new Random(16);
        int tokens = 0;
        for (int trial = 0; trial < 30_000; trial++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                if (random.nextInt(200) == 0) {
                    text.append("x".repeat(250 + random.nextInt(12)));
                } else {
                    text.append(PIECES.charAt(random.nextInt(PIECES.length())));
                }
            }
            String t = text.toString();
            Set<String> expected = tokensByRegex(t);
            assertThat(TextValues.tokens(t)).as("trial %d: [%s]", trial, t).isEqualTo(expected);
            tokens += expected.size();
        }
        assertThat(TextValues.tokens(null)).isEmpty();
        assertThat(TextValues.tokens("")).isEmpty();
        assertThat(tokens).isGreaterThan(30_000);
    }

    /** {@code TextValues.tokens} as it was: split by a regular expression. */
    static Set<String> tokensByRegex(String text) {
        Set<String> tokens = new HashSet<>();
        if (text == null) {
            return tokens;
        }
        for (String t : TOKEN_SPLIT.split(text)) {
            int end = t.length();
            while (end > 0 && ".:!?".indexOf(t.charAt(end - 1)) >= 0) {
                end--;
            }
            String token = t.substring(0, end);
            if (!token.isEmpty() && token.length() <= 256) {
                tokens.add(token.toLowerCase(Locale.ROOT));
            }
        }
        return tokens;
    }
}
