package dev.leash.tiers.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.policy.Reason;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.loop.DefaultRunContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The target flags on the benign corpus (replies to senders, notes from pages read, tickets,
 * runbooks): the flags each call raises in its own run, and, as a wider net for values that only
 * look alike, the flags each call raises when played after every other case's observations. The
 * counts are pinned: a change in how values are matched must not raise more of them.
 */
class TargetFlagsBenignCorpusTest {

    private static final JsonNode CASES = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Files.readString(Path.of("../guards/src/test/resources/benign-corpus.json"))).get("cases");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachCaseInItsOwnRunRaisesOnlyThePinnedFlags() {
        TreeMap<String, Integer> counts = new TreeMap<>();
        int calls = 0;
        for (JsonNode c : CASES) {
            calls++;
            count(evaluate(c, c), counts);
        }
        assertThat(calls).isEqualTo(53);
        assertThat(counts).as("flags raised on the benign corpus").containsExactlyEntriesOf(new TreeMap<>(java.util.Map.of(
                TargetFlags.UNNAMED_TARGET, 2)));
    }

    @Test
    void noCallIsFlaggedAsUntrustedAfterAnotherCasesObservations() {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (JsonNode call : CASES) {
            for (JsonNode other : CASES) {
                if (other != call) {
                    count(evaluate(call, other), counts);
                }
            }
        }
        counts.keySet().removeIf(rule -> !rule.equals(TargetFlags.UNTRUSTED_TARGET) && !rule.equals(TargetFlags.UNTRUSTED_ARGUMENT)
                && !rule.equals(TargetFlags.UNTRUSTED_ACTION));
        assertThat(counts).as("untrusted flags across the corpus").isEmpty();
    }

    private static void count(Optional<Decision> decision, TreeMap<String, Integer> counts) {
        decision.ifPresent(d -> {
            for (Reason reason : ((Decision.RequireApproval) d).reasons()) {
                counts.merge(reason.rule(), 1, Integer::sum);
            }
        });
    }

    /** The call of case {@code c}, in a run with the goal and principal of {@code c} that has read what {@code seen} read. */
    private static Optional<Decision> evaluate(JsonNode c, JsonNode seen) {
        DefaultRunContext run = new DefaultRunContext("run", c.get("principal").asText(), "session", c.get("goal").asText(),
                SafetyLevel.LEVEL_2, Instant.now().plusSeconds(3600));
        for (JsonNode o : seen.get("observations")) {
            String[] sources = new ArrayList<String>() {{ o.path("sources").forEach(s -> add(s.asText())); }}.toArray(new String[0]);
            Provenance provenance = o.get("trust").asText().equals("trusted") ? Provenance.trusted(sources) : Provenance.untrusted(sources);
            run.observe(Observation.ok(ToolCall.of(o.get("tool").asText(), (ObjectNode) o.get("args")), o.get("content").asText(), provenance));
        }
        JsonNode call = c.get("call");
        Impact impact = Impact.valueOf(call.get("impact").asText().toUpperCase(Locale.ROOT));
        List<Target> targets = new ArrayList<>();
        call.path("targets").forEach(t -> targets.add(new Target(Target.Kind.of(t.get("kind").asText()), t.get("value").asText())));
        ProposedCall proposed = new ProposedCall(ToolCall.of(call.get("tool").asText(), (ObjectNode) call.get("args")),
                ToolSpec.of(call.get("tool").asText(), "", impact), impact, targets, OutboundContent.none(), run);
        Optional<Decision> decision = new TargetFlags(name -> Optional.empty()).evaluate(proposed);
        run.end();
        return decision;
    }
}
