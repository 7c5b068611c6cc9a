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
    void masksOverlappingOccurrencesAsOneStretchAndAdjacentOnesEachAndLeavesTheRest() {
        SecretMasker masker = SecretMasker.of(List.of("abcdef", "defghijk", "zz-top-secret-1"));

        assertThat(masker.redact("x abcdefghijk y")).isEqualTo("x [REDACTED] y");
        assertThat(masker.redact("abcdefabcdef")).isEqualTo("[REDACTED][REDACTED]");
        assertThat(masker.redact("abcde defghij zz-top-secret")).isEqualTo("abcde defghij zz-top-secret");
        assertThat(masker.redact("zz-top-secret-1zz-top-secret-1.")).isEqualTo("[REDACTED][REDACTED].");
    }

    @Test
    void masksEveryOneOfAThousandSecretsInOnePass() {
        List<String> secrets = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            secrets.add("key-" + i + "-" + Integer.toHexString(i * 7919 + 12345));
        }
        SecretMasker masker = SecretMasker.of(secrets);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1000; i += 97) {
            text.append("call ").append(secrets.get(i)).append(" and ")
                    .append(Base64.getEncoder().encodeToString(secrets.get(i).getBytes(StandardCharsets.UTF_8))).append("; ");
        }

        String masked = masker.redact(text.toString());

        for (String secret : secrets) {
            assertThat(masked).doesNotContain(secret);
        }
        assertThat(masked).contains("call [REDACTED] and [REDACTED]; ");
    }

    @Test
    void refusesABlankSecret() {
        assertThatThrownBy(() -> SecretMasker.of(List.of("ok", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }
}
