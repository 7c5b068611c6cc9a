package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.guards.internal.Views;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LeakDetector#scan(List)} finds exactly what it found before its reading was compiled
 * ({@link LeakScanReference}): the same complete finding (secret and how it was written) and the
 * same pieces of every secret, with their encodings, for random secrets (ASCII keys, non-ASCII
 * letters, confusables, canaries) from 1 to 1000 of them, and texts holding them whole, in
 * pieces, reversed, Caesar-shifted, disguised, in prose and in noise.
 */
class LeakScanDifferentialTest {

    private static final String KEY = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String HEX = "0123456789abcdef";
    /** Letters with look-alikes, non-ASCII letters, full-width and wide forms. */
    private static final String[] EXOTIC = {"\u0430", "\u043e", "\u0435", "\u0440", "\u0441", "\u03bf", "\u03b1",
        "\u00e9", "\u00df", "\u0130", "\ufb01", "\uff21", "\uff4b", "\u4e2d", "\u0645", "\ud835\udc00", "\ud83d\ude00", "\u2460"};
    private static final String[] WORDS = ("the quarterly report shows revenue grew by twelve percent and churn fell order"
            + " ships on Monday please review attached plan for platform team budget EUR risk supplier delays").split(" ");
    private static final String SEPARATORS = "-_. /\n:";

    static String secret(Random random) {
        StringBuilder s = new StringBuilder();
        switch (random.nextInt(5)) {
            case 0 -> {
                s.append("sk-live-");
                for (int i = 0; i < 16; i++) {
                    s.append(HEX.charAt(random.nextInt(16)));
                }
                s.append('-').append(random.nextInt(1000));
            }
            case 1 -> {
                for (int i = 0, n = 6 + random.nextInt(30); i < n; i++) {
                    s.append(KEY.charAt(random.nextInt(KEY.length())));
                }
            }
            case 2 -> {
                for (int i = 0, n = 6 + random.nextInt(14); i < n; i++) {
                    s.append(random.nextInt(3) == 0 ? EXOTIC[random.nextInt(EXOTIC.length)] : String.valueOf(KEY.charAt(random.nextInt(36))));
                }
            }
            case 3 -> {
                // a pass phrase of words and separators
                for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
                    s.append(i > 0 ? SEPARATORS.charAt(random.nextInt(3)) : "").append(WORDS[random.nextInt(WORDS.length)]);
                }
            }
            default -> {
                // mostly punctuation: matched as written
                for (int i = 0, n = 6 + random.nextInt(6); i < n; i++) {
                    s.append("!@#$%^&*()+=~".charAt(random.nextInt(13)));
                }
                s.append(random.nextInt(100));
            }
        }
        return s.toString();
    }

    static String caesar(String text, int shift) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                out.append((char) ('a' + (c - 'a' + shift) % 26));
            } else if (c >= 'A' && c <= 'Z') {
                out.append((char) ('A' + (c - 'A' + shift) % 26));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A secret written in one of the ways an agent might send it. */
    static String disguised(Random random, String secret) {
        return switch (random.nextInt(9)) {
            case 0 -> secret;
            case 1 -> secret.toUpperCase(java.util.Locale.ROOT);
            case 2 -> new StringBuilder(secret).reverse().toString();
            case 3 -> caesar(secret, 1 + random.nextInt(25));
            case 4 -> caesar(new StringBuilder(secret).reverse().toString(), 13);
            case 5 -> {
                // separators inserted
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < secret.length(); i++) {
                    s.append(secret.charAt(i));
                    if (random.nextInt(4) == 0) {
                        s.append(SEPARATORS.charAt(random.nextInt(SEPARATORS.length())));
                    }
                }
                yield s.toString();
            }
            case 6 -> secret.replace('a', '\u0430').replace('o', '\u03bf').replace('e', '\u0435').replace('A', '\uff21');
            case 7 -> {
                // a piece
                int from = random.nextInt(secret.length());
                yield secret.substring(from, from + random.nextInt(secret.length() - from + 1));
            }
            default -> {
                // short tokens of the secret, as a URL would carry them
                StringBuilder s = new StringBuilder("https://x.example/");
                for (int i = 0; i < secret.length(); ) {
                    int n = Math.min(secret.length() - i, 2 + random.nextInt(7));
                    s.append(secret, i, i + n).append("/?&=".charAt(random.nextInt(4)));
                    i += n;
                }
                yield s.toString();
            }
        };
    }

    static String noise(Random random, int length) {
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            int kind = random.nextInt(10);
            if (kind < 5) {
                s.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? ".\n" : " ");
            } else if (kind < 8) {
                s.append(KEY.charAt(random.nextInt(KEY.length())));
            } else if (kind == 8) {
                s.append(EXOTIC[random.nextInt(EXOTIC.length)]);
            } else {
                s.append((char) random.nextInt(0x3000));
            }
        }
        return s.toString();
    }

    static String text(Random random, List<String> secrets, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            if (!secrets.isEmpty() && random.nextInt(3) == 0) {
                text.append(disguised(random, secrets.get(random.nextInt(secrets.size()))));
            } else {
                text.append(noise(random, random.nextInt(80)));
            }
        }
        return text.toString();
    }

    /**
     * Both scans of {@code views} agree. Where the former scan failed (a secret whose lower case is
     * longer than itself, such as one with a dotted capital I, overran its character map on a
     * matching short token) the new one must read the text without failing.
     */
    static void assertSame(LeakDetector detector, LeakScanReference reference, List<Views.View> views, String what) {
        LeakScanReference.Result before;
        try {
            before = reference.scan(views);
        } catch (ArrayIndexOutOfBoundsException e) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> detector.scan(views)))
                    .as("the scan of %s, where the former one overran its map", what).isNull();
            return;
        }
        assertSame(detector.scan(views), before, reference, what);
    }

    static void assertSame(LeakDetector.Scan after, LeakScanReference.Result before, LeakScanReference reference, String what) {
        assertThat(after.complete()).as("complete finding of %s", what).isEqualTo(java.util.Optional.ofNullable(before.whole));
        assertThat(after.pieces()).as("pieces of %s", what).isEqualTo(before.pieces());
        for (int i = 0; i < reference.secrets.size(); i++) {
            assertThat(after.encoding(i)).as("encoding of secret %d in %s", i, what).isEqualTo(before.encoding(i));
            assertThat(after.length(i)).isEqualTo(reference.folded[i]);
        }
        for (Integer i : after.pieces().keySet()) {
            assertThat(after.secret(i)).isEqualTo(reference.secrets.get(i));
        }
    }

    /** {@code count} random secrets, one in ten a canary, their stripped values added to {@code values}. */
    private static SecretRegistry randomRegistry(Random random, int count, List<String> values) {
        SecretRegistry registry = new SecretRegistry();
        for (int i = 0; i < count; i++) {
            String value = secret(random);
            values.add(value.strip());
            if (random.nextInt(10) == 0) {
                registry.add(Secret.Kind.CANARY, "canary " + i, value);
            } else {
                registry.addValue(value);
            }
        }
        return registry;
    }

    @ParameterizedTest(name = "{0} secrets, seed {1}")
    @CsvSource({"1, 1", "1, 2", "2, 3", "3, 4", "5, 5", "10, 6", "30, 7", "100, 8", "1000, 9"})
    void scansExactlyAsBefore(int count, long seed) {
        Random random = new Random(seed);
        List<String> values = new ArrayList<>();
        SecretRegistry registry = randomRegistry(random, count, values);
        LeakDetector detector = new LeakDetector(registry);
        LeakScanReference reference = LeakScanReference.of(registry);
        int texts = count >= 1000 ? 60 : 150;
        for (int t = 0; t < texts; t++) {
            // short texts (short tokens count) and long ones
            int length = random.nextInt(4) == 0 ? 600 + random.nextInt(4000) : random.nextInt(500);
            String text = text(random, values, length);
            List<Views.View> views = new ArrayList<>();
            views.add(new Views.View(text, "plain"));
            if (random.nextBoolean()) {
                views.add(new Views.View(text(random, values, random.nextInt(400)), "base64"));
                views.add(new Views.View(noise(random, random.nextInt(300)), "hex > url"));
            }
            assertSame(detector, reference, views, text);
        }
        // and through the real decoders, a secret base64-encoded inside prose
        for (int t = 0; t < 10; t++) {
            String inner = text(random, values, 40 + random.nextInt(200));
            String text = noise(random, 100) + " " + Base64.getEncoder().encodeToString(inner.getBytes(StandardCharsets.UTF_8))
                    + " " + noise(random, 100);
            List<Views.View> views = Views.of(text);
            assertSame(detector, reference, views, text);
        }
    }

    /**
     * Secrets of letters from 6 to 40 long, some with digits, confusables, non-ASCII letters or
     * wide characters, so that the shift-free forms differ in length (that view is read for its
     * shortest form): texts hold them whole, one character short, Caesar-shifted, reversed,
     * shifted and reversed, with separators, among non-ASCII noise, surrogates (paired and lone)
     * and look-alikes, and across the 4096-character chunks the fold reads.
     */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"31", "32", "33", "34"})
    void shiftedSecretsOfMixedLengthsAsBefore(long seed) {
        Random random = new Random(seed);
        SecretRegistry registry = new SecretRegistry();
        List<String> values = new ArrayList<>();
        String letters = "abcdefghijklmnopqrstuvwxyz";
        String[] odd = {"\u0430", "\u043e", "\u00e9", "\u0130", "\ufb01", "\uff41", "\ud835\udc00", "\ud83d\ude00", "7", "M", "|"};
        for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
            StringBuilder value = new StringBuilder();
            for (int j = 0, len = 6 + random.nextInt(35); j < len; j++) {
                value.append(random.nextInt(6) == 0 ? odd[random.nextInt(odd.length)] : String.valueOf(letters.charAt(random.nextInt(26))));
            }
            values.add(value.toString());
            if (random.nextInt(8) == 0) {
                registry.add(Secret.Kind.CANARY, "canary " + i, value.toString());
            } else {
                registry.addValue(value.toString());
            }
        }
        LeakDetector detector = new LeakDetector(registry);
        LeakScanReference reference = LeakScanReference.of(registry);
        String[] noise = {"\ud800", "\udc00", "\ud835\udc00", "\u0430", "\u0441", "\u4e2d", "\u00a0", " ", ".", "-", "x", "0", "\u0301"};
        for (int t = 0; t < 60; t++) {
            String secret = values.get(random.nextInt(values.size()));
            String form = switch (random.nextInt(6)) {
                case 0 -> secret;
                case 1 -> secret.substring(0, secret.length() - 1);
                case 2 -> caesar(secret, 1 + random.nextInt(25));
                case 3 -> caesar(new StringBuilder(secret).reverse().toString(), 1 + random.nextInt(25));
                case 4 -> new StringBuilder(secret).reverse().toString();
                default -> disguised(random, secret);
            };
            StringBuilder text = new StringBuilder();
            // the form where a chunk of the fold ends, or anywhere in a longer text
            int before = random.nextBoolean() ? 4096 - random.nextInt(Math.max(1, form.length() + 2)) : random.nextInt(9000);
            while (text.length() < before) {
                text.append(random.nextInt(3) == 0 ? noise[random.nextInt(noise.length)] : String.valueOf(letters.charAt(random.nextInt(26))));
            }
            text.setLength(before);
            text.append(form);
            for (int j = random.nextInt(200); j > 0; j--) {
                text.append(noise[random.nextInt(noise.length)]);
            }
            List<Views.View> views = List.of(new Views.View(text.toString(), "plain"), new Views.View(form, "rot13"));
            assertSame(detector, reference, views, text.length() + " characters holding " + form);
        }
    }

    /**
     * Texts longer than twice {@link LeakDetector#STRETCH}, which are folded and read a stretch at
     * a time: whole, pieces, reversed, shifted, disguised secrets anywhere and across the ends of
     * the stretches, in noise with wide characters and surrogates; and texts where a place to stop
     * reading is rare (a secret over and over, hex noise among many hex secrets), which are then
     * held longer. The same findings, pieces and encodings as the former scan of the whole text.
     */
    @ParameterizedTest(name = "{0} secrets, seed {1}")
    @CsvSource({"1, 61", "3, 62", "12, 63", "200, 64"})
    void longTextsReadAStretchAtATimeAsBefore(int count, long seed) {
        Random random = new Random(seed);
        List<String> values = new ArrayList<>();
        SecretRegistry registry = randomRegistry(random, count, values);
        LeakDetector detector = new LeakDetector(registry);
        LeakScanReference reference = LeakScanReference.of(registry);
        int stretch = LeakDetector.STRETCH;
        for (int t = 0; t < 8; t++) {
            StringBuilder text = new StringBuilder();
            int length = 2 * stretch + 1 + random.nextInt(4 * stretch);
            while (text.length() < length) {
                // now and then a disguised secret where a stretch ends
                int next = (text.length() / stretch + 1) * stretch;
                if (random.nextInt(4) == 0 && next - text.length() < 300) {
                    text.append(noise(random, next - text.length() - random.nextInt(20)));
                    text.append(disguised(random, values.get(random.nextInt(values.size()))));
                } else {
                    text.append(text(random, values, 200 + random.nextInt(2000)));
                }
            }
            String plain = text.toString();
            List<Views.View> views = List.of(new Views.View(plain, "plain"), new Views.View(noise(random, 3 * stretch), "rot13"));
            assertSame(detector, reference, views, plain.length() + " characters");
        }
        // each secret, plain, shifted and reversed, across the end of the first stretch, and a
        // shifted secret in the first stretch with a piece of it in the last (the pieces of the
        // skeleton come first, so the piece tells how the secret was written)
        for (String value : values.subList(0, Math.min(values.size(), 12))) {
            for (int before : new int[] {-14, -6, -3, -1, 0, 1, 2, 5, 9}) {
                String form = switch (random.nextInt(4)) {
                    case 0 -> value;
                    case 1 -> caesar(value, 1 + random.nextInt(25));
                    case 2 -> caesar(new StringBuilder(value).reverse().toString(), 1 + random.nextInt(25));
                    default -> new StringBuilder(value).reverse().toString();
                };
                String head = noise(random, stretch + 200).substring(0, stretch - Math.min(before, form.length()));
                String across = head + form + noise(random, stretch + 50 + random.nextInt(stretch));
                assertSame(detector, reference, List.of(new Views.View(across, "plain")), form + " across a stretch's end");
            }
            String early = noise(random, 500) + caesar(value, 3) + noise(random, 3 * stretch)
                    + value.substring(0, Math.min(value.length(), 7 + random.nextInt(4))) + noise(random, 100);
            assertSame(detector, reference, List.of(new Views.View(early, "plain")), "a shifted " + value + ", then a piece");
        }
        // a secret over and over, and a text of hex among hex secrets: few places to stop
        String secret = values.get(random.nextInt(values.size()));
        String again = (secret + " ").repeat(3 * stretch / (secret.length() + 1) + 1);
        assertSame(detector, reference, List.of(new Views.View(again, "plain")), "a secret over and over");
        StringBuilder hex = new StringBuilder();
        while (hex.length() < 3 * stretch) {
            hex.append(random.nextInt(50) == 0 ? disguised(random, secret) : Integer.toHexString(random.nextInt()));
        }
        assertSame(detector, reference, List.of(new Views.View(hex.toString(), "plain")), "hex");
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"11", "12", "13"})
    void proseAndNoiseHoldNothingAsBefore(long seed) {
        Random random = new Random(seed);
        SecretRegistry registry = new SecretRegistry();
        for (int i = 0; i < 50; i++) {
            registry.addValue(secret(random));
        }
        LeakDetector detector = new LeakDetector(registry);
        LeakScanReference reference = LeakScanReference.of(registry);
        for (int t = 0; t < 30; t++) {
            List<Views.View> views = List.of(new Views.View(noise(random, 3000), "plain"), new Views.View(noise(random, 200), "rot13"));
            assertSame(detector, reference, views, "noise");
        }
    }
}
