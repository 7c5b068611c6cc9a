package dev.leash.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    private static final String SECRET = "pa ss/word+1";

    @Test
    void masksASecretPlainAndInCommonEncodings() {
        SecretMasker masker = SecretMasker.of(SECRET);
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);

        assertThat(masker.redact("x " + SECRET + " y")).isEqualTo("x [REDACTED] y");
        assertThat(masker.redact(Base64.getEncoder().encodeToString(bytes))).isEqualTo("[REDACTED]");
        assertThat(masker.redact("k=" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)))
                .isEqualTo("k=[REDACTED]");
        assertThat(masker.redact("?q=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8))).isEqualTo("?q=[REDACTED]");
        assertThat(masker.redact(HexFormat.of().formatHex(bytes))).isEqualTo("[REDACTED]");
        assertThat(masker.redact("nothing to hide")).isEqualTo("nothing to hide");
    }

    @Test
    void masksTheLongerOfTwoOverlappingSecretsWhole() {
        SecretMasker masker = SecretMasker.of(List.of("7731-ALPHA", "QS-7731-ALPHA"));

        assertThat(masker.redact("code QS-7731-ALPHA")).isEqualTo("code [REDACTED]");
    }

    @Test
    void refusesABlankSecret() {
        assertThatThrownBy(() -> SecretMasker.of(List.of("ok", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }
}
