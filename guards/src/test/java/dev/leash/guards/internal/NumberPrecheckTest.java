package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A text is ruled out as one number, or as holding a digit group, in one pass before any regular
 * expression runs: the answers must be exactly those of the regular expressions alone ({@link
 * NumbersByRegex}), on texts built from numbers, currencies, dates, account numbers, white space
 * of every kind and words; and a long text of prose is ruled out by the first pass.
 */
class NumberPrecheckTest {

    private static final String[] PIECES = {"0", "7", "12", "9800", "9,800.00", "9.800,00", "1'000", "$", "€", "£", "usd", "EUR",
        "Chf", "gbp", "dollars", " ", "  ", "\t", "\n", "\u00A0", "\u2028", "\u3000", "-", ".", ",", "/", "'", "2026-03-04",
        "04.03.2026", "4/3/26", "1234 5678", "1234-5678-9012", "DE89 3704 0044 0532 0130 00", "account", "iban", "x", "ab",
        "order", "\uD835\uDFCE", "٣", "İ", "ſ", "_"};
    /** What a number as a whole is made of: most texts of these alone are one number or nearly. */
    private static final String[] NUMERIC = {"0", "7", "12", "9800", ",", ".", "'", "1,234", "5.5", " ", "\t", "$", "€", "usd ", " EUR"};

    @Test
    void answersWhatTheRegularExpressionsAnswer() {
        Random random = new Random(16);
        int numbers = 0;
        int groups = 0;
        for (int trial = 0; trial < 40_000; trial++) {
            StringBuilder text = new StringBuilder();
            String[] pieces = trial % 2 == 0 ? PIECES : NUMERIC;
            for (int k = random.nextInt(14); k > 0; k--) {
                text.append(random.nextInt(20) == 0 ? PIECES[random.nextInt(PIECES.length)] : pieces[random.nextInt(pieces.length)]);
            }
            String t = text.toString();
            String number = NumbersByRegex.exactNumber(t);
            assertThat(TextValues.exactNumber(t)).as("trial %d: [%s]", trial, t).isEqualTo(number);
            assertThat(TextValues.digitGroups(t)).as("trial %d: [%s]", trial, t).containsExactlyElementsOf(NumbersByRegex.digitGroups(t));
            if (TextValues.notOneNumber(t)) {
                assertThat(number).as("ruled out: [%s]", t).isNull();
            }
            if (!TextValues.mayHoldDigitGroup(t)) {
                assertThat(NumbersByRegex.digitGroups(t)).as("ruled out: [%s]", t).isEmpty();
            }
            numbers += number != null ? 1 : 0;
            groups += NumbersByRegex.digitGroups(t).isEmpty() ? 0 : 1;
        }
        assertThat(numbers).as("texts that are one number").isGreaterThan(1_000);
        assertThat(groups).as("texts with a digit group").isGreaterThan(1_000);
    }

    /**
     * The digit-group pre-check reads only every 8th character and the runs about those it finds
     * in one: its answer must be that of counting the digits of every run, character by character
     * ({@link #mayHoldDigitGroupByCounting}, as it read before), on short and long texts, runs
     * ending and starting anywhere.
     */
    @Test
    void digitGroupPrecheckAnswersAsCountingEveryCharacter() {
        Random random = new Random(17);
        int held = 0;
        for (int trial = 0; trial < 40_000; trial++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(10) == 0 ? random.nextInt(2_000) : random.nextInt(40);
            String alphabet = random.nextBoolean() ? "0123456789 -./x" : "0123456789 -./abc,:_\u00A0";
            while (text.length() < length) {
                text.append(random.nextInt(6) == 0 ? PIECES[random.nextInt(PIECES.length)]
                        : String.valueOf(alphabet.charAt(random.nextInt(random.nextInt(4) == 0 ? 10 : alphabet.length()))));
            }
            String t = text.toString();
            boolean expected = mayHoldDigitGroupByCounting(t);
            assertThat(TextValues.mayHoldDigitGroup(t)).as("trial %d: [%s]", trial, t).isEqualTo(expected);
            held += expected ? 1 : 0;
        }
        assertThat(held).isGreaterThan(5_000).isLessThan(35_000);
    }

    /**
     * The numbers of a text (that amounts are looked for among) are matched from its first digit
     * on, and not at all in a text without one: they must be those the regular expression finds
     * from the start, in the same order.
     */
    @Test
    void numbersAreThoseMatchedFromTheStart() {
        java.util.regex.Pattern number = java.util.regex.Pattern.compile("(?<![\\d,.'])\\d[\\d,.']*+");
        Random random = new Random(18);
        int found = 0;
        for (int trial = 0; trial < 30_000; trial++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(14); k > 0; k--) {
                text.append(random.nextInt(3) == 0 ? NUMERIC[random.nextInt(NUMERIC.length)] : PIECES[random.nextInt(PIECES.length)]);
            }
            String t = text.toString();
            java.util.Set<String> expected = new java.util.LinkedHashSet<>();
            java.util.regex.Matcher m = number.matcher(t);
            while (m.find()) {
                String normal = TextValues.normaliseNumber(m.group());
                if (normal != null) {
                    expected.add(normal);
                }
            }
            assertThat(TextValues.of(t).numbers()).as("trial %d: [%s]", trial, t).containsExactlyElementsOf(expected);
            found += expected.size();
        }
        assertThat(found).isGreaterThan(20_000);
    }

    /** {@code TextValues.mayHoldDigitGroup} as it was: the digits of each run counted, character by character. */
    private static boolean mayHoldDigitGroupByCounting(String text) {
        int digits = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits >= 8) {
                    return true;
                }
            } else if (c != ' ' && c != '-' && c != '.' && c != '/') {
                digits = 0;
            }
        }
        return false;
    }

    @Test
    void longProseIsRuledOutWithoutTheRegularExpressions() {
        String prose = "We shipped the release and the incident review is booked for Thursday. ".repeat(20_000);
        assertThat(TextValues.notOneNumber(prose)).isTrue();
        assertThat(TextValues.exactNumber(prose)).isNull();
        assertThat(TextValues.mayHoldDigitGroup(prose)).isFalse();
        assertThat(TextValues.digitGroups(prose)).isEmpty();
        String amount = "  USD 1,234,567,890,123,456.50\n";
        assertThat(TextValues.notOneNumber(amount)).isFalse();
        assertThat(TextValues.exactNumber(amount)).isEqualTo("1234567890123456.5");
        assertThat(TextValues.digitGroups(prose + "account 1234 5678 9012")).containsExactly("123456789012");
    }
}
