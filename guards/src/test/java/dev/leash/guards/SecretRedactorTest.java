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
}
