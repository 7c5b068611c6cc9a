package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The escalation signals' one-pass word look-up ({@link EscalationSignals.Words}) on real texts:
 * every text of the benign corpus, the red-team scenarios and the guards' and tiers' tests, each
 * also re-cased, cut at random places, joined with its neighbour and spread with characters
 * outside ASCII. For each, the checks that may match are exactly those a {@code contains} per word
 * names (and those the look-up answered before it read a fourth character, {@link
 * EscalationWordsByTrigrams}), and the signal is the one found by running every pattern whose words
 * are present.
 */
class EscalationSignalsCorpusTest {

    private static final String[] ODD = {"İ", "\u212A", "ß", "é", "\u00A0", "日本", "\uD835\uDC00", "\u0000", "ǅ"};

    private static List<String> texts() {
        List<String> corpus = CorpusTexts.all();
        List<String> texts = new ArrayList<>(corpus);
        Random random = new Random(16);
        for (int i = 0; i < corpus.size(); i++) {
            String text = corpus.get(i);
            String joined = text + (random.nextBoolean() ? " " : "") + corpus.get((i + 1) % corpus.size());
            texts.add(random.nextBoolean() ? joined.toUpperCase(Locale.ROOT) : joined);
            if (text.length() > 2) {
                int cut = random.nextInt(text.length());
                texts.add(text.substring(cut) + ODD[random.nextInt(ODD.length)] + text.substring(0, cut));
            }
        }
        return texts;
    }

    @Test
    void theChecksThatMayMatchAreThoseWhoseWordsOccur() {
        List<EscalationSignals.Check> checks = EscalationSignals.checks();
        EscalationSignals.Words words = new EscalationSignals.Words(checks);
        EscalationWordsByTrigrams before = new EscalationWordsByTrigrams(checks);
        int may = 0;
        for (String text : texts()) {
            String lower = text.toLowerCase(Locale.ROOT);
            int expected = 0;
            for (int i = 0; i < checks.size(); i++) {
                if (checks.get(i).mayMatch(lower)) {
                    expected |= 1 << i;
                }
            }
            assertThat(words.mayMatch(text)).as(text).isEqualTo(expected);
            assertThat(before.mayMatch(text)).as("the look-up before, on %s", text).isEqualTo(expected);
            may += expected != 0 ? 1 : 0;
        }
        assertThat(may).as("texts some check may match").isGreaterThan(1000);
    }

    @Test
    void theSignalIsTheOneEveryPatternWhoseWordsOccurFinds() {
        EscalationSignals signals = new EscalationSignals(List.of("OPENAI_API_KEY"));
        int found = 0;
        for (String text : texts()) {
            Optional<EscalationSignals.Signal> signal = signals.scan(text);
            assertThat(signal).as(text).isEqualTo(EscalationSignalsPrefilterTest.reference(text));
            found += signal.isPresent() ? 1 : 0;
        }
        assertThat(found).as("texts with a signal").isGreaterThan(100);
    }
}
