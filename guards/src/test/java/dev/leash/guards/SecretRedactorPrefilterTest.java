package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The masks look for the forms in any case and the spelled-out forms only where a skipping
 * search says one occurs; what they mask must be what reading every character did
 * ({@link SecretRedactorBeforeSkip}), on texts built to sit at the edges of that search: forms
 * split by one to five separators of every kind (ASCII, wide punctuation, numeric characters
 * that break a form, surrogate pairs), hex in mixed case, forms cut short by a character, and
 * long stretches of prose around them.
 */
class SecretRedactorPrefilterTest {

    private static final String[] SEPARATORS = {"-", " ", ".", "\n", "\u2014", "\u00b7", "\u00bd", "\u2460", "\ud83d\ude00",
        "\u0301", "_", "\u3000"};
    private static final String[] PROSE = {"We shipped the release ", "and the incident review ", "is booked ", "for Thursday. ",
        "\u00e9t\u00e9 ", "\ud835\udc00\ud835\udc01 ", "0x1F ", "deadbeef ", "QS 77 ", "alpha\u0130 ", "\u0130stanbul "};

    @Test
    void masksEveryEdgeOfTheSkippingSearchesAsReadingEveryCharacterDid() {
        SecretRegistry registry = new SecretRegistry().addValue("QS-7731-ALPHA").addValue("tok-42-beef-zz")
                .addValue("%%--++").addValue("sk-live-9f3ac0d1e2b4-0").addValue("\u0130ZM\u0130R-p\u00e4ss-\ud835\udc00\ud835\udc01-99");
        Secret canary = registry.plantCanary();
        List<String> secrets = List.of("QS-7731-ALPHA", "tok-42-beef-zz", canary.value(), "%%--++", "sk-live-9f3ac0d1e2b4-0",
                "\u0130ZM\u0130R-p\u00e4ss-\ud835\udc00\ud835\udc01-99");
        SecretRedactor now = new SecretRedactor(registry);
        SecretRedactorBeforeSkip before = new SecretRedactorBeforeSkip(registry);
        Random random = new Random(41);
        long masked = 0;
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int part = 1 + random.nextInt(i % 20 == 0 ? 60 : 6); part > 0; part--) {
                if (random.nextInt(3) == 0) {
                    text.append(form(random, secrets.get(random.nextInt(secrets.size()))));
                } else {
                    text.append(PROSE[random.nextInt(PROSE.length)]);
                }
            }
            String t = text.toString();
            String expected = before.redact(t);
            assertThat(now.redact(t)).as(t).isEqualTo(expected);
            masked += expected.equals(t) ? 0 : 1;
        }
        assertThat(masked).as("texts that held a secret").isBetween(300L, 1_900L);
    }

    private static String form(Random random, String secret) {
        String value = random.nextInt(4) == 0 ? new StringBuilder(secret).reverse().toString() : secret;
        switch (random.nextInt(6)) {
            case 0 -> {
                // spelled out: its letters and digits with 0 to 5 separators between them
                StringBuilder out = new StringBuilder();
                value.codePoints().filter(Character::isLetterOrDigit).forEach(cp -> {
                    out.appendCodePoint(random.nextBoolean() ? cp : Character.toUpperCase(cp));
                    for (int s = random.nextInt(random.nextInt(8) == 0 ? 6 : 3); s > 0; s--) {
                        out.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
                    }
                });
                return out.toString();
            }
            case 1 -> {
                // hex in mixed case
                String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
                StringBuilder out = new StringBuilder();
                for (char c : hex.toCharArray()) {
                    out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                return out.toString();
            }
            case 2 -> {
                // cut short by one character, or with one changed
                int at = random.nextInt(value.length());
                return random.nextBoolean() ? value.substring(0, at) + value.substring(at + 1)
                        : value.substring(0, at) + "#" + value.substring(at + 1);
            }
            case 3 -> {
                return value.toUpperCase(Locale.ROOT);
            }
            case 4 -> {
                return value.toLowerCase(Locale.ROOT);
            }
            default -> {
                return value;
            }
        }
    }
}
