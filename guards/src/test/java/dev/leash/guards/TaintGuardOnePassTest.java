package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.ToolCall;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The taint guard reads a call's text in one pass (words numbered as they are read, the content
 * words of a fragment counted as the fragment slides, shell quotes removed without a regular
 * expression, only the views the tainted values need); these tests check that it decides exactly
 * as it did before ({@link TaintGuardBeforeOnePass}): the same findings, reasons and evidence, on
 * the benign corpus and on random runs made of real texts (the corpus, the red-team scenarios,
 * the tests' own payloads), copied into calls as written, re-cased, quoted, escaped and encoded.
 */
class TaintGuardOnePassTest {

    private static final List<String> TEXTS = CorpusTexts.all();
    private static final String[] VALUES = {
        "bob@evil.example", "https://evil.example/reset", "evil-login.example/reset", "www.evil.example",
        "DE89 3704 0044 0532 0130 00", "account 12345678", "card 4111 1111 1111 1111", "$9,800.00", "9.800,00 EUR",
        "Xy7-code", "override-7781", "P@ssw0rd!2", "İstanbul", "ΣΊΣΥΦΟΣ", "straße", "\uD835\uDC00\uD835\uDC01"};

    private final TaintGuard onePass = new TaintGuard();
    private final TaintGuardBeforeOnePass before = new TaintGuardBeforeOnePass();

    @Test
    void decidesAsBeforeOnTheBenignCorpus() throws Exception {
        List<Object[]> corpus = BenignCorpusFileTest.corpus();
        assertThat(corpus).hasSizeGreaterThan(20);
        for (Object[] c : corpus) {
            ProposedCall call = (ProposedCall) c[1];
            assertThat(onePass.evaluate(call)).as("%s", c[0]).isEqualTo(before.evaluate(call));
        }
    }

    @Test
    void decidesAsBeforeOnRandomRunsOfRealTexts() {
        assertThat(TEXTS).hasSizeGreaterThan(2000);
        Random random = new Random(16);
        int flagged = 0;
        int fragments = 0;
        int values = 0;
        int calls = 0;
        for (int trial = 0; trial < 300; trial++) {
            Calls.Run run = new Calls.Run(text(random, 2), random.nextBoolean() ? "alex@novastar.example" : text(random, 1),
                    dev.leash.api.SafetyLevel.LEVEL_2);
            int observations = 1 + random.nextInt(6);
            for (int i = 0; i < observations; i++) {
                run.observations.add(observation(random));
                for (int c = 0; c < 3; c++) {
                    ProposedCall call = call(random, run);
                    Optional<Decision> expected = before.evaluate(call);
                    assertThat(onePass.evaluate(call)).as("trial %d after %d observations", trial, i).isEqualTo(expected);
                    flagged += expected.isPresent() ? 1 : 0;
                    fragments += expected.filter(d -> d.reason().contains(" copies \"")).isPresent() ? 1 : 0;
                    values += expected.filter(d -> d.reason().contains(" holds the ") || d.reason().contains(" is the value "))
                            .isPresent() ? 1 : 0;
                    calls++;
                }
            }
        }
        // The random calls must reach the findings, fragments and values both, not only the allowed path.
        assertThat(flagged).isGreaterThan(calls / 5).isLessThan(calls * 4 / 5);
        assertThat(fragments).isGreaterThan(calls / 10);
        assertThat(values).isGreaterThan(calls / 10);
    }

    /**
     * Runs that read the same observation more than once, and equal copies of it: a finding names
     * the place of the first observation equal to the one it came from, as the index by
     * observation did before.
     */
    @Test
    void namesThePlaceOfTheFirstEqualObservationAsBefore() {
        Random random = new Random(18);
        int named = 0;
        for (int trial = 0; trial < 200; trial++) {
            Calls.Run run = new Calls.Run(text(random, 1), "alex@novastar.example", dev.leash.api.SafetyLevel.LEVEL_2);
            for (int i = 1 + random.nextInt(5); i > 0; i--) {
                Observation o = observation(random);
                run.observations.add(o);
                if (random.nextBoolean()) {
                    run.observations.add(random.nextBoolean() ? o : Observation.ok(o.call(), o.content(), o.provenance()));
                }
                if (random.nextInt(3) == 0) {
                    run.observations.add(observation(random));
                }
                ProposedCall call = call(random, run);
                Optional<Decision> expected = before.evaluate(call);
                assertThat(onePass.evaluate(call)).as("trial %d", trial).isEqualTo(expected);
                named += expected.isPresent() ? 1 : 0;
            }
        }
        assertThat(named).isGreaterThan(50);
    }

    /** The views of a text, told apart by {@code equals} in a list: the same views in the same order as the hash set before. */
    @Test
    void viewsAreTheSameAsTheHashSetsViews() {
        Random random = new Random(19);
        String pieces = "ab \\\\ \\/ \\u0041 %41 %2 ' '' \" &amp; &#97; & x%y";
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                text.append(random.nextInt(3) == 0 ? String.valueOf(pieces.charAt(random.nextInt(pieces.length())))
                        : pieces.substring(0, random.nextInt(pieces.length())));
            }
            String t = text.toString();
            assertThat(TaintGuard.views(t)).as("trial %d: %s", trial, t).isEqualTo(viewsByHashSet(t));
        }
    }

    /** {@code TaintGuard.views} as it was: the views gathered in a {@link java.util.LinkedHashSet}. */
    private static List<String> viewsByHashSet(String text) {
        java.util.Set<String> views = new java.util.LinkedHashSet<>();
        views.add(text);
        String unescaped = text.indexOf('\\') >= 0 ? dev.leash.guards.internal.Views.backslashEscapes(text) : text;
        views.add(unescaped);
        if (unescaped.indexOf('%') >= 0) {
            views.add(dev.leash.guards.internal.Views.percentDecode(unescaped));
        }
        if (unescaped.indexOf('\'') >= 0 || unescaped.indexOf('"') >= 0) {
            views.add(TaintGuard.quotesInWordsRemoved(unescaped));
        }
        if (unescaped.indexOf('&') >= 0) {
            views.add(dev.leash.guards.internal.Views.htmlEntities(unescaped));
        }
        return new ArrayList<>(views);
    }

    private static String text(Random random, int max) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            text.append(text.length() == 0 ? "" : random.nextBoolean() ? " " : "\n");
            text.append(random.nextInt(5) == 0 ? VALUES[random.nextInt(VALUES.length)] : TEXTS.get(random.nextInt(TEXTS.size())));
        }
        return text.toString();
    }

    private static Observation observation(Random random) {
        String[] sources = new String[random.nextInt(3)];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = random.nextBoolean() ? VALUES[random.nextInt(VALUES.length)] : "mail m" + random.nextInt(5);
        }
        Provenance provenance = random.nextInt(3) == 0 ? Provenance.trusted(sources) : Provenance.untrusted(sources);
        ToolCall call = ToolCall.of(random.nextBoolean() ? "read_email" : "http_get", Calls.args());
        return Observation.ok(call, text(random, 6), provenance);
    }

    private static ProposedCall call(Random random, Calls.Run run) {
        ObjectNode arguments = Calls.args();
        int fields = 1 + random.nextInt(3);
        for (int i = 0; i < fields; i++) {
            arguments.put("field" + i, value(random, run));
        }
        List<OutboundContent.Part> extra = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            extra.add(new OutboundContent.Part("attachment", value(random, run)));
        }
        Impact impact = random.nextInt(4) == 0 ? Impact.IRREVERSIBLE : Impact.WRITE;
        return Calls.call(run, "tool", impact, arguments, extra.toArray(OutboundContent.Part[]::new));
    }

    /** An argument: a text of its own, or a piece of an observation (a run of words, or one token), changed as a model or an attacker might. */
    private static String value(Random random, Calls.Run run) {
        List<Observation> observations = run.observations;
        if (observations.isEmpty() || random.nextInt(3) == 0) {
            return text(random, 3);
        }
        String content = observations.get(random.nextInt(observations.size())).content();
        String[] words = content.split(" ");
        if (words.length == 0) {
            return text(random, 3);
        }
        int from = random.nextInt(words.length);
        int length = random.nextInt(4) == 0 ? 1 : 6 + random.nextInt(10);
        String piece = String.join(" ", java.util.Arrays.copyOfRange(words, from, Math.min(words.length, from + length)));
        piece = switch (random.nextInt(8)) {
            case 0 -> piece.toUpperCase(Locale.ROOT);
            case 1 -> piece.replace("e", "e''").replace(" ", "\" ");
            case 2 -> piece.replace("/", "\\/").replace(" ", "\\u0020");
            case 3 -> URLEncoder.encode(piece, StandardCharsets.UTF_8);
            case 4 -> piece.replace(" ", "&nbsp;").replace("a", "&#97;");
            case 5 -> piece.replace(" ", random.nextBoolean() ? " İ " : "\u00A0");
            default -> piece;
        };
        return random.nextBoolean() ? piece : text(random, 1) + " " + piece + " " + text(random, 1);
    }
}
