package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The escalation signals decide which regular expressions to run from one pass over the text.
 * That pass must answer exactly what looking for each word separately answers, and a pattern
 * skipped for lack of a verb must be one that could not have matched: the signals found are the
 * same as when every pattern whose words are present is run.
 */
class EscalationSignalsPrefilterTest {

    private static final String[] FILLER = {"the", "report", "please", "me", "your", "our", "all", "on", "for", "to",
        "this agent", "yourself", "now", "and", "then", "order 100234577", "Thursday", "-", "/", ".", ",", "\n", "\"",
        "=", ":", "'", "~/", "etc/", "{", "}", "İ", "\u212Aey", "Straße", "é", "\u00a0", "日本", "ǅ"};

    /** Texts mixing every word the checks look for with ordinary words, odd cases and non-ASCII letters. */
    private static List<String> texts() {
        List<String> words = new ArrayList<>(List.of(FILLER));
        for (EscalationSignals.Check check : EscalationSignals.checks()) {
            words.addAll(check.needs());
            words.addAll(check.verbs());
        }
        words.addAll(List.of("disable", "turning off", "bypassing", "send me", "hand over", "give us", "admin password",
                "api keys", "leak guard", "rate limits", "audit log", "allowlist", "security tier", "safety level",
                "grant all", "alter user", "sudo rm", "chmod 777", "id_rsa", ".aws/credentials", "printenv",
                "process.env", "reset link", "password policy", "environment variables"));
        Random random = new Random(16);
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < 6_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int k = 0; k < length; k++) {
                String word = words.get(random.nextInt(words.size()));
                if (random.nextInt(4) == 0) {
                    word = word.toUpperCase(Locale.ROOT);
                } else if (random.nextInt(8) == 0 && word.length() > 2) {
                    int cut = random.nextInt(word.length()); // a word broken in two
                    word = word.substring(0, cut) + (random.nextBoolean() ? " " : "é") + word.substring(cut);
                }
                text.append(word).append(random.nextInt(6) == 0 ? "" : " ");
            }
            texts.add(text.toString());
        }
        return texts;
    }

    @Test
    void onePassAnswersWhatEachWordsContainsAnswers() {
        List<EscalationSignals.Check> checks = EscalationSignals.checks();
        EscalationSignals.Words automaton = new EscalationSignals.Words(checks);
        EscalationWordsByTrigrams before = new EscalationWordsByTrigrams(checks);
        for (String text : texts()) {
            String lower = text.toLowerCase(Locale.ROOT);
            int expected = 0;
            for (int i = 0; i < checks.size(); i++) {
                if (checks.get(i).mayMatch(lower)) {
                    expected |= 1 << i;
                }
            }
            assertThat(automaton.mayMatch(text)).as(text).isEqualTo(expected);
            assertThat(before.mayMatch(text)).as("the look-up before, on %s", text).isEqualTo(expected);
        }
    }

    /**
     * Each word's first three characters followed by every ASCII character, by characters outside
     * ASCII, by the rest of the word and by the end of the text, upper- or lower-cased: the four
     * characters the pass tests skip the comparison only where no word can begin, and a word of
     * three characters is found wherever it stands, the end of the text included.
     */
    @Test
    void fourCharactersSkipTheComparisonOnlyWhereNoWordCanBegin() {
        List<EscalationSignals.Check> checks = EscalationSignals.checks();
        EscalationSignals.Words automaton = new EscalationSignals.Words(checks);
        EscalationWordsByTrigrams before = new EscalationWordsByTrigrams(checks);
        List<String> words = new ArrayList<>();
        for (EscalationSignals.Check check : checks) {
            words.addAll(check.needs());
            words.addAll(check.verbs());
        }
        int texts = 0;
        int may = 0;
        for (String word : words) {
            List<String> afters = new ArrayList<>(List.of("", "\u212A", "é", "İ", "\uD835\uDC00", word.substring(3)));
            for (char c = 1; c < 0x80; c++) {
                afters.add(String.valueOf(c));
            }
            for (String after : afters) {
                for (String text : List.of(word.substring(0, 3) + after, "x " + word.substring(0, 3).toUpperCase(Locale.ROOT) + after + " y",
                        word.substring(0, 3) + after + word.substring(3))) {
                    String lower = text.toLowerCase(Locale.ROOT);
                    int expected = 0;
                    for (int i = 0; i < checks.size(); i++) {
                        expected |= checks.get(i).mayMatch(lower) ? 1 << i : 0;
                    }
                    assertThat(automaton.mayMatch(text)).as(text).isEqualTo(expected);
                    assertThat(before.mayMatch(text)).as("the look-up before, on %s", text).isEqualTo(expected);
                    texts++;
                    may += expected != 0 ? 1 : 0;
                }
            }
        }
        assertThat(texts).isGreaterThan(10_000);
        assertThat(may).as("texts some check may match").isGreaterThan(1_000);
    }

    @Test
    void aPatternSkippedForWantOfAVerbCouldNotHaveMatched() {
        int matched = 0;
        for (String text : texts()) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (EscalationSignals.Check check : EscalationSignals.checks()) {
                if (check.pattern().matcher(lower).find()) {
                    matched++;
                    assertThat(check.verbs().isEmpty() || check.verbs().stream().anyMatch(lower::contains))
                            .as("%s matches \"%s\"", check.kind(), text).isTrue();
                }
            }
        }
        assertThat(matched).as("texts the patterns match").isGreaterThan(300);
    }

    @Test
    void theSignalFoundIsTheOneRunningEveryPatternWhoseWordsArePresentFinds() {
        EscalationSignals signals = new EscalationSignals(List.of("OPENAI_API_KEY"));
        int found = 0;
        for (String text : texts()) {
            Object signal = outcome(() -> signals.scan(text));
            assertThat(signal).as(text).isEqualTo(outcome(() -> reference(text)));
            found += signal instanceof Optional<?> o && o.isPresent() ? 1 : 0;
        }
        assertThat(found).as("texts with a signal").isGreaterThan(300);
    }

    /** What a scan returned, or the class of what it threw (either must be the same). */
    private static Object outcome(java.util.function.Supplier<Optional<EscalationSignals.Signal>> scan) {
        try {
            return scan.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    /**
     * The scan without the verb sets and without the automaton: a {@code contains} per word, and
     * every pattern whose words are present run.
     */
    static Optional<EscalationSignals.Signal> reference(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (EscalationSignals.Check check : EscalationSignals.checks()) {
            if (check.needs().stream().noneMatch(lower::contains)) {
                continue;
            }
            Matcher m = check.pattern().matcher(lower);
            if (m.find()) {
                return Optional.of(new EscalationSignals.Signal(check.kind(),
                        EscalationSignals.evidence(text, lower, m.start(), m.end())));
            }
        }
        return text.contains("OPENAI_API_KEY")
                ? Optional.of(new EscalationSignals.Signal(EscalationSignals.Kind.CREDENTIAL_ACCESS,
                        "mentions the protected variable OPENAI_API_KEY"))
                : Optional.empty();
    }
}
