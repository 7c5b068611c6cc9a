package dev.leash.tiers.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.guards.internal.FirstMatches;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link FirstMatches} finds, for each pattern, what {@code find} finds on the whole text (the
 * same start and end, or none), on texts made to put the patterns' own words in every order,
 * case and spacing, next to punctuation and characters outside ASCII; and on the tests' own
 * letters.
 */
class FirstMatchesTest {

    private static final List<Pattern> PATTERNS = Stream.of(Coercion.cuePatterns(), SafetyOverride.patterns(), Coercion.privatePatterns())
            .flatMap(List::stream).toList();

    /** The words the patterns are written with (their runs of letters), and a few common ones. */
    private static List<String> words() {
        Set<String> words = new LinkedHashSet<>(List.of("the", "and", "a", "to", "of", "we", "you", "it", "is", "Jessica",
                "Bob", "I", "ll", "d", "ve", "t", "s"));
        for (Pattern p : PATTERNS) {
            Matcher m = Pattern.compile("\\p{L}{1,}").matcher(p.pattern().replaceAll("\\\\[pP]\\{\\w+}|\\\\[a-zA-Z]", " "));
            while (m.find()) {
                words.add(m.group());
            }
        }
        return new ArrayList<>(words);
    }

    private static final String[] BETWEEN = {" ", " ", " ", "  ", "\n", "\n\n", "\t", ", ", "; ", ". ", "! ", "? ", "'", "-",
        "\u2019", " \u00a0", ",", ";", "", ":"};
    private static final String[] ODD = {"\u0131", "\u017f", "\u212a", "\u00e9", "\u00df", "\u0301", "\u00e0", "\u0130", "_", "9",
        "\u00c0", "\u0438", "\u6211", "\ud83d\ude80", "\u00a0", "\u2019"};

    /** Phrasings of each cue, put in a text cut short, spaced and cased at random (a match, or a near miss). */
    private static final String[] PHRASES = {"it would be a real shame if", "I'd hate for your wife to", "you wouldn't want",
        "we would not want", "this stays strictly confidential", "nobody else needs to ever know", "I will keep quiet",
        "my lips are sealed", "rather keep it between us", "bleibt das unter uns", "personne ne saura", "nadie tiene que saber",
        "the board will receive the details", "your wife finds out", "I will forward the photos to the press",
        "for the public to learn", "der Vorstand erfährt", "tu esposa sabrá", "goes public", "I have read the messages from Jessica",
        "We saw your texts with Bob", "I've kept all the private letters between you and Anna", "unless you call it off",
        "if the wipe is postponed", "cancel the transition and nobody", "sonst erfährt", "à moins que", ", o tu esposa",
        "cancel the dispatch", "stand down the fire alarm", "false alarm", "oxygen critical", "priority low", "call 911",
        "\u00c0 moins que tu", "sinon ta femme saura", "your correspondence with Jessica", "you and Jessica", "Rachel might be surprised to learn",
        "I have access to", "where you were last Thursday night", "stays that way", "the board has not seen it yet", "\u043c\u044b \u0437\u043d\u0430\u0435\u043c, o tu esposa", "la prensa ver\u00e1"};

    private static String text(Random random, List<String> words) {
        StringBuilder out = new StringBuilder();
        int n = 1 + random.nextInt(40);
        int phraseAt = random.nextBoolean() ? random.nextInt(n) : -1;
        for (int i = 0; i < n; i++) {
            String word = words.get(random.nextInt(words.size()));
            if (i == phraseAt) {
                String[] parts = PHRASES[random.nextInt(PHRASES.length)].split(" ");
                StringBuilder phrase = new StringBuilder();
                int cut = random.nextInt(4) == 0 ? 1 + random.nextInt(parts.length) : parts.length;
                for (int k = 0; k < cut; k++) {
                    phrase.append(k == 0 ? "" : random.nextInt(5) == 0 ? BETWEEN[random.nextInt(BETWEEN.length)] : " ").append(parts[k]);
                }
                word = phrase.toString();
            }
            switch (random.nextInt(6)) {
                case 0 -> word = word.toUpperCase(java.util.Locale.ROOT);
                case 1 -> word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                default -> { }
            }
            if (random.nextInt(12) == 0) {
                int at = random.nextInt(word.length() + 1);
                word = word.substring(0, at) + ODD[random.nextInt(ODD.length)] + word.substring(at);
            }
            out.append(word).append(BETWEEN[random.nextInt(BETWEEN.length)]);
        }
        return out.toString();
    }

    private static void assertSameAsFind(FirstMatches matches, List<Pattern> patterns, String text) {
        MatchResult[] found = matches.in(text);
        for (int i = 0; i < patterns.size(); i++) {
            Matcher m = patterns.get(i).matcher(text);
            String expected = m.find() ? m.start() + "-" + m.end() : "none";
            String actual = found[i] == null ? "none" : found[i].start() + "-" + found[i].end();
            assertThat(actual).as("pattern %s on %s", patterns.get(i).pattern(), text).isEqualTo(expected);
        }
    }

    @Test
    void findsWhatFindFindsOnTextsOfThePatternsOwnWords() {
        List<String> words = words();
        FirstMatches coercion = FirstMatches.of(Coercion.cuePatterns());
        FirstMatches override = FirstMatches.of(SafetyOverride.patterns());
        // case-sensitive groups inside case-insensitive patterns (a capitalised name): capitals are read as they are
        FirstMatches signals = FirstMatches.of(Coercion.privatePatterns());
        Random random = new Random(20261206);
        int[] matched = new int[PATTERNS.size()];
        for (int i = 0; i < 6_000; i++) {
            String text = text(random, words);
            assertSameAsFind(coercion, Coercion.cuePatterns(), text);
            assertSameAsFind(override, SafetyOverride.patterns(), text);
            assertSameAsFind(signals, Coercion.privatePatterns(), text);
            MatchResult[] found = Stream.of(coercion.in(text), override.in(text), signals.in(text)).flatMap(Stream::of)
                    .toArray(MatchResult[]::new);
            for (int p = 0; p < found.length; p++) {
                matched[p] += found[p] == null ? 0 : 1;
            }
        }
        // the texts are made to match: a generator that never did would prove nothing
        assertThat(java.util.Arrays.stream(matched).min().getAsInt()).as("texts matched, per pattern: %s",
                java.util.Arrays.toString(matched)).isGreaterThan(10);
    }

    @Test
    void findsWhatFindFindsInTheCoercionLettersAndLongTexts() throws Exception {
        FirstMatches coercion = FirstMatches.of(Coercion.cuePatterns());
        String tests = Files.readString(Path.of("src/test/java/dev/leash/tiers/policy/CoercionTest.java"), StandardCharsets.UTF_8);
        Matcher literal = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(tests);
        int texts = 0;
        while (literal.find()) {
            String text = literal.group(1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\u2019", "\u2019");
            assertSameAsFind(coercion, Coercion.cuePatterns(), text);
            texts++;
        }
        assertThat(texts).isGreaterThan(50);
        // a long text whose cues come late, after many near misses
        String padding = "If the plan holds, we would like to know what the board thinks; the press release stays as it is. ".repeat(2000);
        assertSameAsFind(coercion, Coercion.cuePatterns(), padding + "Unless you call it off, your wife will hear about the affair.");
    }

    @Test
    void threadsThatFillTheTablesTogetherFindWhatFindFinds() throws Exception {
        // a fresh instance: its rows and kept starts are made while four threads read with it
        FirstMatches shared = FirstMatches.of(Coercion.cuePatterns());
        List<String> words = words();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = 100 + t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 1_500; i++) {
                        assertSameAsFind(shared, Coercion.cuePatterns(), text(random, words));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void patternsThatStartInsideAWordAreTriedThere() {
        List<Pattern> inside = List.of(Pattern.compile("ing\\b|\\bwould", Pattern.CASE_INSENSITIVE), Pattern.compile("[a-z]{3}9"),
                Pattern.compile("(?:ss|\u00df)e\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        FirstMatches matches = FirstMatches.of(inside);
        assertThat(matches.in("the meeting")[0].start()).isEqualTo(8);
        assertThat(matches.in("codeabc9")[1].start()).isEqualTo(4);
        Pattern first = Pattern.compile("^(?:dear|hi)\\b|\\bregards$", Pattern.CASE_INSENSITIVE);
        assertThat(FirstMatches.of(List.of(first)).in("Dear Kyle, regards")[0].start()).isZero();
        assertThat(FirstMatches.of(List.of(first)).in("Kyle, dear, regards")[0].start()).isEqualTo(12);
        List<String> words = words();
        Random random = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            String text = text(random, words);
            assertSameAsFind(matches, inside, text + " blessing stra\u00dfe gasse xyz9");
        }
    }

    @Test
    void anchorsAreToldFromCaretsInClassesAndEscapes() {
        assertThat(FirstMatches.anchorsAtStart("^dear")).isTrue();
        assertThat(FirstMatches.anchorsAtStart("(?:^|[/\\s])env")).isTrue();
        assertThat(FirstMatches.anchorsAtStart("\\Aenv")).isTrue();
        assertThat(FirstMatches.anchorsAtStart("[^.!?\\n]{0,60}")).isFalse();
        assertThat(FirstMatches.anchorsAtStart("[]^]x|\\^|\\Q^\\E|[a-z&&[^b]]")).isFalse();
        assertThat(FirstMatches.anchorsAtStart("[^]]^")).isTrue();
        for (Pattern p : PATTERNS) {
            assertThat(FirstMatches.anchorsAtStart(p.pattern())).as(p.pattern()).isFalse();
        }
    }

    @Test
    void refusesPatternsItCannotReadSoundly() {
        assertThatThrownBy(() -> FirstMatches.of(List.of(Pattern.compile("(?<=a)b", Pattern.CASE_INSENSITIVE))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("looks behind");
        assertThatThrownBy(() -> FirstMatches.of(List.of(Pattern.compile("(?im)^dear"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiline");
        assertThatThrownBy(() -> FirstMatches.of(List.of(Pattern.compile("\\Gdear"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\\G");
        assertThatThrownBy(() -> FirstMatches.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one to 8 patterns, got 0");
        List<Pattern> nine = java.util.Collections.nCopies(9, Pattern.compile("dear"));
        assertThatThrownBy(() -> FirstMatches.of(nine))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one to 8 patterns, got 9");
    }
}
