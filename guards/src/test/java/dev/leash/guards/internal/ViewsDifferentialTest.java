package dev.leash.guards.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.guards.LeakDetector;
import dev.leash.guards.SecretRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/**
 * The rewritten base64 decoding (shared between joined and stripped runs, UTF-8 pieces found by
 * skipping over bytes that cut) yields exactly the views {@link ViewsReference}, the decoders as
 * they were before, yields: the same texts with the same labels in the same order, so the leak
 * detector finds the same secrets with the same encodings and the same pieces. Compared on
 * every text of the guards' and the safety tiers' tests, the benign corpus, the scenario
 * library, prose, and random texts holding secrets in every encoding the views undo, alone and
 * nested.
 */
class ViewsDifferentialTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    private static void sameViews(String text) {
        assertThat(Views.of(text)).as("views of %s", abbreviated(text)).isEqualTo(ViewsReference.of(text));
    }

    private static String abbreviated(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "... (" + text.length() + " characters)";
    }

    @Test
    void everyTestTextBenignCallAndScenarioHasTheSameViews() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String dir : List.of("src/test/java", "../safety-tiers/src/test/java")) {
            try (Stream<Path> files = Files.walk(Path.of(dir))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = STRING_LITERAL.matcher(Files.readString(file));
                    while (m.find()) {
                        texts.add(unescapeJava(m.group(1)));
                    }
                }
            }
        }
        int literals = texts.size();
        try (InputStream in = getClass().getResourceAsStream("/benign-corpus.json")) {
            JsonNode corpus = JSON.readTree(in);
            texts.add(corpus.toString());
            collect(corpus, texts);
        }
        try (Stream<Path> files = Files.walk(Path.of("../agent-eval/src/main/resources/dev/leash/eval/scenarios"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String yaml = Files.readString(file);
                texts.add(yaml);
                texts.addAll(List.of(yaml.split("\n")));
            }
        }

        assertThat(literals).as("string literals of the tests").isGreaterThan(2_000);
        assertThat(texts.size() - literals).as("benign calls and scenarios").isGreaterThan(500);
        for (String text : texts) {
            sameViews(text);
        }
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isContainerNode()) {
            if (node.isObject()) {
                out.add(node.toString()); // arguments as the guards read them
            }
            node.forEach(child -> collect(child, out));
        }
    }

    private static String unescapeJava(String literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\' || i + 1 >= literal.length()) {
                out.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    if (i + 4 < literal.length() && literal.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                        out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        out.append("\\u");
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    @Test
    void proseNotesAndJsonHaveTheSameViews() {
        Random random = new Random(11);
        String[] words = {"the", "quarterly", "report", "shows", "revenue", "grew", "by", "twelve", "percent", "and",
            "churn", "fell.", "Order", "100234577", "ships", "on", "Monday,", "please", "review", "attached", "plan",
            "for", "platform-team", "budget", "EUR", "4.2M", "risk:", "supplier", "delays", "cloud_costs", "caf\u00e9",
            "\u00fcber", "na\u00efve", "\u4e2d\u6587", "\ud83d\ude00", "(see", "https://wiki.example.com/page?id=42&x=y)",
            "user@example.com", "v1.2.3", "\"quoted\"", "it's", "-", "\u2014", "TODO", "QS-7731", "x/y/z"};
        for (int round = 0; round < 300; round++) {
            StringBuilder body = new StringBuilder();
            int size = 16 + random.nextInt(round % 10 == 0 ? 20_000 : 3_000);
            while (body.length() < size) {
                body.append(words[random.nextInt(words.length)]).append(random.nextInt(8) == 0 ? "\n" : " ");
            }
            String note = JSON.createObjectNode().put("title", "Weekly summary " + round).put("body", body.toString()).toString();
            sameViews(body.toString());
            sameViews(note);
            sameViews("Weekly summary " + round + "\n" + body + "\n{\"title\":\"\",\"body\":\"\"}");
        }
        StringBuilder repeated = new StringBuilder();
        while (repeated.length() < 100_000) {
            repeated.append("We shipped the release and the incident review is booked for Thursday. ");
        }
        sameViews("Weekly summary\n" + repeated + "\n{\"title\":\"\",\"body\":\"\"}");
    }

    @Test
    void base64OfRandomTextSplitAnywhereHasTheSameViews() {
        // Runs that start, end and break inside multi-byte sequences, joined and stripped
        Random random = new Random(12);
        String[] samples = {"plain ascii", "caf\u00e9 cr\u00e8me", "\u20ac 12,50", "\ud83d\ude00 smile", "\u4e2d\u6587\u6587\u672c",
            "tab\there", "sk-live-4f9a2b7c1d", "\u0000\u0001ctl", "\uFFFD"};
        String separators = ".,-_ \n:;/+=|\t";
        for (int round = 0; round < 4_000; round++) {
            StringBuilder plain = new StringBuilder();
            for (int k = random.nextInt(8); k >= 0; k--) {
                plain.append(samples[random.nextInt(samples.length)]);
            }
            byte[] bytes = plain.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(4) == 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            String encoded = random.nextBoolean() ? Base64.getEncoder().encodeToString(bytes)
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < encoded.length(); i++) {
                if (random.nextInt(9) == 0) {
                    text.append(separators.charAt(random.nextInt(separators.length())));
                }
                text.append(encoded.charAt(i));
            }
            if (random.nextInt(3) == 0) {
                text.insert(0, "Ab9".substring(0, 1 + random.nextInt(3)));
            }
            sameViews(text.toString());
            sameViews(Views.rot13(text.toString()));
        }
    }

    /**
     * Bytes built to sit on every edge of UTF-8: runs of text, well-formed sequences of two to
     * four bytes (at the second-byte bounds of E0, ED, F0 and F4 too), those cut short, with a
     * continuation too many, overlong and surrogate forms, C0, C1 and F5 to FF, controls, an
     * encoded U+FFFD, and bytes drawn at random.
     */
    private static byte[] adversarialBytes(Random random, int length) {
        byte[][] parts = {utf8("abcdef"), utf8("x"), utf8("\t\n\r"), utf8("\u00e9"), utf8("\u20ac"), utf8("\ud83d\ude00"),
            {(byte) 0xE0, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF}, {(byte) 0xED, (byte) 0x9F, (byte) 0xBF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC2}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xC3, (byte) 0xA9, (byte) 0xA9}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xF5, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xBF, (byte) 0x80},
            {0}, {0x1F}, {0x7F}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < length) {
            if (random.nextInt(3) == 0) {
                out.write(random.nextInt(256));
            } else {
                byte[] part = parts[random.nextInt(parts.length)];
                out.write(part, 0, part.length);
            }
        }
        return out.toByteArray();
    }

    @Test
    void textPiecesOfAdversarialBytesAreTheReferencePieces() {
        // The pieces are read only where adjacent bytes may share one: every edge of UTF-8, at every offset
        Random random = new Random(14);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = adversarialBytes(random, 1 + random.nextInt(round % 100 == 0 ? 2_000 : 60));
            if (round % 2 == 0) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (0x80 | random.nextInt(0x80)); // noise as decoded prose mostly is: high bytes only
                    if (random.nextInt(5) == 0) {
                        bytes[i] = (byte) (0x20 + random.nextInt(0x5F));
                    }
                }
            }
            int from = random.nextInt(Math.min(4, bytes.length));
            byte[] range = java.util.Arrays.copyOfRange(bytes, from, bytes.length);
            List<String> expected = new ArrayList<>();
            ViewsReference.textPieces(range, expected);
            List<String> actual = new ArrayList<>();
            Views.textPieces(bytes, from, bytes.length, actual);
            assertThat(actual).as("pieces of %s from %d", HexFormat.of().formatHex(bytes), from).isEqualTo(expected);
        }
    }

    @Test
    void base64OfAdversarialBytesAtEveryOffsetAmidProseHasTheSameViews() {
        Random random = new Random(15);
        String[] prose = {"We shipped the release and the incident review is booked for Thursday. ", "Order 100234577 ships on Monday, ",
            "see https://wiki.example.com/page?id=42&x=y ", "{\"title\":\"Weekly\",\"body\":\"", "caf\u00e9 \u00fcber \u4e2d\u6587 ", ""};
        String separators = ".,-_ \n:;/|\t";
        for (int round = 0; round < 1_500; round++) {
            byte[] bytes = adversarialBytes(random, 6 + random.nextInt(120));
            String encoded = switch (random.nextInt(3)) {
                case 0 -> Base64.getEncoder().encodeToString(bytes);
                case 1 -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                default -> Views.rot13(Base64.getEncoder().encodeToString(bytes));
            };
            StringBuilder text = new StringBuilder(prose[random.nextInt(prose.length)]);
            text.append("QA7".substring(0, random.nextInt(4))); // every offset of the encoding
            for (int i = 0; i < encoded.length(); i++) {
                if (random.nextInt(12) == 0) {
                    text.append(separators.charAt(random.nextInt(separators.length())));
                }
                text.append(encoded.charAt(i));
            }
            text.append(' ').append(prose[random.nextInt(prose.length)]);
            sameViews(text.toString());
        }
    }

    @Test
    void runsOfNumbersHaveTheSameCharacterCodesAsTheRegularExpressionsFind() {
        Random random = new Random(23);
        String[] separators = {", ", ",", " ", "\n", "; ", ")+chr(", "] [", " - ", "", "x", "  and  ", "\t", "|", "..........", ".", "0"};
        int withCodes = 0;
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (int round = 0; round < 6_000; round++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "codes: " : "");
            for (int k = random.nextInt(16); k > 0; k--) {
                // a round in four writes binary octets, most of them text, as they come in a row; another octal codes
                int pick = round % 4 < 2 && random.nextInt(8) > 0 ? 5 + round % 4 : random.nextInt(10);
                String number = pick < 4 ? String.valueOf(32 + random.nextInt(95))
                        : pick < 5 ? String.valueOf(random.nextInt(0x11_0000 + 1000))
                        : pick < 6 ? String.format("%8s", Integer.toBinaryString(random.nextInt(8) == 0 ? random.nextInt(256)
                                : 32 + random.nextInt(95))).replace(' ', random.nextInt(20) == 0 ? '1' : '0')
                        : pick < 7 ? Integer.toOctalString(32 + random.nextInt(95))
                        : pick < 8 ? String.valueOf(random.nextInt(10))
                        : pick < 9 ? "0".repeat(random.nextInt(12)) + random.nextInt(1000)
                        : binaryDigits(random, 40 + random.nextInt(30));
                text.append(number).append(separators[random.nextInt(separators.length)]);
            }
            String t = text.toString();
            List<Views.View> views = new ArrayList<>();
            Views.charCodes(t.toCharArray(), views);
            List<Views.View> expected = new ArrayList<>();
            ViewsReference.charCodes(t, expected);
            assertThat(views).as("character codes of [%s]", t).isEqualTo(expected);
            withCodes += views.isEmpty() ? 0 : 1;
            views.forEach(v -> kinds.merge(v.how(), 1, Integer::sum));
            if (round % 10 == 0) {
                sameViews(t);
            }
        }
        // the texts reach every reading (832 of the 6,000 hold one with this seed)
        assertThat(withCodes).as("texts that held character codes").isGreaterThan(500);
        assertThat(kinds).containsKeys("char codes", "octal codes", "binary").allSatisfy((how, count) ->
                assertThat(count).as(how).isGreaterThan(50));
    }

    /** Each UTF-8 byte of {@code s} as eight binary digits, joined by {@code separator}. */
    private static String bits(String s, String separator) {
        StringBuilder out = new StringBuilder();
        for (byte b : utf8(s)) {
            String digits = Integer.toBinaryString(b & 0xFF);
            out.append("0".repeat(8 - digits.length())).append(digits).append(separator);
        }
        return out.toString();
    }

    private static String binaryDigits(Random random, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(random.nextBoolean() ? '1' : '0');
        }
        return out.toString();
    }

    /** One way of writing a value, named as the test reports it. */
    private record Encoding(String name, UnaryOperator<String> apply) {
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] deflate(byte[] input, boolean raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        deflater.setInput(input);
        deflater.finish();
        byte[] out = new byte[input.length * 2 + 64];
        int n = deflater.deflate(out);
        deflater.end();
        return java.util.Arrays.copyOf(out, n);
    }

    static byte[] gzip(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String ascii85(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 4) {
            int n = Math.min(4, bytes.length - i);
            long tuple = 0;
            for (int k = 0; k < 4; k++) {
                tuple = tuple << 8 | (k < n ? bytes[i + k] & 0xFF : 0);
            }
            char[] digits = new char[5];
            for (int k = 4; k >= 0; k--) {
                digits[k] = (char) ('!' + tuple % 85);
                tuple /= 85;
            }
            out.append(digits, 0, n + 1);
        }
        return out.toString();
    }

    private static String z85(byte[] bytes) {
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
        StringBuilder out = new StringBuilder();
        byte[] padded = java.util.Arrays.copyOf(bytes, (bytes.length + 3) / 4 * 4);
        for (int i = 0; i < padded.length; i += 4) {
            long tuple = 0;
            for (int k = 0; k < 4; k++) {
                tuple = tuple << 8 | padded[i + k] & 0xFF;
            }
            char[] digits = new char[5];
            for (int k = 4; k >= 0; k--) {
                digits[k] = alphabet.charAt((int) (tuple % 85));
                tuple /= 85;
            }
            out.append(digits);
        }
        return out.toString();
    }

    private static String everyByte(String s, String prefix, String format) {
        StringBuilder out = new StringBuilder();
        for (byte b : utf8(s)) {
            out.append(prefix).append(String.format(format, b & 0xFF));
        }
        return out.toString();
    }

    private static String separated(String s, int every, String separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && i % every == 0) {
                out.append(separator);
            }
            out.append(s.charAt(i));
        }
        return out.toString();
    }

    private static String interleave(String s) {
        int half = (s.length() + 1) / 2;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < half; i++) {
            out.append(s.charAt(i));
            if (half + i < s.length()) {
                out.append(s.charAt(half + i));
            }
        }
        return out.toString();
    }

    private static List<Encoding> encodings() {
        List<Encoding> all = new ArrayList<>();
        all.add(new Encoding("plain", s -> s));
        all.add(new Encoding("base64", s -> b64(utf8(s))));
        all.add(new Encoding("base64url", s -> Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(s))));
        all.add(new Encoding("base64 at an odd offset", s -> "Q" + b64(utf8(s))));
        all.add(new Encoding("base64 at offset 2", s -> "x7" + b64(utf8(s))));
        all.add(new Encoding("base64 of a longer text", s -> b64(utf8("note: " + s + " (keep safe)"))));
        all.add(new Encoding("base64 wrapped", s -> separated(b64(utf8("the key is " + s)), 8, "\n")));
        all.add(new Encoding("base64 wrapped with escapes", s -> separated(b64(utf8(s)), 12, "\\n")));
        all.add(new Encoding("base64 with dots", s -> separated(b64(utf8(s)), 4, ".")));
        all.add(new Encoding("base64 with dashes", s -> separated(b64(utf8(s)), 3, "-")));
        all.add(new Encoding("base64 with spaces and commas", s -> separated(b64(utf8(s)), 5, ", ")));
        all.add(new Encoding("base32", s -> new Base32().encodeAsString(utf8(s))));
        all.add(new Encoding("base32 lower case", s -> new Base32().encodeAsString(utf8(s)).toLowerCase(java.util.Locale.ROOT)));
        all.add(new Encoding("ascii85 wrapped", s -> "<~" + ascii85(utf8(s)) + "~>"));
        all.add(new Encoding("ascii85", s -> ascii85(utf8(s))));
        all.add(new Encoding("z85", s -> z85(utf8(s))));
        all.add(new Encoding("hex", s -> HexFormat.of().formatHex(utf8(s))));
        all.add(new Encoding("hex upper case at an odd nibble", s -> "f" + HexFormat.of().withUpperCase().formatHex(utf8(s))));
        all.add(new Encoding("0x hex", s -> everyByte(s, "0x", "%02x ")));
        all.add(new Encoding("\\x hex", s -> everyByte(s, "\\x", "%02x")));
        all.add(new Encoding("hex with colons", s -> HexFormat.ofDelimiter(":").formatHex(utf8(s))));
        all.add(new Encoding("gzip in base64", s -> b64(gzip(utf8(s)))));
        all.add(new Encoding("zlib in base64", s -> b64(deflate(utf8("config: " + s), false))));
        all.add(new Encoding("deflate in base64", s -> b64(deflate(utf8(s + " " + s), true))));
        all.add(new Encoding("rot13 of base64", s -> Views.rot13(b64(utf8(s)))));
        all.add(new Encoding("rot13 of base64 with dots", s -> separated(Views.rot13(b64(utf8(s))), 4, ".")));
        all.add(new Encoding("interleaved", ViewsDifferentialTest::interleave));
        all.add(new Encoding("url-encoded", s -> everyByte(s, "%", "%02X")));
        all.add(new Encoding("html entities", s -> s.chars().mapToObj(c -> "&#" + c + ";").reduce("", String::concat)));
        all.add(new Encoding("hex entities", s -> s.chars().mapToObj(c -> "&#x" + Integer.toHexString(c)).reduce("", String::concat)));
        all.add(new Encoding("unicode escapes", s -> s.chars().mapToObj(c -> String.format("\\u%04x", c)).reduce("", String::concat)));
        all.add(new Encoding("quoted-printable", s -> everyByte(s, "=", "%02X")));
        all.add(new Encoding("rfc2047", s -> "=?UTF-8?B?" + b64(utf8(s)) + "?="));
        all.add(new Encoding("reversed", s -> new StringBuilder(s).reverse().toString()));
        all.add(new Encoding("rot13", Views::rot13));
        all.add(new Encoding("char codes", s -> s.codePoints().mapToObj(c -> c + ", ").reduce("[", String::concat) + "]"));
        all.add(new Encoding("char codes in chr()", s -> s.codePoints().mapToObj(c -> "chr(" + c + ")").reduce("", (a, b) -> a.isEmpty() ? b : a + "+" + b)));
        all.add(new Encoding("octal codes", s -> s.codePoints().mapToObj(c -> Integer.toOctalString(c) + " ").reduce("", String::concat)));
        all.add(new Encoding("binary octets", s -> bits(s, " ")));
        all.add(new Encoding("binary without separators", s -> bits(s, "")));
        all.add(new Encoding("base64 of UTF-16LE", s -> b64(s.getBytes(StandardCharsets.UTF_16LE))));
        all.add(new Encoding("base64 of UTF-16BE at offset 1", s -> "Q" + b64(s.getBytes(StandardCharsets.UTF_16BE))));
        all.add(new Encoding("base64 of UTF-16LE wrapped", s -> separated(b64(("the key is " + s).getBytes(StandardCharsets.UTF_16LE)), 16, "\n")));
        all.add(new Encoding("hex of UTF-16LE", s -> HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_16LE))));
        all.add(new Encoding("unicode tags", s -> "ok" + s.codePoints().map(c -> c < 128 ? 0xE0000 + c : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)));
        all.add(new Encoding("variation selectors", s -> {
            StringBuilder out = new StringBuilder("\ud83d\ude00");
            for (byte b : utf8(s)) {
                out.appendCodePoint((b & 0xFF) < 16 ? 0xFE00 + (b & 0xFF) : 0xE0100 + (b & 0xFF) - 16);
            }
            return out.toString();
        }));
        all.add(new Encoding("U+ notation", s -> s.codePoints().mapToObj(c -> String.format("U+%04X ", c)).reduce("", String::concat)));
        return all;
    }

    /** Encodings that make a text another layer can be undone from. */
    private static final List<String> LAYERS = List.of("base64", "base64url", "base64 at an odd offset", "base64 with dots",
            "base32", "hex", "0x hex", "\\x hex", "gzip in base64", "rot13 of base64", "url-encoded", "html entities",
            "unicode escapes", "quoted-printable", "z85", "ascii85 wrapped", "char codes", "binary octets");

    @Test
    void secretsInEveryEncodingAloneAndNestedHaveTheSameViewsAndAreFound() {
        Random random = new Random(13);
        List<Encoding> encodings = encodings();
        Map<String, Encoding> byName = new LinkedHashMap<>();
        encodings.forEach(e -> byName.put(e.name(), e));
        String[] around = {"Please forward this to the team: ", "{\"title\":\"Weekly\",\"body\":\"", "curl -d 'v=",
            "We shipped the release and the incident review is booked for Thursday. ", "", "https://paste.example/?q=",
            "Ref. 2024-11-03, see attached.\n", "token\t", "> quoted: "};
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        Map<String, int[]> foundByEncoding = new LinkedHashMap<>(); // found, tried
        int texts = 0;
        for (int round = 0; round < 1_500; round++) {
            StringBuilder secret = new StringBuilder(random.nextBoolean() ? "sk-live-" : "");
            for (int k = 10 + random.nextInt(14); k > 0; k--) {
                secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            SecretRegistry registry = SecretRegistry.fromConfig(List.of(secret.toString()), List.of(), Map.of());
            LeakDetector detector = new LeakDetector(registry);

            List<String> chain = new ArrayList<>();
            String encoded = secret.toString();
            if (round % 3 == 0) {
                for (int depth = 1 + random.nextInt(3); depth > 0; depth--) {
                    String layer = LAYERS.get(random.nextInt(LAYERS.size()));
                    chain.add(layer);
                    encoded = byName.get(layer).apply().apply(encoded);
                }
            } else {
                Encoding e = encodings.get(round % encodings.size());
                chain.add(e.name());
                encoded = e.apply().apply(encoded);
            }
            String text = around[random.nextInt(around.length)] + encoded
                    + (random.nextBoolean() ? "\" }" : " and some more words after it.");
            if (random.nextInt(4) == 0) {
                text = JSON.createObjectNode().put("body", text).toString();
            }
            sameViews(text);
            texts++;

            LeakDetector.Scan scan = detector.scan(Views.of(text));
            LeakDetector.Scan before = detector.scan(ViewsReference.of(text));
            assertThat(scan.complete()).isEqualTo(before.complete());
            assertThat(scan.pieces()).isEqualTo(before.pieces());
            int[] counts = foundByEncoding.computeIfAbsent(String.join(" > ", chain), k -> new int[2]);
            counts[1]++;
            if (scan.complete().isPresent()) {
                counts[0]++;
            }
        }
        assertThat(texts).isEqualTo(1_500);
        // The corpus reaches every decoder: each single encoding is found in the texts holding it
        for (Encoding e : encodings) {
            int[] counts = foundByEncoding.get(e.name());
            assertThat(counts).as("texts with a secret written as %s", e.name()).isNotNull();
            assertThat(counts[0]).as("secrets found written as %s (of %d)", e.name(), counts[1]).isPositive();
        }
        long nestedFound = foundByEncoding.entrySet().stream().filter(x -> x.getKey().contains(" > ")).mapToInt(x -> x.getValue()[0]).sum();
        assertThat(nestedFound).as("secrets found under two or three layers").isGreaterThan(100);
    }
}
