package dev.leash.core.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.api.audit.AuditException;
import dev.leash.core.audit.internal.RecordLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks an audit log written by {@link JsonlAuditSink}: every line's hash, the chain of
 * {@code prev} hashes, the sequence numbers, and the log against its {@link Checkpoint}. It
 * reports the <em>first</em> bad record: its line number (1-based), the sequence number that
 * belongs there, and what is wrong ({@link Kind}).
 *
 * <p>What a crash can leave is not tampering: a log ahead of its checkpoint is fine (records
 * written after the last checkpoint), and an incomplete last line is reported as {@link
 * Kind#TORN_TAIL}. A log shorter than its checkpoint is {@link Kind#TRUNCATED}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditVerifier() {
    }

    /** What is wrong with a record. */
    public enum Kind {
        /** The line's content does not match its hash, or the line is not a record at all. */
        EDITED("edited", true),
        /** Records are missing: the sequence jumps. */
        DELETED("deleted", true),
        /** Records are out of order: the missing sequence number turns up later in the file. */
        REORDERED("reordered", true),
        /** A line that is not part of the chain: a copy of another record, or a forged line. */
        INSERTED("inserted", true),
        /** The log ends before the last record its checkpoint says was durable. */
        TRUNCATED("truncated", true),
        /** The record the checkpoint names has another hash: the log was rewritten. */
        CHECKPOINT_MISMATCH("does not match the checkpoint", true),
        /** The log has records but no checkpoint file: truncation cannot be ruled out. */
        CHECKPOINT_MISSING("checkpoint missing", true),
        /** The checkpoint file exists but cannot be read as a checkpoint. */
        CHECKPOINT_UNREADABLE("checkpoint unreadable", true),
        /** The last line is incomplete: a writer stopped in the middle of a record (a crash). */
        TORN_TAIL("torn last line", false);

        private final String label;
        private final boolean tampering;

        Kind(String label, boolean tampering) {
            this.label = label;
            this.tampering = tampering;
        }

        /** A short description, e.g. {@code edited}. */
        public String label() {
            return label;
        }

        /** False only for what a crash can leave ({@link #TORN_TAIL}). */
        public boolean isTampering() {
            return tampering;
        }
    }

    /**
     * The first bad record.
     *
     * @param kind what is wrong
     * @param line 1-based line number in the log (one past the last line when records are missing at the end)
     * @param seq the sequence number that belongs at that line
     * @param detail an explanation for people
     */
    public record Problem(Kind kind, long line, long seq, String detail) {
        public Problem {
            requireNonNull(kind, "kind is null");
            requireNonNull(detail, "detail is null");
        }

        /** One line: {@code line 7 (seq 7): edited: the content does not match its hash}. */
        public String describe() {
            return "line " + line + " (seq " + seq + "): " + kind.label() + ": " + detail;
        }
    }

    /**
     * The outcome of a verification.
     *
     * @param log the log checked
     * @param checkpointFile the checkpoint compared with it
     * @param records complete records that passed, from the start of the log
     * @param lastSeq sequence number of the last record that passed (0 for none)
     * @param lastHash its hash (64 zeros for none)
     * @param intactBytes length of the log up to the end of the last record that passed
     * @param checkpoint the checkpoint, when it could be read
     * @param problem the first problem, if any
     */
    public record Result(Path log, Path checkpointFile, long records, long lastSeq, String lastHash, long intactBytes,
                         Optional<Checkpoint> checkpoint, Optional<Problem> problem) {
        public Result {
            requireNonNull(log, "log is null");
            requireNonNull(checkpointFile, "checkpointFile is null");
            requireNonNull(lastHash, "lastHash is null");
            requireNonNull(checkpoint, "checkpoint is null");
            requireNonNull(problem, "problem is null");
        }

        /** No problem at all. */
        public boolean intact() {
            return problem.isEmpty();
        }

        /** Only an incomplete last line, as a crash leaves; every complete record is intact. */
        public boolean tornTailOnly() {
            return problem.isPresent() && !problem.get().kind().isTampering();
        }

        /** A problem a crash cannot explain. */
        public boolean tampered() {
            return problem.isPresent() && problem.get().kind().isTampering();
        }

        /** A sentence for people. */
        public String summary() {
            String head = checkpoint.map(c -> "checkpoint at seq " + c.seq()).orElse("no checkpoint");
            if (intact()) {
                return "intact: " + records + " records, " + head;
            }
            if (tornTailOnly()) {
                return "intact up to a torn last line (a crash while writing): " + records + " complete records, "
                        + head + "; " + problem.get().describe();
            }
            return "NOT intact: first bad record at " + problem.get().describe();
        }
    }

    /** Verifies {@code log} against its checkpoint {@code FILE.head}. */
    public static Result verify(Path log) {
        return verify(log, Checkpoint.pathFor(log));
    }

    /**
     * Verifies {@code log} against the checkpoint in {@code checkpointFile} (for instance a copy
     * kept on another machine).
     *
     * @throws AuditException when the log cannot be read
     */
    public static Result verify(Path log, Path checkpointFile) {
        requireNonNull(log, "log is null");
        requireNonNull(checkpointFile, "checkpointFile is null");
        byte[] data;
        try {
            data = Files.readAllBytes(log);
        } catch (NoSuchFileException e) {
            throw new AuditException("there is no audit log " + log);
        } catch (IOException e) {
            throw new AuditException("cannot read the audit log " + log + ": " + e.getMessage(), e);
        }
        return new Scan(log, checkpointFile, data).run();
    }

    /** One verification pass over the bytes of a log. */
    private static final class Scan {
        private final Path log;
        private final Path checkpointFile;
        private final byte[] data;
        private final List<int[]> lines = new ArrayList<>();
        private int tornStart = -1;
        private RecordLine.Parsed[] parsed;
        private long accepted;
        private String lastHash = RecordLine.GENESIS;
        private int intactBytes;
        private Optional<Checkpoint> checkpoint = Optional.empty();

        Scan(Path log, Path checkpointFile, byte[] data) {
            this.log = log;
            this.checkpointFile = checkpointFile;
            this.data = data;
        }

        Result run() {
            split();
            parsed = new RecordLine.Parsed[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                parsed[i] = parse(i);
            }
            for (int i = 0; i < parsed.length; i++) {
                if (fits(parsed[i])) {
                    accepted++;
                    lastHash = parsed[i].hash();
                    intactBytes = lines.get(i)[1] + 1;
                } else {
                    return result(classify(i));
                }
            }
            return result(checkCheckpoint());
        }

        private void split() {
            int start = 0;
            for (int i = 0; i < data.length; i++) {
                if (data[i] == '\n') {
                    lines.add(new int[] {start, i});
                    start = i + 1;
                }
            }
            if (start < data.length) {
                tornStart = start;
            }
        }

        private RecordLine.Parsed parse(int index) {
            int[] span = lines.get(index);
            Optional<RecordLine.Parsed> line = RecordLine.parse(Arrays.copyOfRange(data, span[0], span[1]));
            if (line.isEmpty()) {
                return null;
            }
            try {
                JsonNode event = JSON.readTree(line.get().eventJson());
                if (event == null || !event.isObject() || !event.path("type").isTextual()) {
                    return null;
                }
            } catch (IOException e) {
                return null;
            }
            return line.get();
        }

        private boolean fits(RecordLine.Parsed line) {
            return line != null && line.hashValid() && line.seq() == accepted + 1 && line.prev().equals(lastHash);
        }

        private Problem classify(int i) {
            long expected = accepted + 1;
            long lineNo = i + 1L;
            RecordLine.Parsed line = parsed[i];
            if (line != null && line.hashValid() && line.seq() < expected) {
                return new Problem(Kind.INSERTED, lineNo, expected, "the line repeats seq " + line.seq()
                        + (line.seq() >= 1 ? " (already at line " + line.seq() + ")" : "") + " instead of continuing with seq "
                        + expected);
            }
            if (line != null && line.hashValid() && line.seq() > expected) {
                int again = find(line.seq(), i + 1);
                if (again >= 0) {
                    return new Problem(Kind.INSERTED, lineNo, expected, "the line is a copy of seq " + line.seq()
                            + ", which appears again at line " + (again + 1));
                }
                int later = find(expected, i + 1);
                if (later >= 0) {
                    return new Problem(Kind.REORDERED, lineNo, expected, "the line holds seq " + line.seq()
                            + " where seq " + expected + " belongs; seq " + expected + " is at line " + (later + 1));
                }
                return new Problem(Kind.DELETED, lineNo, expected, (line.seq() - expected == 1
                        ? "record seq " + expected + " is missing"
                        : "records seq " + expected + " to " + (line.seq() - 1) + " are missing")
                        + " (the line holds seq " + line.seq() + ")");
            }
            if (i + 1 < parsed.length && fits(parsed[i + 1])) {
                return new Problem(Kind.INSERTED, lineNo, expected, "the line is not part of the chain ("
                        + (line == null ? "not a record" : !line.hashValid() ? "its hash does not match" : "wrong link")
                        + "); the chain continues at line " + (i + 2));
            }
            if (line == null) {
                return new Problem(Kind.EDITED, lineNo, expected, "the line is not a well-formed record");
            }
            if (!line.hashValid()) {
                return new Problem(Kind.EDITED, lineNo, expected, "the content does not match its hash");
            }
            if (i == 0) {
                return new Problem(Kind.EDITED, lineNo, expected, "the first record must have prev " + RecordLine.GENESIS);
            }
            return new Problem(Kind.EDITED, i, expected - 1, "line " + lineNo + " links to another hash than this record's:"
                    + " this record was rewritten (with its own hash recomputed)");
        }

        private int find(long seq, int from) {
            for (int j = from; j < parsed.length; j++) {
                if (parsed[j] != null && parsed[j].hashValid() && parsed[j].seq() == seq) {
                    return j;
                }
            }
            return -1;
        }

        private Problem checkCheckpoint() {
            long end = lines.size() + 1L;
            try {
                checkpoint = Checkpoint.read(checkpointFile);
            } catch (AuditException e) {
                return new Problem(Kind.CHECKPOINT_UNREADABLE, end, accepted + 1, e.getMessage());
            }
            if (checkpoint.isEmpty()) {
                if (accepted > 0 || tornStart >= 0) {
                    return new Problem(Kind.CHECKPOINT_MISSING, end, accepted + 1, "the checkpoint " + checkpointFile
                            + " is missing, so a truncated tail cannot be ruled out");
                }
                return null;
            }
            Checkpoint head = checkpoint.get();
            if (head.seq() > accepted) {
                String cut = head.seq() - accepted == 1 ? "record seq " + head.seq() + " is missing"
                        : "records seq " + (accepted + 1) + " to " + head.seq() + " are missing";
                return new Problem(Kind.TRUNCATED, end, accepted + 1, "the log ends at seq " + accepted
                        + " but its checkpoint says seq " + head.seq() + " was durable: " + cut
                        + (tornStart >= 0 ? " (the last line is cut off)" : ""));
            }
            String hashThere = head.seq() == 0 ? RecordLine.GENESIS : parsed[(int) head.seq() - 1].hash();
            if (!hashThere.equals(head.hash())) {
                return new Problem(Kind.CHECKPOINT_MISMATCH, Math.max(1, head.seq()), head.seq(),
                        "the checkpoint's hash for seq " + head.seq() + " differs from the log's: the log was rewritten"
                                + " up to this record");
            }
            if (tornStart >= 0) {
                return new Problem(Kind.TORN_TAIL, end, accepted + 1, "the last line (" + (data.length - tornStart)
                        + " bytes, no line end) is incomplete: a writer stopped in the middle of a record; every record"
                        + " before it is intact");
            }
            return null;
        }

        private Result result(Problem problem) {
            return new Result(log, checkpointFile, accepted, accepted, lastHash, intactBytes, checkpoint,
                    Optional.ofNullable(problem));
        }
    }
}
