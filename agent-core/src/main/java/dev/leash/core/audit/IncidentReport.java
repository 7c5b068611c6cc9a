package dev.leash.core.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditException;
import dev.leash.api.run.Outcome;
import dev.leash.core.audit.internal.AuditJson;
import dev.leash.core.audit.internal.RecordLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a security reviewer reads after an incident: for every run in an audit log, who started
 * it and at which level, the calls that were denied (stage and rule), the approvals asked for
 * (the exact arguments, who answered what and when), incidents, and how the run ended. {@link
 * #render()} lays it out for a person; the records are there for tools.
 *
 * <p>A report read from a file carries the log's {@link AuditVerifier.Result}; when the log is
 * not intact the report still shows what could be read, under a warning. Immutable.
 */
public final class IncidentReport {

    /**
     * A call a stage of the executor denied.
     *
     * @param stage {@code resolve}, {@code validate}, {@code policy}, {@code limits}, {@code approval}, {@code write_ahead}, ...
     */
    public record Denial(Instant at, String callId, String tool, String stage, String rule, String reason) {
    }

    /** A call put to a human, and the answer if one was recorded. */
    public record Approval(AuditEvent.ApprovalRequested request, Optional<AuditEvent.ApprovalAnswered> answer) {
        public Approval {
            requireNonNull(request, "request is null");
            requireNonNull(answer, "answer is null");
        }

        /** True when the recorded answer approved the call. */
        public boolean granted() {
            return answer.map(a -> "approved".equals(a.result())).orElse(false);
        }
    }

    /** Everything the report says about one run, in the order it happened. */
    public record RunSummary(String runId, Optional<AuditEvent.RunStarted> start, List<Denial> denials,
                             List<Approval> approvals, List<AuditEvent.Incident> incidents,
                             Optional<AuditEvent.RunEnded> end) {
        public RunSummary {
            requireNonNull(runId, "runId is null");
            denials = List.copyOf(denials);
            approvals = List.copyOf(approvals);
            incidents = List.copyOf(incidents);
        }

        /** The run was ended by policy (too many denials, or an incident). */
        public boolean terminated() {
            return end.map(e -> e.outcome() == Outcome.TERMINATED_BY_POLICY).orElse(false);
        }
    }

    private final Optional<AuditVerifier.Result> verification;
    private final List<RunSummary> runs;
    private final List<String> unreadable;

    private IncidentReport(Optional<AuditVerifier.Result> verification, List<RunSummary> runs, List<String> unreadable) {
        this.verification = verification;
        this.runs = List.copyOf(runs);
        this.unreadable = List.copyOf(unreadable);
    }

    /**
     * Verifies and reads a log written by {@link JsonlAuditSink}.
     *
     * @throws AuditException when the file cannot be read
     */
    public static IncidentReport read(Path log) {
        AuditVerifier.Result result = AuditVerifier.verify(log);
        byte[] data;
        try {
            data = Files.readAllBytes(log);
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + log + ": " + e.getMessage(), e);
        }
        ObjectMapper json = AuditJson.mapper();
        List<AuditEvent> events = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int start = 0;
        int lineNo = 0;
        // Zeros that end the file are its writer's padding, not part of the log (a NUL anywhere
        // else is damage: the verification names it, and the line holding it is not a record).
        int end = data.length;
        while (end > 0 && data[end - 1] == 0) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (data[i] != '\n') {
                continue;
            }
            lineNo++;
            byte[] line = Arrays.copyOfRange(data, start, i);
            start = i + 1;
            Optional<RecordLine.Parsed> parsed = RecordLine.parse(line);
            if (parsed.isEmpty()) {
                unreadable.add("line " + lineNo + ": not a record");
                continue;
            }
            try {
                events.add(json.readValue(parsed.get().eventJson(), AuditEvent.class));
            } catch (JsonProcessingException e) {
                unreadable.add("line " + lineNo + ": event not readable (" + e.getOriginalMessage() + ")");
            }
        }
        return new IncidentReport(Optional.of(result), summarise(events), unreadable);
    }

    /** A report of events held in memory (for instance an {@link InMemoryAuditSink}'s). */
    public static IncidentReport of(List<? extends AuditEvent> events) {
        return new IncidentReport(Optional.empty(), summarise(List.copyOf(events)), List.of());
    }

    /** The verification of the log, when the report was read from a file. */
    public Optional<AuditVerifier.Result> verification() {
        return verification;
    }

    /** Runs in the order they first appear. */
    public List<RunSummary> runs() {
        return runs;
    }

    /** Lines that could not be read as events. */
    public List<String> unreadable() {
        return unreadable;
    }

    private static List<RunSummary> summarise(List<AuditEvent> events) {
        Map<String, Builder> runs = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            Builder run = runs.computeIfAbsent(String.valueOf(event.runId()), Builder::new);
            if (event instanceof AuditEvent.RunStarted started) {
                run.start = started;
            } else if (event instanceof AuditEvent.CallDecided decided && "deny".equals(decided.decision())) {
                run.denials.add(new Denial(decided.at(), decided.callId(), decided.tool(), decided.stage(),
                        decided.rule(), decided.reason()));
            } else if (event instanceof AuditEvent.ApprovalRequested requested) {
                run.approvals.add(new Approval(requested, Optional.empty()));
            } else if (event instanceof AuditEvent.ApprovalAnswered answered) {
                run.answer(answered);
            } else if (event instanceof AuditEvent.Incident incident) {
                run.incidents.add(incident);
            } else if (event instanceof AuditEvent.RunEnded ended) {
                run.end = ended;
            }
        }
        return runs.values().stream().map(Builder::build).toList();
    }

    private static final class Builder {
        private final String runId;
        private AuditEvent.RunStarted start;
        private final List<Denial> denials = new ArrayList<>();
        private final List<Approval> approvals = new ArrayList<>();
        private final List<AuditEvent.Incident> incidents = new ArrayList<>();
        private AuditEvent.RunEnded end;

        Builder(String runId) {
            this.runId = runId;
        }

        void answer(AuditEvent.ApprovalAnswered answered) {
            for (int i = approvals.size() - 1; i >= 0; i--) {
                Approval approval = approvals.get(i);
                if (approval.answer().isEmpty() && approval.request().callId().equals(answered.callId())) {
                    approvals.set(i, new Approval(approval.request(), Optional.of(answered)));
                    return;
                }
            }
        }

        RunSummary build() {
            return new RunSummary(runId, Optional.ofNullable(start), denials, approvals, incidents,
                    Optional.ofNullable(end));
        }
    }

    /** The report as text for a person. */
    public String render() {
        StringBuilder out = new StringBuilder();
        verification.ifPresent(v -> {
            out.append("Audit log ").append(v.log()).append('\n');
            out.append("Integrity: ").append(v.summary()).append('\n');
            if (v.tampered()) {
                out.append("WARNING: the log has been altered; what follows is what could be read and cannot be"
                        + " trusted past line ").append(v.problem().get().line() - 1).append(".\n");
            }
        });
        long denials = runs.stream().mapToLong(r -> r.denials().size()).sum();
        long asked = runs.stream().mapToLong(r -> r.approvals().size()).sum();
        long granted = runs.stream().flatMap(r -> r.approvals().stream()).filter(Approval::granted).count();
        long terminated = runs.stream().filter(RunSummary::terminated).count();
        long incidents = runs.stream().mapToLong(r -> r.incidents().size()).sum();
        out.append(plural(runs.size(), "run")).append(": ").append(terminated).append(" terminated by policy, ")
                .append(plural(denials, "denial")).append(", ").append(plural(asked, "approval request"))
                .append(" (").append(granted).append(" approved), ").append(plural(incidents, "incident")).append('\n');
        for (RunSummary run : runs) {
            out.append('\n').append("Run ").append(run.runId()).append('\n');
            run.start().ifPresent(s -> {
                out.append("  started   ").append(s.at()).append(" by ").append(s.principal()).append(", ")
                        .append(s.level()).append(", session ").append(s.session()).append('\n');
                out.append("  goal      ").append(oneLine(s.goal())).append('\n');
                out.append("  tools     ").append(String.join(", ", s.tools())).append('\n');
            });
            if (run.end().isPresent()) {
                AuditEvent.RunEnded end = run.end().get();
                out.append("  ended     ").append(end.at()).append(' ').append(end.outcome());
                if (end.outcome() != Outcome.COMPLETED && end.answer() != null && !end.answer().isEmpty()) {
                    out.append(": ").append(oneLine(end.answer()));
                }
                out.append('\n');
            } else if (run.start().isPresent()) {
                out.append("  ended     (no end recorded: the run was still going or the process stopped)\n");
            }
            if (!run.denials().isEmpty()) {
                out.append("  denials (").append(run.denials().size()).append(")\n");
                for (Denial d : run.denials()) {
                    out.append("    ").append(d.at()).append("  ").append(d.tool()).append("  [").append(d.stage())
                            .append("] rule ").append(d.rule()).append(": ").append(oneLine(d.reason())).append('\n');
                }
            }
            if (!run.approvals().isEmpty()) {
                out.append("  approvals (").append(run.approvals().size()).append(")\n");
                for (Approval a : run.approvals()) {
                    AuditEvent.ApprovalRequested r = a.request();
                    out.append("    ").append(r.at()).append("  ").append(r.tool()).append(" (")
                            .append(r.impact() == null ? "?" : r.impact().label()).append(") ")
                            .append(r.arguments() == null ? "{}" : r.arguments().toString()).append('\n');
                    out.append("      asked because rule ").append(r.rule()).append(": ").append(oneLine(r.reason()))
                            .append('\n');
                    out.append("      ").append(r.routine() ? "routine (the impact gate alone)"
                            : "RISK FLAGS: " + String.join(", ", r.flags())).append('\n');
                    for (dev.leash.api.policy.Reason reason : r.reasons()) {
                        for (dev.leash.api.policy.Evidence e : reason.evidence()) {
                            out.append("        ").append(reason.rule()).append(" from ").append(e.source()).append(": \"")
                                    .append(oneLine(e.text())).append("\"\n");
                        }
                    }
                    if (!r.provenance().isEmpty()) {
                        out.append("      untrusted sources: ").append(String.join(", ", r.provenance())).append('\n');
                    }
                    out.append("      ");
                    if (a.answer().isPresent()) {
                        AuditEvent.ApprovalAnswered answer = a.answer().get();
                        out.append("-> ").append(answer.result()).append(" by ").append(answer.reviewer()).append(" at ")
                                .append(answer.at());
                        if (answer.detail() != null && !answer.detail().isEmpty() && !answer.detail().equals(answer.result())) {
                            out.append(" (").append(oneLine(answer.detail())).append(')');
                        }
                    } else {
                        out.append("-> no answer recorded");
                    }
                    out.append("; call hash ").append(r.callHash()).append('\n');
                }
            }
            if (!run.incidents().isEmpty()) {
                out.append("  incidents (").append(run.incidents().size()).append(")\n");
                for (AuditEvent.Incident i : run.incidents()) {
                    out.append("    ").append(i.at()).append("  ").append(i.kind()).append("  rule ").append(i.rule())
                            .append(": ").append(oneLine(i.detail())).append('\n');
                }
            }
        }
        if (!unreadable.isEmpty()) {
            out.append("\nUnreadable lines (").append(unreadable.size()).append(")\n");
            for (String note : unreadable) {
                out.append("  ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.replace('\n', ' ').replace('\r', ' ');
        return flat.length() > 300 ? flat.substring(0, 297) + "..." : flat;
    }
}
