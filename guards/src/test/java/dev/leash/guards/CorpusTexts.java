package dev.leash.guards;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Texts to compare guards on: every text of the benign corpus, every line of the red-team
 * scenarios of the built-in library, and every string literal of the guards' and the safety
 * tiers' tests (mail bodies, injected instructions, payloads in many encodings). Read from the
 * source tree, so each module's test run sees the same texts.
 */
final class CorpusTexts {

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*+)\"");
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    private CorpusTexts() {
    }

    static List<String> all() {
        List<String> texts = new ArrayList<>();
        try (InputStream in = CorpusTexts.class.getResourceAsStream("/benign-corpus.json")) {
            collect(Calls.JSON.readTree(in), texts);
            for (Path file : files(Path.of("../agent-eval/src/main/resources/dev/leash/eval/scenarios"), ".yaml")) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        texts.add(line.strip());
                    }
                }
            }
            for (String tests : List.of("src/test/java", "../safety-tiers/src/test/java")) {
                for (Path file : files(Path.of(tests), ".java")) {
                    Matcher m = LITERAL.matcher(Files.readString(file));
                    while (m.find()) {
                        texts.add(unescape(m.group(1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the corpus directory " + dir.toAbsolutePath() + " is missing");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collect(child, texts));
    }

    /** A Java string literal's text: the common escapes undone (enough for comparing guards). */
    private static String unescape(String literal) {
        Matcher m = UNICODE_ESCAPE.matcher(literal);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(out);
        return out.toString().replace("\\n", "\n").replace("\\t", "\t").replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
