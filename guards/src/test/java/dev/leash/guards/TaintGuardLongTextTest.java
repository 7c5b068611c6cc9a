package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.ToolCall;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The taint guard reads a long ASCII argument only around the words that some text of the run
 * holds, and builds nothing of a run until its first untrusted result; these tests check that it
 * decides exactly as before ({@link TaintGuardBeforeOnePass}) on long arguments of words no
 * observation holds with a piece of an observation (trusted or not, re-cased, cut short, with
 * punctuation, a character outside ASCII or a surrogate without its pair) somewhere in them, on
 * runs whose untrusted results come late, fail or are denied, and on runs with none.
 */
class TaintGuardLongTextTest {

    private static final String[] OWN = {"we", "shipped", "booked", "thursday", "team", "budget", "plan", "a", "of",
        "it", "notes", "quarterly", "x7", "2026", "meeting", "followed", "up", "on"};
    private static final String[] READ = {"invoice", "supplier", "payment", "account", "overdue", "transfer", "the",
        "urgent", "customer", "order", "shipment", "delay", "a", "to", "of", "contract", "renewal", "pricing", "is",
        "review", "forecast"};

    private final TaintGuard guard = new TaintGuard();
    private final TaintGuardBeforeOnePass before = new TaintGuardBeforeOnePass();

    private static String words(Random random, String[] from, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String word = from[random.nextInt(from.length)];
            if (random.nextInt(15) == 0) {
                word = word.toUpperCase(Locale.ROOT);
            }
            text.append(i == 0 ? "" : random.nextInt(12) == 0 ? ", " : random.nextInt(30) == 0 ? ".\n" : " ").append(word);
        }
        return text.toString();
    }

    private static String argument(Random random, Calls.Run run) {
        StringBuilder text = new StringBuilder(words(random, OWN, random.nextInt(3) == 0 ? random.nextInt(30) : 200 + random.nextInt(3000)));
        for (int k = random.nextInt(4); k > 0 && !run.observations.isEmpty(); k--) {
            String content = run.observations.get(random.nextInt(run.observations.size())).content();
            String[] parts = content.split(" ");
            int from = random.nextInt(parts.length);
            String piece = String.join(" ", java.util.Arrays.copyOfRange(parts, from, Math.min(parts.length, from + 5 + random.nextInt(10))));
            piece = switch (random.nextInt(7)) {
                case 0 -> piece.toUpperCase(Locale.ROOT);
                case 1 -> piece.replace(" ", " - ");
                case 2 -> piece.replace(" ", random.nextBoolean() ? " \u00e9 " : " \uD800 ");
                case 3 -> piece.replace(" ", "? ");
                default -> piece;
            };
            int at = text.length() == 0 ? 0 : random.nextInt(text.length());
            while (at > 0 && text.charAt(at - 1) != ' ') {
                at--;
            }
            text.insert(at, piece + " ");
        }
        return text.toString();
    }

    private static Observation observation(Random random) {
        ToolCall call = ToolCall.of("read_email", Calls.args());
        String content = words(random, READ, 20 + random.nextInt(200));
        return switch (random.nextInt(6)) {
            case 0, 1 -> Observation.ok(call, content, Provenance.trusted("crm"));
            case 2 -> Observation.denied(call, "rule", content);
            default -> Observation.ok(call, content, Provenance.untrusted("mail m" + random.nextInt(9)));
        };
    }

    @Test
    void decidesAsBeforeOnLongArgumentsWithPiecesOfTheRun() {
        Random random = new Random(27);
        int flagged = 0;
        int calls = 0;
        for (int trial = 0; trial < 150; trial++) {
            Calls.Run run = new Calls.Run(random.nextBoolean() ? "file the notes" : words(random, READ, 12),
                    "alex@novastar.example", dev.leash.api.SafetyLevel.LEVEL_2);
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                if (random.nextInt(4) != 0) {
                    run.observations.add(observation(random));
                }
                ObjectNode arguments = Calls.args();
                arguments.put("title", words(random, OWN, 3));
                arguments.put("body", argument(random, run));
                ProposedCall call = Calls.call(run, "save_note", random.nextBoolean() ? Impact.WRITE : Impact.IRREVERSIBLE, arguments);
                Optional<Decision> expected = before.evaluate(call);
                assertThat(guard.evaluate(call)).as("trial %d call %d", trial, i).isEqualTo(expected);
                flagged += expected.isPresent() ? 1 : 0;
                calls++;
            }
        }
        assertThat(flagged).as("calls flagged").isGreaterThan(calls / 5).isLessThan(calls * 4 / 5);
    }

    @Test
    void decidesAsBeforeWhenTheFirstUntrustedResultComesLate() {
        Random random = new Random(28);
        int flagged = 0;
        for (int trial = 0; trial < 100; trial++) {
            Calls.Run run = new Calls.Run("file the notes", "alex@novastar.example", dev.leash.api.SafetyLevel.LEVEL_2);
            int trustedFirst = random.nextInt(6);
            for (int i = 0; i < trustedFirst + 3; i++) {
                ToolCall read = ToolCall.of("lookup", Calls.args());
                String content = words(random, READ, 30);
                run.observations.add(i < trustedFirst ? Observation.ok(read, content, Provenance.trusted())
                        : i == trustedFirst ? Observation.denied(read, "rule", content)
                        : Observation.ok(read, content, Provenance.untrusted("web")));
                ObjectNode arguments = Calls.args();
                arguments.put("body", argument(random, run));
                ProposedCall call = Calls.call(run, "save_note", Impact.WRITE, arguments);
                Optional<Decision> expected = before.evaluate(call);
                assertThat(guard.evaluate(call)).as("trial %d call %d", trial, i).isEqualTo(expected);
                if (i <= trustedFirst) {
                    assertThat(expected).as("nothing untrusted read yet").isEmpty();
                }
                flagged += expected.isPresent() ? 1 : 0;
            }
        }
        assertThat(flagged).isGreaterThan(30);
    }
}
