package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Views#charCodes} on the edges of what it reads: how many numbers, how far apart, which digits. */
class CharCodesTest {

    private static List<Views.View> codes(String text) {
        List<Views.View> out = new ArrayList<>();
        Views.charCodes(text.toCharArray(), out);
        return out;
    }

    private static String decimal(String s, String separator) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(out.length() == 0 ? "" : separator).append(c));
        return out.toString();
    }

    private static String octets(String s, String separator) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            String bits = Integer.toBinaryString(b & 0xFF);
            out.append(out.length() == 0 ? "" : separator).append("0".repeat(8 - bits.length())).append(bits);
        }
        return out.toString();
    }

    @Test
    void sixCodesAreAPieceAndFiveAreNot() {
        assertThat(codes(decimal("secret", ", "))).containsExactly(new Views.View("secret", "char codes"));
        assertThat(codes(decimal("secre", ", "))).isEmpty();
    }

    @Test
    void numbersUpToEightCharactersApartAreOneRun() {
        assertThat(codes(decimal("secret", "12345678".replaceAll("\\d", "x")))).extracting(Views.View::text).containsExactly("secret");
        assertThat(codes(decimal("secret", "xxxxxxxxx"))).as("nine apart").isEmpty();
        assertThat(codes("chr(115)+chr(101)+chr(99)+chr(114)+chr(101)+chr(116)")).extracting(Views.View::text).containsExactly("secret");
    }

    @Test
    void eachReadingNamesItself() {
        assertThat(codes("163 145 143 162 145 164")).extracting(Views.View::how).containsExactly("char codes", "octal codes");
        assertThat(codes("163 145 143 162 145 164")).extracting(Views.View::text).contains("secret");
        assertThat(codes(octets("secret", " "))).extracting(Views.View::how).contains("binary").doesNotContain("octal codes");
        assertThat(codes(octets("secret", " "))).filteredOn(v -> v.how().equals("binary")).extracting(Views.View::text)
                .containsExactly("secret");
        assertThat(codes(octets("secre", " "))).as("five octets").isEmpty();
    }

    @Test
    void octetsWithoutSeparatorsFromSixOn() {
        assertThat(codes(octets("secret", ""))).extracting(Views.View::text).containsExactly("secret");
        assertThat(codes(octets("secret", "").substring(1))).as("47 digits").isEmpty();
    }

    @Test
    void aNumberThatIsNoCharacterCutsTheRun() {
        assertThat(codes("115, 101, 99, 0, 114, 101, 116, 115, 101, 99, 114, 101, 116"))
                .extracting(Views.View::text).containsExactly("retsecret");
        assertThat(codes("115, 101, 99, 1114112, 114, 101, 116")).as("past U+10FFFF").isEmpty();
        assertThat(codes("115, 101, 99, 55296, 114, 101, 116")).as("a surrogate").isEmpty();
        assertThat(codes("115, 101, 99, 7, 114, 101, 116")).as("a control character").isEmpty();
    }

    @Test
    void codePointsPastAsciiAreRead() {
        assertThat(codes(decimal("s\u00e9cr\u00e8t\u4e2d\ud83d\ude00", " "))).extracting(Views.View::text)
                .containsExactly("s\u00e9cr\u00e8t\u4e2d\ud83d\ude00");
    }

    @Test
    void theCheapCheckNeverRulesOutWhatIsRead() {
        java.util.Random random = new java.util.Random(5);
        String[] pieces = {"115", "101", "99", "114", "116", "45", "7", "01110011", "0", ", ", ", ", " ", " ", "x", "chr(", ")+",
            octets("secret", ""), octets("secret", "").substring(1), "\n", "ab"};
        int read = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(16); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            boolean codes = !codes(text.toString()).isEmpty();
            read += codes ? 1 : 0;
            if (codes) {
                assertThat(Views.mayHoldCodes(text.toString().toCharArray())).as("[%s]", text).isTrue();
            }
        }
        assertThat(read).as("texts that hold codes").isGreaterThan(500);
        assertThat(Views.mayHoldCodes("Note 3.5: summary 3.5, see you on Thursday".toCharArray())).isFalse();
        assertThat(Views.mayHoldCodes("Note 3.5: summary 3.5, see 2026-12".toCharArray())).as("six numbers").isTrue();
    }

    @Test
    void proseWithFewNumbersHoldsNone() {
        assertThat(codes("We met on 3 May at 10 and again on 12 June with 4 people; 2 of them stayed.")).isEmpty();
        assertThat(Views.of("We met on 3 May at 10 and again on 12 June with 4 people; 2 of them stayed."))
                .extracting(Views.View::how).doesNotContain("char codes", "octal codes", "binary");
    }
}
