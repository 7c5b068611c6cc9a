package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The protected names (the environment variables that hold secrets) are looked for in the same
 * pass as the checks' words, where every name is ASCII of three characters or more, and a text is
 * searched for each name only where that pass found one lower-cased: the signals must be exactly
 * those of the checks followed by a search for each name in turn, as before ({@link #before}), for
 * names of any kind (short, blank, outside ASCII, holding the checks' own words) and texts that
 * hold them as written, re-cased, cut, or next to characters outside ASCII.
 */
class EscalationNamesTest {

    private static final List<String> TEXTS = CorpusTexts.all();
    private static final String[] NAMES = {"OPENAI_API_KEY", "DB_PASSWORD", "SMTP_TOKEN", "AWS_SECRET", "key", "Env",
        "AB", "", "  ", "İX_KEY", "STRIPE_KEY", "X1Y", "a b", "LONG_NAME_OF_A_VARIABLE_HOLDING_A_SECRET"};
    private static final String[] SPICE = {"İ", "\u212A", "ß", "Σ", "\uD835\uDC00", "\u00A0", " ", "\n", "=", "$", "${", "}"};

    @Test
    void signalsAsTheChecksFollowedByASearchForEachName() {
        assertThat(TEXTS).hasSizeGreaterThan(2000);
        Random random = new Random(20);
        EscalationSignals noNames = new EscalationSignals();
        int signalled = 0;
        int byName = 0;
        for (int trial = 0; trial < 400; trial++) {
            List<String> names = new ArrayList<>();
            for (int k = random.nextInt(5); k > 0; k--) {
                names.add(NAMES[random.nextInt(random.nextInt(4) == 0 ? NAMES.length : 4)]);
            }
            EscalationSignals signals = new EscalationSignals(names);
            for (int c = 0; c < 20; c++) {
                String text = text(random, names);
                Optional<EscalationSignals.Signal> expected = before(noNames, names, text);
                assertThat(signals.scan(text)).as("trial %d, names %s: %s", trial, names, text).isEqualTo(expected);
                signalled += expected.isPresent() ? 1 : 0;
                byName += expected.filter(s -> s.evidence().startsWith("mentions the protected variable")).isPresent() ? 1 : 0;
            }
        }
        assertThat(signalled).isGreaterThan(400);
        assertThat(byName).isGreaterThan(200);
    }

    /** The scan as it was: the checks, then each name searched for in the text as written. */
    private static Optional<EscalationSignals.Signal> before(EscalationSignals noNames, List<String> names, String text) {
        Optional<EscalationSignals.Signal> checks = noNames.scan(text);
        if (checks.isPresent() || text == null || text.isBlank()) {
            return checks;
        }
        for (String name : names) {
            int at = text.indexOf(name);
            if (!name.isBlank() && at >= 0) {
                return Optional.of(new EscalationSignals.Signal(EscalationSignals.Kind.CREDENTIAL_ACCESS,
                        "mentions the protected variable " + name));
            }
        }
        return Optional.empty();
    }

    private static String text(Random random, List<String> names) {
        StringBuilder text = new StringBuilder();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            int what = random.nextInt(6);
            if (what == 0 && !names.isEmpty()) {
                String name = names.get(random.nextInt(names.size()));
                text.append(switch (random.nextInt(5)) {
                    case 0 -> name.toLowerCase(Locale.ROOT);
                    case 1 -> name.isEmpty() ? name : name.substring(0, random.nextInt(name.length()));
                    case 2 -> name.replace('K', '\u212A');
                    default -> name;
                });
            } else if (what == 1) {
                text.append(SPICE[random.nextInt(SPICE.length)]);
            } else {
                String t = TEXTS.get(random.nextInt(TEXTS.size()));
                text.append(t, 0, Math.min(t.length(), random.nextInt(300)));
            }
            text.append(random.nextBoolean() ? " " : "");
        }
        return text.toString();
    }
}
