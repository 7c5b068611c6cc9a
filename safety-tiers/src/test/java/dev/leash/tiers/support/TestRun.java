package dev.leash.tiers.support;

import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.run.RunContext;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A minimal run context, and proposed calls built on it, for policy and limiter tests. */
public final class TestRun implements RunContext {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String runId;
    private final String principal;
    private final SafetyLevel level;
    private int denials;
    private Termination termination;

    public TestRun(String runId, String principal, SafetyLevel level) {
        this.runId = runId;
        this.principal = principal;
        this.level = level;
    }

    public static TestRun of(SafetyLevel level) {
        return new TestRun("run-1", "alex@example.com", level);
    }

    /** Arguments from JSON text, e.g. {@code {"amount": 0.1}}; numbers are parsed the way model APIs' JSON is. */
    public static ObjectNode args(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public ProposedCall call(String tool, Impact impact, Target... targets) {
        return call(tool, impact, "{}", targets);
    }

    public ProposedCall call(String tool, Impact impact, String argsJson, Target... targets) {
        ToolCall call = ToolCall.of(tool, args(argsJson));
        return new ProposedCall(call, ToolSpec.of(tool, "", impact), impact, List.of(targets), OutboundContent.none(), this);
    }

    @Override public String runId() { return runId; }
    @Override public String principal() { return principal; }
    @Override public String session() { return "session-1"; }
    @Override public String goal() { return "test"; }
    @Override public SafetyLevel level() { return level; }
    @Override public Instant deadline() { return Instant.now().plusSeconds(60); }
    @Override public List<Observation> observations() { return List.of(); }
    @Override public synchronized int denials() { return denials; }
    @Override public synchronized int recordDenial() { return ++denials; }
    @Override public void recordApproval(boolean granted) { }
    @Override public int approvalsRequested() { return 0; }
    @Override public int approvalsGranted() { return 0; }
    @Override public synchronized void terminate(String rule, String reason) {
        if (termination == null) {
            termination = new Termination(rule, reason);
        }
    }
    @Override public synchronized Optional<Termination> termination() { return Optional.ofNullable(termination); }
}
