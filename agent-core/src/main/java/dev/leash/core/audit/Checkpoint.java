package dev.leash.core.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.leash.api.audit.AuditException;
import dev.leash.core.audit.internal.RecordLine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The audit log's checkpoint: the sequence number and hash of the last record known to be
 * durable. It lives beside the log as {@code FILE.head}, one line of JSON:
 *
 * <pre>{"seq":42,"hash":"9f2c...e1"}</pre>
 *
 * <p>{@link JsonlAuditSink} replaces it (write to {@code FILE.head.tmp}, fdatasync, atomic
 * rename) after group commits, at most once per checkpoint interval, so it may trail the log but
 * never leads it; {@link AuditVerifier} compares it with the log. Seq 0 with a hash
 * of 64 zeros is the checkpoint of an empty log. Immutable.
 *
 * @param seq sequence number of the last durable record (0 for none)
 * @param hash its hash (64 lower-case hex digits)
 */
public record Checkpoint(long seq, String hash) {

    // Read with the streaming parser: `leash audit verify` should not pay for a data binder.
    private static final JsonFactory JSON = new JsonFactory();

    public Checkpoint {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        requireNonNull(hash, "hash is null");
        if (!RecordLine.isHex(hash)) {
            throw new IllegalArgumentException("hash must be 64 lower-case hex digits: " + hash);
        }
    }

    /** The checkpoint of a log with no records. */
    public static Checkpoint empty() {
        return new Checkpoint(0, RecordLine.GENESIS);
    }

    /** {@code FILE.head} beside {@code log}. */
    public static Path pathFor(Path log) {
        Path name = requireNonNull(log, "log is null").getFileName();
        return log.resolveSibling(name + ".head");
    }

    /**
     * Reads a checkpoint file.
     *
     * @return empty when the file does not exist
     * @throws AuditException naming the file when it exists but is not a checkpoint
     */
    public static Optional<Checkpoint> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AuditException("cannot read the audit checkpoint " + file + ": " + e.getMessage(), e);
        }
        try (JsonParser parser = JSON.createParser(text)) {
            Long seq = null;
            String hash = null;
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected {\"seq\":N,\"hash\":\"...\"}");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("seq".equals(name)) {
                    seq = exactLong(parser, value);
                } else if ("hash".equals(name)) {
                    hash = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            if (token != JsonToken.END_OBJECT || seq == null || hash == null) {
                throw new IllegalArgumentException("expected {\"seq\":N,\"hash\":\"...\"}");
            }
            return Optional.of(new Checkpoint(seq, hash));
        } catch (IOException | IllegalArgumentException e) {
            throw new AuditException("the audit checkpoint " + file + " is not a checkpoint: " + e.getMessage(), e);
        }
    }

    /** The value as a whole number that fits a long (10 and 10.0, not 10.5), or null. */
    private static Long exactLong(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : parser.getLongValue();
        }
        if (value == JsonToken.VALUE_NUMBER_FLOAT) {
            double number = parser.getDoubleValue();
            return number == Math.rint(number) && Math.abs(number) < 0x1p53 ? (long) number : null;
        }
        return null;
    }

    /** The file's content: one line of JSON. */
    public String toJson() {
        return "{\"seq\":" + seq + ",\"hash\":\"" + hash + "\"}\n";
    }

    /**
     * Replaces {@code file} with this checkpoint atomically: writes {@code FILE.tmp}, forces its
     * content to disk, renames it over {@code file}. A reader sees the old or the new checkpoint, never a mix.
     */
    void writeTo(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(toJson().getBytes(StandardCharsets.US_ASCII));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            // fdatasync: the content and the size needed to read it; a new file's other
            // metadata (times) does not matter here.
            channel.force(false);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
