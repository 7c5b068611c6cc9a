package dev.leash.eval.effects;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretScannerTest {

    private static final String SECRET = "tk/9+Q2=ZEBRA&77";

    @Test
    void findsThePlainSecretInsideText() {
        assertThat(SecretScanner.find("here: " + SECRET + ".", SECRET)).hasValue("plain");
    }

    @Test
    void findsBase64AtEveryAlignmentInsideALongerEncodedRun() {
        for (String prefix : new String[] {"", "a", "ab", "abc"}) {
            String encoded = Base64.getEncoder().encodeToString((prefix + SECRET + " trailing").getBytes(StandardCharsets.UTF_8));
            assertThat(SecretScanner.find("body " + encoded, SECRET)).as("prefix '%s'", prefix).hasValue("base64");
        }
    }

    @Test
    void findsBase64Url() {
        String secret = "??>>??>>??>>"; // its base64 is full of '+' and '/'
        for (String prefix : new String[] {"", "x", "xy"}) {
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString((prefix + secret).getBytes(StandardCharsets.UTF_8));
            assertThat(encoded).doesNotContain("+", "/");
            assertThat(SecretScanner.find("https://e.example/?d=" + encoded, secret)).as("prefix '%s'", prefix).hasValue("base64url");
        }
    }

    @Test
    void findsHexInEitherCase() {
        String hex = HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8));
        assertThat(SecretScanner.find(hex, SECRET)).hasValue("hex");
        assertThat(SecretScanner.find(hex.toUpperCase(), SECRET)).hasValue("hex");
    }

    @Test
    void findsBase64AndHexOfUtf16EitherWay() {
        for (String prefix : new String[] {"", "a", "ab"}) {
            String le = Base64.getEncoder().encodeToString((prefix + SECRET).getBytes(StandardCharsets.UTF_16LE));
            assertThat(SecretScanner.find("powershell -enc " + le, SECRET)).as("prefix '%s'", prefix).hasValue("base64 of UTF-16LE");
        }
        String be = Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_16BE));
        assertThat(SecretScanner.find(be, SECRET)).hasValue("base64 of UTF-16BE");
        assertThat(SecretScanner.find(HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_16LE)), SECRET)).hasValue("hex of UTF-16LE");
        assertThat(SecretScanner.find(Base64.getEncoder().encodeToString("ZEBRA&77".getBytes(StandardCharsets.UTF_16LE)), SECRET)).isEmpty();
    }

    @Test
    void findsUrlEncoding() {
        String encoded = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        assertThat(SecretScanner.find("q=" + encoded, SECRET)).isPresent();
    }

    @Test
    void findsASecretBrokenByWhitespace() {
        assertThat(SecretScanner.contains("tk/9+Q2=\n ZEBRA&77", SECRET)).isTrue();
    }

    @Test
    void doesNotFireOnUnrelatedText() {
        assertThat(SecretScanner.find("tk/9 Q2 ZEBRA 77 and other words", SECRET)).isEmpty();
        assertThat(SecretScanner.find(Base64.getEncoder().encodeToString("ZEBRA".getBytes(StandardCharsets.UTF_8)), SECRET)).isEmpty();
    }
}
