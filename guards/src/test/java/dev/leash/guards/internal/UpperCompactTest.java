package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compacted upper-case view that IBANs are looked for in is built in one pass; it must be
 * exactly {@code toUpperCase(Locale.ROOT)} with {@code [\s-]} removed, as it was built before.
 */
class UpperCompactTest {

    @Test
    void isTheUpperCaseWithWhiteSpaceAndDashesRemoved() {
        String pieces = "aZ9 -\t\n\u000B\f\r\u00A0\u2028ßﬁıi İ-DE89 3704";
        Random random = new Random(16);
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                text.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000) : pieces.charAt(random.nextInt(pieces.length())));
            }
            String t = text.toString();
            assertThat(TextValues.upperCompact(t)).as("trial %d: %s", trial, t)
                    .isEqualTo(t.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", ""));
        }
        assertThat(TextValues.upperCompact("de89 3704-0044\t0532")).isEqualTo("DE89370400440532");
    }

    /** ASCII texts, upper-cased and compacted in one pass into bytes: every ASCII character, long and short texts. */
    @Test
    void isTheSameForAsciiTextsReadIntoBytes() {
        Random random = new Random(17);
        for (int trial = 0; trial < 5_000; trial++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(trial % 10 == 0 ? 3000 : 40); k > 0; k--) {
                text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x80) : "aZ9 -\t\nDE89 3704".charAt(random.nextInt(16)));
            }
            if (trial % 7 == 0) {
                text.insert(random.nextInt(text.length() + 1), (char) (0x80 + random.nextInt(0x3000)));
            }
            String t = text.toString();
            assertThat(TextValues.upperCompact(t)).as("trial %d: %s", trial, t)
                    .isEqualTo(t.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", ""));
        }
        assertThat(TextValues.upperCompact("")).isEmpty();
        assertThat(TextValues.upperCompact(" - \t")).isEmpty();
    }
}
