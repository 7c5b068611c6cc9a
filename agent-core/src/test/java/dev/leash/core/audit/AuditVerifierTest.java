package dev.leash.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.audit.AuditException;
import dev.leash.core.audit.AuditVerifier.Kind;
import dev.leash.core.audit.AuditVerifier.Problem;
import dev.leash.core.audit.internal.RecordLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {

    @TempDir
    Path dir;

    private Path log;
    private List<String> original;

    @BeforeEach
    void writeTenRecords() throws Exception {
        log = dir.resolve("audit.jsonl");
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, List.of())) {
            for (int i = 1; i <= 10; i++) {
                sink.recordDurably(Events.decision("run-1", i));
            }
        }
        original = Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    private void rewrite(List<String> lines) throws Exception {
        Files.writeString(log, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private List<String> lines() {
        return new ArrayList<>(original);
    }

    private Problem problem() {
        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.problem()).as(result.summary()).isPresent();
        return result.problem().get();
    }

    @Test
    void acceptsAnUntouchedLog() {
        AuditVerifier.Result result = AuditVerifier.verify(log);

        assertThat(result.intact()).isTrue();
        assertThat(result.records()).isEqualTo(10);
        assertThat(result.checkpoint()).map(Checkpoint::seq).contains(10L);
        assertThat(result.summary()).isEqualTo("intact: 10 records, checkpoint at seq 10");
    }

    @Test
    void namesAnEditedLine() throws Exception {
        List<String> lines = lines();
        lines.set(3, lines.get(3).replace("\"allow\"", "\"deny\""));
        rewrite(lines);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.EDITED);
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.seq()).isEqualTo(4);
        assertThat(problem.describe()).isEqualTo("line 4 (seq 4): edited: the content does not match its hash");
    }

    @Test
    void namesAnEditedLineWhoseHashWasRecomputed() throws Exception {
        List<String> lines = lines();
        String line = lines.get(3);
        RecordLine.Parsed parsed = RecordLine.parse(line.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        String forged = new String(RecordLine.encode(4, parsed.prev(), parsed.eventJson().replace("record 4", "nothing"))
                .bytes(), StandardCharsets.UTF_8).strip();
        lines.set(3, forged);
        rewrite(lines);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.EDITED);
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.detail()).contains("line 5 links to another hash");
    }

    @Test
    void namesADeletedLine() throws Exception {
        List<String> lines = lines();
        lines.remove(3);
        rewrite(lines);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.DELETED);
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.seq()).isEqualTo(4);
        assertThat(problem.detail()).isEqualTo("record seq 4 is missing (the line holds seq 5)");
    }

    @Test
    void namesTheFirstLineWhenItIsDeleted() throws Exception {
        List<String> lines = lines();
        lines.remove(0);
        rewrite(lines);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.DELETED);
        assertThat(problem.line()).isEqualTo(1);
        assertThat(problem.seq()).isEqualTo(1);
    }

    @Test
    void namesReorderedLines() throws Exception {
        List<String> lines = lines();
        Collections.swap(lines, 5, 6);
        rewrite(lines);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.REORDERED);
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.seq()).isEqualTo(6);
        assertThat(problem.detail()).contains("seq 6 is at line 7");
    }

    @Test
    void namesAnInsertedCopyOfAnotherRecord() throws Exception {
        List<String> lines = lines();
        lines.add(5, lines.get(1));
        rewrite(lines);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.INSERTED);
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.detail()).contains("repeats seq 2");
    }

    @Test
    void namesAnInsertedForgedLine() throws Exception {
        List<String> lines = lines();
        lines.add(5, lines.get(5).replace("record 6", "approved by nobody"));
        rewrite(lines);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.INSERTED);
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.detail()).contains("the chain continues at line 7");
    }

    @Test
    void namesAnInsertedLineThatIsNotARecord() throws Exception {
        List<String> lines = lines();
        lines.add(2, "{\"note\":\"nothing happened here\"}");
        rewrite(lines);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.INSERTED);
        assertThat(problem.line()).isEqualTo(3);
    }

    @Test
    void namesTheFirstMissingRecordWhenTheTailIsTruncated() throws Exception {
        rewrite(lines().subList(0, 8));

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(problem.line()).isEqualTo(9);
        assertThat(problem.seq()).isEqualTo(9);
        assertThat(problem.detail()).contains("checkpoint says seq 10 was durable");
        assertThat(AuditVerifier.verify(log).tampered()).isTrue();
    }

    @Test
    void treatsATruncationInsideADurableRecordAsTamperingNotAsATornLine() throws Exception {
        String content = Files.readString(log, StandardCharsets.UTF_8);
        Files.writeString(log, content.substring(0, content.length() - 30), StandardCharsets.UTF_8);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(problem.seq()).isEqualTo(10);
        assertThat(problem.detail()).contains("the last line is cut off");
    }

    @Test
    void reportsATornLastLineAfterTheCheckpointAsACrashNotTampering() throws Exception {
        Files.writeString(log, "{\"seq\":11,\"prev\":\"" + original.get(9).substring(10, 30),
                java.nio.file.StandardOpenOption.APPEND);

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.tornTailOnly()).isTrue();
        assertThat(result.tampered()).isFalse();
        assertThat(result.records()).isEqualTo(10);
        assertThat(result.problem().get().kind()).isEqualTo(Kind.TORN_TAIL);
        assertThat(result.problem().get().line()).isEqualTo(11);
        assertThat(result.summary()).startsWith("intact up to a torn last line");
    }

    @Test
    void acceptsALogAheadOfItsCheckpoint() throws Exception {
        String hashOfSeven = RecordLine.parse(original.get(6).getBytes(StandardCharsets.UTF_8)).orElseThrow().hash();
        Files.writeString(Checkpoint.pathFor(log), new Checkpoint(7, hashOfSeven).toJson());

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.intact()).as(result.summary()).isTrue();
    }

    @Test
    void detectsALogRewrittenWithRecomputedHashesByItsCheckpoint() throws Exception {
        List<String> lines = lines();
        String prev = RecordLine.parse(lines.get(2).getBytes(StandardCharsets.UTF_8)).orElseThrow().hash();
        for (int i = 3; i < lines.size(); i++) {
            RecordLine.Parsed parsed = RecordLine.parse(lines.get(i).getBytes(StandardCharsets.UTF_8)).orElseThrow();
            RecordLine.Encoded forged = RecordLine.encode(i + 1, prev, parsed.eventJson().replace("allow", "deny"));
            lines.set(i, new String(forged.bytes(), StandardCharsets.UTF_8).strip());
            prev = forged.hash();
        }
        rewrite(lines);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.CHECKPOINT_MISMATCH);
        assertThat(problem.seq()).isEqualTo(10);
    }

    @Test
    void reportsALogWithoutItsCheckpointAsChainIntactOnlyAndNeverAppendsToIt() throws Exception {
        Files.delete(Checkpoint.pathFor(log));

        AuditVerifier.Result result = AuditVerifier.verify(log);
        Problem problem = result.problem().orElseThrow();
        assertThat(problem.kind()).isEqualTo(Kind.CHECKPOINT_MISSING);
        // Named at the last record there is, not at a line past the end of the file.
        assertThat(problem.line()).isEqualTo(10);
        assertThat(result.checkpointMissingOnly()).isTrue();
        assertThat(result.intact()).isFalse();
        assertThat(result.records()).isEqualTo(10);
        assertThat(result.summary()).startsWith("chain intact, no checkpoint: 10 records")
                .contains("audit.jsonl.head").doesNotContain("NOT intact");
        // A writer still refuses it: truncation cannot be ruled out.
        assertThat(result.tampered()).isTrue();
        assertThatThrownBy(() -> JsonlAuditSink.open(log, List.of())).isInstanceOf(AuditException.class)
                .hasMessageContaining("checkpoint missing");
    }

    @Test
    void aLogWithoutItsCheckpointThatIsAlsoEditedIsNotIntact() throws Exception {
        Files.delete(Checkpoint.pathFor(log));
        List<String> lines = lines();
        lines.set(3, lines.get(3).replace("record 4", "record 9"));
        rewrite(lines);

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.checkpointMissingOnly()).isFalse();
        assertThat(result.summary()).startsWith("NOT intact: first bad record at line 4 (seq 4): edited");
    }

    @Test
    void verifiesALogLongerThanItsReadBufferLineByLine() throws Exception {
        Path big = dir.resolve("big.jsonl");
        String filler = "x".repeat(3000);
        try (JsonlAuditSink sink = JsonlAuditSink.open(big, List.of())) {
            for (int i = 1; i <= 1000; i++) {
                sink.record(new dev.leash.api.audit.AuditEvent.Incident("run-1", Events.AT, "note", "test",
                        "record " + i + " " + filler));
            }
        }
        assertThat(Files.size(big)).isGreaterThan(2L << 20);
        assertThat(AuditVerifier.verify(big).summary()).isEqualTo("intact: 1000 records, checkpoint at seq 1000");

        List<String> lines = Files.readAllLines(big, StandardCharsets.UTF_8);
        lines.set(700, lines.get(700).replace("record 701 ", "record 7O1 "));
        Files.writeString(big, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        assertThat(AuditVerifier.verify(big).summary()).startsWith("NOT intact: first bad record at line 701 (seq 701): edited");
    }

    /** Every way of spoiling the log this class tests, applied at every line. */
    private List<byte[]> spoiledLogs() throws Exception {
        byte[] intact = Files.readAllBytes(log);
        List<byte[]> logs = new ArrayList<>();
        logs.add(intact);
        for (int i = 0; i < original.size(); i++) {
            List<String> edited = lines();
            edited.set(i, edited.get(i).replace("record " + (i + 1), "record 0"));
            logs.add(join(edited));
            List<String> deleted = lines();
            deleted.remove(i);
            logs.add(join(deleted));
            List<String> copied = lines();
            copied.add(i, original.get((i + 3) % original.size()));
            logs.add(join(copied));
            List<String> notRecord = lines();
            notRecord.add(i, "{\"note\":\"nothing happened here\"}");
            logs.add(join(notRecord));
            if (i + 1 < original.size()) {
                List<String> swapped = lines();
                Collections.swap(swapped, i, i + 1);
                logs.add(join(swapped));
            }
        }
        for (int cut = 1; cut < intact.length; cut += 211) {
            logs.add(java.util.Arrays.copyOf(intact, intact.length - cut));
        }
        byte[] torn = java.util.Arrays.copyOf(intact, intact.length + 20);
        System.arraycopy("{\"seq\":11,\"prev\":\"ab".getBytes(StandardCharsets.US_ASCII), 0, torn, intact.length, 20);
        logs.add(torn);
        // What a writer that has the log open, or stopped without closing it, leaves: zeros after
        // the last line or after a torn one; and NULs where they may not be.
        logs.add(padded(intact, 5000));
        logs.add(padded(torn, 333));
        logs.add(concat(padded(intact, 700), original.get(0).getBytes(StandardCharsets.UTF_8), new byte[] {'\n'}));
        logs.add(concat(padded(intact, 700), "x".getBytes(StandardCharsets.US_ASCII)));
        logs.add(concat(padded(join(original.subList(0, 4)), 100), join(original.subList(4, 10))));
        for (int i = 0; i < original.size(); i++) {
            byte[] nul = intact.clone();
            nul[offsetOfLine(i) + 17] = 0;
            logs.add(nul);
        }
        return logs;
    }

    private int offsetOfLine(int index) {
        int offset = 0;
        for (int i = 0; i < index; i++) {
            offset += original.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return offset;
    }

    private static byte[] padded(byte[] log, int zeros) {
        return java.util.Arrays.copyOf(log, log.length + zeros);
    }

    private static byte[] concat(byte[]... pieces) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    @Test
    void takesNulPaddingAfterTheLastLineForTheEndOfTheLog() throws Exception {
        byte[] intact = Files.readAllBytes(log);
        Files.write(log, padded(intact, 1 << 20));

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.intact()).as(result.summary()).isTrue();
        assertThat(result.records()).isEqualTo(10);
        assertThat(result.intactBytes()).isEqualTo(intact.length);
        assertThat(result.paddingBytes()).isEqualTo(1 << 20);
        assertThat(result.summary()).isEqualTo("intact: 10 records, checkpoint at seq 10; the log ends at byte "
                + intact.length + ", followed by 1048576 NUL bytes of padding (left by a writer that has the log open or"
                + " stopped without closing it)");
        // Read in parts, the padding spans several of them.
        assertThat(AuditVerifier.verify(log, Checkpoint.pathFor(log), 8, 1 << 16)).isEqualTo(result);
        assertThat(AuditVerifier.decidedInParts(log, Checkpoint.pathFor(log), 8)).isTrue();
    }

    @Test
    void takesATornLineBeforeThePaddingForACrash() throws Exception {
        byte[] torn = concat(Files.readAllBytes(log), "{\"seq\":11,\"prev\":\"ab".getBytes(StandardCharsets.US_ASCII));
        Files.write(log, padded(torn, 4096));

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.tornTailOnly()).as(result.summary()).isTrue();
        assertThat(result.paddingBytes()).isEqualTo(4096);
        assertThat(result.problem().get().detail()).startsWith("the last line (20 bytes, no line end before the NUL"
                + " padding) is incomplete");
    }

    @Test
    void rejectsDataAfterThePadding() throws Exception {
        Files.write(log, concat(padded(join(original.subList(0, 9)), 4096), original.get(9).getBytes(StandardCharsets.UTF_8),
                new byte[] {'\n'}));

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.tampered()).as(result.summary()).isTrue();
        assertThat(result.records()).isEqualTo(9);
        assertThat(result.paddingBytes()).isZero();
        Problem problem = result.problem().get();
        assertThat(problem.kind()).isEqualTo(Kind.MISPLACED_NUL);
        assertThat(problem.describe()).isEqualTo("line 10 (seq 10): NUL bytes inside the log: a NUL byte at byte "
                + offsetOfLine(9) + ", where line 10 would start, is followed by other data at byte " + (offsetOfLine(9) + 4096)
                + ": a log may end with NUL padding, but nothing may follow it and no line may hold a NUL");
        // A writer refuses to append to it.
        assertThatThrownBy(() -> JsonlAuditSink.open(log, List.of())).isInstanceOf(AuditException.class)
                .hasMessageContaining("NUL bytes inside the log");
    }

    @Test
    void rejectsANulInsideALine() throws Exception {
        byte[] bytes = Files.readAllBytes(log);
        int at = offsetOfLine(4) + 40;
        bytes[at] = 0;
        Files.write(log, bytes);

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.MISPLACED_NUL);
        assertThat(problem.kind().isTampering()).isTrue();
        assertThat(problem.line()).isEqualTo(5);
        assertThat(problem.detail()).startsWith("a NUL byte at byte " + at + ", inside the line that starts at byte "
                + offsetOfLine(4) + ", is followed by other data at byte " + (at + 1));
    }

    @Test
    void rejectsANulLineBetweenRecords() throws Exception {
        Files.write(log, concat(join(original.subList(0, 3)), new byte[] {0, '\n'}, join(original.subList(3, 10))));

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.MISPLACED_NUL);
        assertThat(problem.line()).isEqualTo(4);
    }

    /** Records 1 to 7, zeros, record 9 and zeros: what reaches the disk when a power failure hits unforced records. */
    private byte[] holeAfterSeven() {
        return concat(padded(join(original.subList(0, 7)), 4096), original.get(8).getBytes(StandardCharsets.UTF_8),
                padded(new byte[] {'\n'}, 1000));
    }

    private void checkpointAt(int seq) throws Exception {
        String hash = RecordLine.parse(original.get(seq - 1).getBytes(StandardCharsets.UTF_8)).orElseThrow().hash();
        Files.writeString(Checkpoint.pathFor(log), new Checkpoint(seq, hash).toJson(), StandardCharsets.UTF_8);
    }

    @Test
    void takesAHoleAfterTheCheckpointsRecordForAPowerFailureAndAWriterGoesOnBeforeIt() throws Exception {
        Files.write(log, holeAfterSeven());
        checkpointAt(5);

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.tampered()).as(result.summary()).isFalse();
        assertThat(result.tornTailOnly()).isTrue();
        assertThat(result.records()).isEqualTo(7);
        assertThat(result.intactBytes()).isEqualTo(offsetOfLine(7));
        Problem problem = result.problem().get();
        assertThat(problem.kind()).isEqualTo(Kind.UNFORCED_HOLE);
        assertThat(problem.kind().isTampering()).isFalse();
        assertThat(problem.detail()).startsWith("a NUL byte at byte " + offsetOfLine(7) + " is followed by other data at byte "
                + (offsetOfLine(7) + 4096) + ", after seq 7, the last record before it (the checkpoint names seq 5)");
        assertThat(result.summary()).startsWith("intact up to a hole left by a power failure: 7 complete records");

        // A writer cuts the log at the hole, says so in an incident, and goes on from seq 7.
        try (JsonlAuditSink sink = JsonlAuditSink.open(log, List.of())) {
            sink.recordDurably(Events.decision("run-2", 1));
        }
        AuditVerifier.Result after = AuditVerifier.verify(log);
        assertThat(after.intact()).as(after.summary()).isTrue();
        assertThat(after.records()).isEqualTo(9);
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines.subList(0, 7)).isEqualTo(original.subList(0, 7));
        assertThat(lines.get(7)).contains("\"kind\":\"audit_log_recovered\"").contains("\"rule\":\"audit.unforced_hole\"")
                .contains("discarded " + (holeAfterSeven().length - offsetOfLine(7)) + " bytes after seq 7")
                .contains("none of them ever forced");
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).doesNotContain("\0");
    }

    @Test
    void aHoleBeforeARecordTheCheckpointNamesIsTampering() throws Exception {
        Files.write(log, holeAfterSeven());
        checkpointAt(9); // seq 9 was forced, so every byte before it was: the zeros cannot be a power failure's

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.tampered()).as(result.summary()).isTrue();
        assertThat(result.problem().get().kind()).isEqualTo(Kind.MISPLACED_NUL);
        assertThatThrownBy(() -> JsonlAuditSink.open(log, List.of())).isInstanceOf(AuditException.class)
                .hasMessageContaining("NUL bytes inside the log");
    }

    @Test
    void aHoleInALogWithoutItsCheckpointIsTampering() throws Exception {
        Files.write(log, holeAfterSeven());
        Files.delete(Checkpoint.pathFor(log));

        AuditVerifier.Result result = AuditVerifier.verify(log);
        assertThat(result.tampered()).as(result.summary()).isTrue();
        assertThat(result.problem().get().kind()).isEqualTo(Kind.MISPLACED_NUL);
    }

    private static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readingInPartsFindsExactlyWhatOnePassFinds() throws Exception {
        Path head = Checkpoint.pathFor(log);
        byte[] checkpoint = Files.readAllBytes(head);
        String hashOfSeven = RecordLine.parse(original.get(6).getBytes(StandardCharsets.UTF_8)).orElseThrow().hash();
        List<String> heads = List.of(new String(checkpoint, StandardCharsets.UTF_8), new Checkpoint(7, hashOfSeven).toJson(),
                Checkpoint.empty().toJson(), "seq=10", "");
        for (int parts : new int[] {2, 5, 40}) {
            assertThat(AuditVerifier.decidedInParts(log, head, parts)).as(parts + " parts").isTrue();
        }
        int compared = 0;
        List<byte[]> logs = spoiledLogs();
        for (int n = 0; n < logs.size(); n++) {
            Files.write(log, logs.get(n));
            // Every spoiled log against its own checkpoint; every third also against the others.
            for (String checkpointText : n % 3 == 0 ? heads : heads.subList(0, 1)) {
                if (checkpointText.isEmpty()) {
                    Files.deleteIfExists(head);
                } else {
                    Files.writeString(head, checkpointText);
                }
                AuditVerifier.Result onePass = AuditVerifier.verify(log, head, 1, Long.MAX_VALUE);
                for (int parts : new int[] {2, 5, 40}) {
                    assertThat(AuditVerifier.verify(log, head, parts, 1)).as(onePass.summary() + ", " + parts + " parts")
                            .isEqualTo(onePass);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(300);
    }

    @Test
    void readsALargeLogInPartsAndNamesAnEditDeepInside() throws Exception {
        Path big = dir.resolve("parts.jsonl");
        try (JsonlAuditSink sink = JsonlAuditSink.open(big, List.of())) {
            for (int i = 1; i <= 3000; i++) {
                sink.record(new dev.leash.api.audit.AuditEvent.Incident("run-" + i % 7, Events.AT, "note", "test",
                        "record " + i + " " + "y".repeat(i % 500)));
            }
        }
        AuditVerifier.Result intact = AuditVerifier.verify(big, Checkpoint.pathFor(big), 4, 1 << 16);
        assertThat(intact.summary()).isEqualTo("intact: 3000 records, checkpoint at seq 3000");
        assertThat(intact).isEqualTo(AuditVerifier.verify(big, Checkpoint.pathFor(big), 1, Long.MAX_VALUE));
        // Decided by the parts alone, without a second pass.
        assertThat(AuditVerifier.decidedInParts(big, Checkpoint.pathFor(big), 4)).isTrue();

        List<String> lines = Files.readAllLines(big, StandardCharsets.UTF_8);
        lines.set(2400, lines.get(2400).replace("record 2401 ", "record 2402 "));
        Files.writeString(big, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        assertThat(AuditVerifier.decidedInParts(big, Checkpoint.pathFor(big), 4)).isFalse();
        assertThat(AuditVerifier.verify(big, Checkpoint.pathFor(big), 4, 1 << 16).summary())
                .startsWith("NOT intact: first bad record at line 2401 (seq 2401): edited");
    }

    @Test
    void namesAnUnreadableCheckpoint() throws Exception {
        Files.writeString(Checkpoint.pathFor(log), "seq=10");

        Problem problem = problem();
        assertThat(problem.kind()).isEqualTo(Kind.CHECKPOINT_UNREADABLE);
        assertThat(problem.detail()).contains("audit.jsonl.head");
    }

    @Test
    void checksAgainstACheckpointKeptElsewhere() throws Exception {
        Path copy = dir.resolve("elsewhere.head");
        Files.copy(Checkpoint.pathFor(log), copy);
        rewrite(lines().subList(0, 9));
        Files.writeString(Checkpoint.pathFor(log), Checkpoint.empty().toJson());

        assertThat(AuditVerifier.verify(log, copy).problem().get().kind()).isEqualTo(Kind.TRUNCATED);
    }

    @Test
    void namesTheLogThatDoesNotExist() {
        assertThatThrownBy(() -> AuditVerifier.verify(dir.resolve("nope.jsonl")))
                .isInstanceOf(AuditException.class)
                .hasMessageContaining("nope.jsonl");
    }
}
