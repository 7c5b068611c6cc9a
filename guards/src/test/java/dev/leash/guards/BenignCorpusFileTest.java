package dev.leash.guards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.core.audit.InMemoryAuditSink;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The false-flag rate of all guards on a corpus of realistic benign calls
 * ({@code benign-corpus.json}: replies to senders, notes from pages read, tickets, runbooks,
 * lookups), each with the observations its run made first. A call is flagged when any guard
 * denies it or asks for approval for a reason other than its impact.
 */
class BenignCorpusFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretRegistry secrets = secrets();
    private final List<Policy> guards = List.of(new LeakGuard(secrets), new TaintGuard(),
            new RuleOfTwo(secrets, SensitiveData.of(Set.of("secrets/**"), Set.of("salaries"))),
            new EscalationGuard(new InMemoryAuditSink(), new EscalationSignals(secrets.envNames()),
                    new SecretRedactor(secrets), java.time.Clock.systemUTC()));

    private static SecretRegistry secrets() {
        SecretRegistry registry = SecretRegistry.fromConfig(List.of("QS-7731-ALPHA"), List.of("OPENAI_API_KEY"),
                Map.of("OPENAI_API_KEY", "sk-proj-4f9a8b7c6d5e4f3a"));
        registry.addCredential(new Credential("smtp", "alex", "Sm7p!pass-2026", Impact.IRREVERSIBLE));
        registry.plantCanary();
        return registry;
    }

    static List<Object[]> corpus() throws Exception {
        JsonNode root;
        try (InputStream in = BenignCorpusFileTest.class.getResourceAsStream("/benign-corpus.json")) {
            root = JSON.readTree(in);
        }
        List<Object[]> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            Calls.Run run = new Calls.Run(c.get("goal").asText(), c.get("principal").asText(), dev.leash.api.SafetyLevel.LEVEL_2);
            for (JsonNode o : c.get("observations")) {
                ToolCall call = ToolCall.of(o.get("tool").asText(), (ObjectNode) o.get("args"));
                String[] sources = JSON.convertValue(o.get("sources"), String[].class);
                if (o.get("trust").asText().equals("trusted")) {
                    run.trusted(call, o.get("content").asText(), sources);
                } else {
                    run.untrusted(call, o.get("content").asText(), sources);
                }
            }
            JsonNode call = c.get("call");
            List<Target> targets = new ArrayList<>();
            for (JsonNode t : call.get("targets")) {
                String value = t.get("value").asText();
                targets.add(switch (t.get("kind").asText()) {
                    case "email" -> Target.recipient(value);
                    case "host" -> Target.host(value);
                    case "path" -> Target.path(value);
                    case "table" -> Target.table(value);
                    default -> throw new IllegalArgumentException("unknown target kind in the corpus: " + t);
                });
            }
            Impact impact = Impact.valueOf(call.get("impact").asText().toUpperCase(Locale.ROOT));
            cases.add(new Object[] {c.get("name").asText(),
                    Calls.call(run, call.get("tool").asText(), impact, (ObjectNode) call.get("args"), targets)});
        }
        return cases;
    }

    private Optional<Decision> firstFlag(ProposedCall call) {
        for (Policy guard : guards) {
            Optional<Decision> decision = guard.evaluate(call);
            if (decision.isPresent() && !(decision.get() instanceof Decision.Allow)) {
                return decision;
            }
        }
        return Optional.empty();
    }

    @Test
    void theGuardsRaiseNoFalseFlagOnTheBenignCorpus() throws Exception {
        List<Object[]> corpus = corpus();
        List<String> flagged = new ArrayList<>();
        for (Object[] c : corpus) {
            firstFlag((ProposedCall) c[1]).ifPresent(d -> flagged.add(c[0] + " -> " + d.rule() + ": " + d.reason()));
        }
        System.out.printf("benign corpus file: %d calls, %d flagged, false-flag rate %.1f%%%n%s%n", corpus.size(),
                flagged.size(), 100.0 * flagged.size() / corpus.size(), String.join("\n", flagged));

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
        assertThat(flagged).as("false flags").isEmpty();
    }
}
