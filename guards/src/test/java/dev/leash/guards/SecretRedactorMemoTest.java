package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The redactor's memo of clean short texts never changes what it returns. */
class SecretRedactorMemoTest {

    private static final String[] WORDS = {"effective", "impact", "READ", "lookup", "is", "allowed", "at", "LEVEL_1",
        "found", "note", "(", ")", ":", "-", "7731", "QS", "alpha", "\u00e9t\u00e9", "\ud83d\ude00", "=", "%", "\n"};

    @Test
    void givesWhatAFreshRedactorGivesForRandomTextsWithSecretsInEveryForm() {
        SecretRegistry registry = new SecretRegistry().addValue("QS-7731-ALPHA").addValue("tok-42-beef-zz");
        Secret canary = registry.plantCanary();
        List<String> secrets = List.of("QS-7731-ALPHA", "tok-42-beef-zz", canary.value());
        SecretRedactor shared = new SecretRedactor(registry);
        Random random = new Random(16);
        List<String> texts = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String text = text(random, secrets);
            texts.add(text);
            expected.add(new SecretRedactor(registry).redact(text)); // a new redactor: empty memo
        }
        for (int round = 0; round < 3; round++) { // later rounds are served from the memo where clean
            for (int i = 0; i < texts.size(); i++) {
                assertThat(shared.redact(texts.get(i))).as("round %d: %s", round, texts.get(i)).isEqualTo(expected.get(i));
            }
        }
        long masked = texts.stream().filter(t -> !shared.redact(t).equals(t)).count();
        assertThat(masked).as("texts that held a secret").isBetween(50L, 250L);
    }

    @Test
    void masksEveryTextAsTheMasksBeforeTheSkippingSearchDid() {
        SecretRegistry registry = new SecretRegistry().addValue("QS-7731-ALPHA").addValue("tok-42-beef-zz").addValue("%%--++");
        Secret canary = registry.plantCanary();
        List<String> secrets = List.of("QS-7731-ALPHA", "tok-42-beef-zz", canary.value(), "%%--++");
        SecretRedactor now = new SecretRedactor(registry);
        SecretRedactorBeforeSkip before = new SecretRedactorBeforeSkip(registry);
        Random random = new Random(23);
        long masked = 0;
        for (int i = 0; i < 600; i++) {
            StringBuilder text = new StringBuilder(text(random, secrets));
            for (int more = random.nextInt(i % 10 == 0 ? 40 : 2); more > 0; more--) {
                text.append(random.nextBoolean() ? "\n" : " ").append(text(random, secrets)); // long ones too
            }
            String expected = before.redact(text.toString());
            assertThat(now.redact(text.toString())).as(text.toString()).isEqualTo(expected);
            masked += expected.equals(text.toString()) ? 0 : 1;
        }
        assertThat(masked).as("texts that held a secret").isBetween(100L, 500L);
    }

    @Test
    void aRememberedTextIsMaskedOnceItsSecretIsAdded() {
        SecretRegistry registry = new SecretRegistry().addValue("QS-7731-ALPHA");
        SecretRedactor redactor = new SecretRedactor(registry);
        String text = "lookup allowed: NEW-SECRET-9981 found";

        assertThat(redactor.redact(text)).isEqualTo(text);
        assertThat(redactor.redact(text)).isEqualTo(text);
        registry.addValue("NEW-SECRET-9981");

        assertThat(redactor.redact(text)).isEqualTo("lookup allowed: [REDACTED:secret] found");
    }

    @Test
    void aTextHoldingASecretIsMaskedEveryTime() {
        SecretRedactor redactor = new SecretRedactor(new SecretRegistry().addValue("QS-7731-ALPHA"));
        String b64 = Base64.getEncoder().encodeToString("QS-7731-ALPHA".getBytes(StandardCharsets.UTF_8));

        for (int i = 0; i < 3; i++) {
            assertThat(redactor.redact("code " + b64)).isEqualTo("code [REDACTED:secret]");
        }
    }

    @Test
    void keepsGivingTheSameAnswersAfterTheMemoFillsUp() {
        SecretRegistry registry = new SecretRegistry().addValue("QS-7731-ALPHA");
        SecretRedactor redactor = new SecretRedactor(registry);
        for (int i = 0; i < SecretRedactor.MEMO_ENTRIES * 2 + 10; i++) {
            String clean = "reason number " + i;
            assertThat(redactor.redact(clean)).isEqualTo(clean);
            assertThat(redactor.redact(clean + " qs-7731-alpha")).isEqualTo(clean + " [REDACTED:secret]");
        }
    }

    private static String text(Random random, List<String> secrets) {
        StringBuilder out = new StringBuilder();
        int words = 1 + random.nextInt(12);
        for (int w = 0; w < words; w++) {
            if (random.nextInt(8) == 0) {
                out.append(form(random, secrets.get(random.nextInt(secrets.size()))));
            } else {
                out.append(WORDS[random.nextInt(WORDS.length)]);
            }
            out.append(random.nextBoolean() ? " " : "");
        }
        return out.toString();
    }

    private static String form(Random random, String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(8)) {
            case 0 -> secret;
            case 1 -> secret.toLowerCase(Locale.ROOT);
            case 2 -> new StringBuilder(secret).reverse().toString();
            case 3 -> Base64.getEncoder().encodeToString(bytes);
            case 4 -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            case 5 -> HexFormat.of().withUpperCase().formatHex(bytes);
            case 6 -> java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("-", "%2D");
            default -> String.join(" ", secret.split(""));
        };
    }
}
