package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.guards.internal.Views;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A secret hidden as one base64 line among the lines of a long attachment (the MIME base64 of a
 * file, as a mail carries it). Decoding such a text yields copies of it as long as itself (its
 * {@code U+} notation or quoted-printable undone changes a few characters, a JSON string's line
 * escapes undone changes every line) and the noise of its interleaving, which together exceed the
 * decoding budget: the short decodings beside them, the secret's line among them, must still be
 * read, and noise alone must not read as a secret.
 */
class LeakGuardLongAttachmentTest {

    static final String SECRET = LeakGuardTest.SECRET;
    static final String RECIPIENT = "bob@partner.example";

    private final SecretRegistry registry = new SecretRegistry().addValue(SECRET);
    private final LeakGuard guard = new LeakGuard(new LeakDetector(registry));

    @ParameterizedTest
    @ValueSource(ints = {200_000, 1 << 20})
    void deniesASecretInABase64LineOfALongAttachment(int size) {
        String body = attachment(size, 7, line("Production key: " + SECRET + ", keep it safe."));

        assertDenied(Calls.sendEmail(Calls.Run.of("Send the report"), RECIPIENT, "Report", body),
                "send_email was not run: argument body holds a protected secret (safety.secrets.values[0], written"
                        + " base64); secrets must never leave the deployment, in any form");
    }

    @Test
    void deniesItWhereCopiesOfTheTextAloneWouldExhaustTheBudget() {
        // U+ notation, quoted-printable, percent-encoding, HTML entities and escapes: five copies
        // of the whole text, each as long as it, decoded before base64 is
        String marks = "U+0041 =41 %41 &amp; \\t ";
        String body = marks + attachment(300_000, 11, line("Production key: " + SECRET + ", keep it safe."));

        assertDenied(Calls.sendEmail(Calls.Run.of("Send the report"), RECIPIENT, "Report", body),
                "send_email was not run: argument body holds a protected secret (safety.secrets.values[0], written"
                        + " base64); secrets must never leave the deployment, in any form");
    }

    @Test
    void theSecretsLineIsAViewOfTheAttachment() {
        String text = attachment(1 << 20, 7, line("Production key: " + SECRET + ", keep it safe."));

        List<Views.View> views = Views.of(text);

        assertThat(views).anySatisfy(view -> {
            assertThat(view.how()).isEqualTo("base64");
            assertThat(view.text()).contains("Production key: " + SECRET);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {200_000, 1 << 20})
    void allowsTheAttachmentWithoutTheSecret(int size) {
        String body = attachment(size, 7, line("Quarterly figures attached, as agreed."));

        assertThat(guard.evaluate(Calls.sendEmail(Calls.Run.of("Send the report"), RECIPIENT, "Report", body))).isEmpty();
    }

    /** A MIME base64 line of {@code text}. */
    static String line(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** About {@code size} characters of MIME base64 of random bytes, {@code line} among its lines two thirds in. */
    static String attachment(int size, long seed, String line) {
        byte[] random = new byte[size * 3 / 4];
        new Random(seed).nextBytes(random);
        String base64 = Base64.getMimeEncoder().encodeToString(random);
        int at = base64.indexOf("\r\n", base64.length() * 2 / 3) + 2;
        return base64.substring(0, at) + line + "\r\n" + base64.substring(at);
    }

    private void assertDenied(ProposedCall call, String reason) {
        Optional<Decision> decision = guard.evaluate(call);

        assertThat(decision).get().isInstanceOf(Decision.Deny.class);
        assertThat(decision.get().rule()).isEqualTo(GuardRules.LEAK_SECRET);
        assertThat(decision.get().reason()).isEqualTo(reason);
    }
}
