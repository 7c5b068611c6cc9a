package dev.leash.guards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds proposed calls and runs with prior observations for guard tests. */
final class Calls {

    static final ObjectMapper JSON = new ObjectMapper();

    private Calls() {
    }

    static ObjectNode args(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return node;
    }

    /** A run with a goal, a principal, a level and observations. */
    static final class Run implements RunContext {
        final String goal;
        final String principal;
        final SafetyLevel level;
        final List<Observation> observations = new ArrayList<>();
        int denials;

        Run(String goal, String principal, SafetyLevel level) {
            this.goal = goal;
            this.principal = principal;
            this.level = level;
        }

        static Run of(String goal) {
            return new Run(goal, "alex@novastar.example", SafetyLevel.LEVEL_2);
        }

        Run level(SafetyLevel newLevel) {
            Run run = new Run(goal, principal, newLevel);
            run.observations.addAll(observations);
            return run;
        }

        Run untrusted(String tool, String content, String... sources) {
            observations.add(Observation.ok(ToolCall.of(tool, args()), content, Provenance.untrusted(sources)));
            return this;
        }

        Run untrusted(ToolCall call, String content, String... sources) {
            observations.add(Observation.ok(call, content, Provenance.untrusted(sources)));
            return this;
        }

        Run trusted(String tool, String content, String... sources) {
            observations.add(Observation.ok(ToolCall.of(tool, args()), content, Provenance.trusted(sources)));
            return this;
        }

        Run trusted(ToolCall call, String content, String... sources) {
            observations.add(Observation.ok(call, content, Provenance.trusted(sources)));
            return this;
        }

        @Override public String runId() { return "run-test"; }
        @Override public String principal() { return principal; }
        @Override public String session() { return "session-test"; }
        @Override public String goal() { return goal; }
        @Override public SafetyLevel level() { return level; }
        @Override public Instant deadline() { return Instant.now().plusSeconds(600); }
        @Override public List<Observation> observations() { return List.copyOf(observations); }
        @Override public int denials() { return denials; }
        @Override public int recordDenial() { return ++denials; }
        @Override public void recordApproval(boolean granted) { }
        @Override public int approvalsRequested() { return 0; }
        @Override public int approvalsGranted() { return 0; }
        @Override public void terminate(String rule, String reason) { }
        @Override public Optional<Termination> termination() { return Optional.empty(); }
    }

    /** A proposed call whose outbound content is each argument as text (the Tool default), plus extra parts. */
    static ProposedCall call(Run run, String tool, Impact impact, ObjectNode arguments, List<Target> targets,
                             OutboundContent.Part... extra) {
        List<OutboundContent.Part> parts = new ArrayList<>();
        Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> fields = arguments.fields();
        while (fields.hasNext()) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> f = fields.next();
            parts.add(new OutboundContent.Part("argument " + f.getKey(),
                    f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
        }
        parts.addAll(List.of(extra));
        return new ProposedCall(ToolCall.of(tool, arguments), ToolSpec.of(tool, tool, impact), impact, targets,
                OutboundContent.of(parts), run);
    }

    static ProposedCall call(Run run, String tool, Impact impact, ObjectNode arguments, OutboundContent.Part... extra) {
        return call(run, tool, impact, arguments, List.of(), extra);
    }

    static ProposedCall sendEmail(Run run, String to, String subject, String body) {
        return call(run, "send_email", Impact.IRREVERSIBLE, args("to", to, "subject", subject, "body", body),
                List.of(Target.recipient(to)));
    }

    static ProposedCall writeFile(Run run, String path, String content) {
        return call(run, "write_file", Impact.WRITE, args("path", path, "content", content), List.of(Target.path(path)));
    }

    static ProposedCall httpGet(Run run, String url) {
        String host = java.net.URI.create(url).getHost();
        return call(run, "http_get", Impact.READ, args("url", url), List.of(Target.host(host)));
    }
}
