package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    static final String SECRET = "QS-7731-ALPHA";

    private final SecretRegistry registry = new SecretRegistry().addValue(SECRET);
    private final SecretRedactor redactor = new SecretRedactor(registry);
    private final LeakDetector detector = new LeakDetector(registry);

    @Test
    void masksThePlainValueInAnyCase() {
        assertThat(redactor.redact("Access code: QS-7731-ALPHA; again qs-7731-alpha."))
                .isEqualTo("Access code: [REDACTED:secret]; again [REDACTED:secret].");
    }

    @Test
    void masksEncodedAndSeparatedForms() {
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        String text = "b64=" + Base64.getEncoder().encodeToString(bytes)
                + " url=" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
                + " hex=" + HexFormat.of().withUpperCase().formatHex(bytes)
                + " spaced=Q S 7 7 3 1 A L P H A reversed=AHPLA-1377-SQ";

        String redacted = redactor.redact(text);

        assertThat(redacted).startsWith("b64=[REDACTED:secret] url=[REDACTED:secret] hex=[REDACTED:secret]")
                .contains("spaced=[REDACTED:secret]").contains("reversed=[REDACTED:secret]");
        assertThat(detector.containsSecret(redacted)).isFalse();
    }

    @Test
    void withholdsLinesThatStillHideASecretAtAnOddBase64Offset() {
        String hidden = Base64.getEncoder().encodeToString(("xxxx" + SECRET + " and more text")
                .getBytes(StandardCharsets.UTF_8));
        String redacted = redactor.redact("Summary of the file:\n" + hidden + "\nEnd.");

        assertThat(redacted).isEqualTo("Summary of the file:\n" + SecretRedactor.WITHHELD + "\nEnd.");
    }

    @Test
    void masksCanariesWithTheirOwnMark() {
        Secret canary = registry.plantCanary();

        assertThat(redactor.redact("key " + canary.value())).isEqualTo("key [REDACTED:canary]");
    }

    @Test
    void leavesTextWithoutSecretsAlone() {
        String text = "Quarterly numbers: QS-7730 and ALPHA team; 7731 units.";

        assertThat(redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void masksEveryOneOfAThousandSecretsInAnyOfTheirForms() {
        SecretRegistry many = new SecretRegistry();
        java.util.List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String value = "tok-" + i + "-" + Integer.toHexString(i * 7919 + 104729) + "-zz";
            values.add(value);
            many.addValue(value);
        }
        SecretRedactor manyRedactor = new SecretRedactor(many);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i += 111) {
            String value = values.get(i);
            text.append("plain ").append(value)
                    .append(" b64 ").append(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                    .append(" hex ").append(HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)))
                    .append(" upper ").append(value.toUpperCase(java.util.Locale.ROOT))
                    .append(" reversed ").append(new StringBuilder(value).reverse()).append(";\n");
        }

        String redacted = manyRedactor.redact(text.toString());

        assertThat(redacted).contains("plain [REDACTED:secret] b64 [REDACTED:secret] hex [REDACTED:secret] upper "
                + "[REDACTED:secret] reversed [REDACTED:secret];");
        for (String value : values) {
            assertThat(redacted).doesNotContain(value);
        }
        assertThat(new LeakDetector(many).containsSecret(redacted)).isFalse();
    }

    @Test
    void masksASecretSpelledOutWithUpToThreeSeparatorsAndWithholdsOneSpreadWider() {
        assertThat(redactor.redact("code Q.S-7 7 3 1 A...L P H A!")).isEqualTo("code [REDACTED:secret]!");
        // four separators between two characters: not masked as spelled out, so the detector's
        // check withholds the line instead
        assertThat(redactor.redact("QS 7731 ALP....HA")).isEqualTo(SecretRedactor.WITHHELD);
    }

    @Test
    void masksASecretAmongOtherTextKeepingWhatSurroundsItIncludingWideCharacters() {
        assertThat(redactor.redact("\u00e9t\u00e9 \ud83d\ude00 qs-7731-alpha \ud83d\ude00 fin"))
                .isEqualTo("\u00e9t\u00e9 \ud83d\ude00 [REDACTED:secret] \ud83d\ude00 fin");
    }

    @Test
    void masksACanaryAndASecretThatOverlapAsOneCanaryMark() {
        Secret canary = registry.addCanary("canary-token-" + SECRET);

        assertThat(redactor.redact("x " + canary.value() + " y")).isEqualTo("x [REDACTED:canary] y");
        assertThat(redactor.redact("x " + SECRET + " y")).isEqualTo("x [REDACTED:secret] y");
    }
}
