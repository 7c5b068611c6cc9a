package dev.leash.core.suspend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.SafetyLevel;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Step;
import dev.leash.api.plan.Turn;
import dev.leash.api.run.RunRequest;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.ToolCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A suspended run reads back exactly as it was written, or not at all. */
class SuspendedRunTest {

    private static ToolCall refund() throws Exception {
        return ToolCall.of("c2", "issue_refund",
                (ObjectNode) ToolCall.ARGUMENTS_MAPPER.readTree("{\"order\":\"A-17\",\"amount\":120.00,\"fee\":0.10}"));
    }

    private static SuspendedRun run() throws Exception {
        ToolCall read = ToolCall.of("c1", "read_email", (ObjectNode) ToolCall.ARGUMENTS_MAPPER.readTree("{\"id\":\"m7\"}"));
        Observation mail = Observation.ok(read, "please refund", Provenance.untrusted("mail m7 from x@evil.example"));
        Step.CallTools batch = new Step.CallTools(List.of(refund()), "refund it");
        return new SuspendedRun("run-1", new RunRequest("refund A-17", "support@shop.example", "s-1"), SafetyLevel.LEVEL_2,
                List.of(new Turn(1, Step.call(read), List.of(mail))), batch, 2,
                List.of(Observation.pending(batch.calls().get(0), "apr-9")),
                List.of(new SuspendedRun.PendingCall(0, "c2", "apr-9")), List.of(mail),
                new SuspendedRun.Counters(2, 1, 0, 1, 0, 0), "1", 10, 20, Instant.parse("2026-12-01T20:00:00Z"),
                Map.of("agent", "refunds"));
    }

    @Test
    void roundTripsThroughJsonKeepingDecimalsExactAndProvenance() throws Exception {
        SuspendedRun back = SuspendedRun.fromJson(run().toJson());
        assertThat(back).isEqualTo(run());
        assertThat(back.batch().calls().get(0).argumentsJson()).isEqualTo("{\"order\":\"A-17\",\"amount\":120.00,\"fee\":0.10}");
        assertThat(back.observed().get(0).provenance().isUntrusted()).isTrue();
        assertThat(back.batchObservations().get(0).pendingRequestId()).contains("apr-9");
        assertThat(back.requestIds()).containsExactly("apr-9");
    }

    @Test
    void aSnapshotThatDoesNotReadBackIsRefusedNamingWhatIsWrong() throws Exception {
        String json = run().toJson();
        assertThatThrownBy(() -> SuspendedRun.fromJson(json.replace("\"pending\":", "\"waiting\":")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pending'");
        assertThatThrownBy(() -> SuspendedRun.fromJson(json.replace("\"version\":1", "\"version\":9")))
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> SuspendedRun.fromJson(json.substring(0, json.length() / 2)))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void aPendingCallMustBeTheCallAtItsIndex() throws Exception {
        SuspendedRun r = run();
        assertThatThrownBy(() -> new SuspendedRun(r.runId(), r.request(), r.level(), r.turns(), r.batch(), 2,
                r.batchObservations(), List.of(new SuspendedRun.PendingCall(0, "c9", "apr-9")), r.observed(), r.counters(),
                "", 0, 0, r.suspendedAt(), Map.of())).hasMessageContaining("c9");
    }
}
