package dev.leash.core.audit.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import dev.leash.core.exec.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * A generator that masks an audit event while Jackson writes it, so the event is serialised once,
 * straight to bytes, with no tree built and copied: every string value, and every number whose
 * text the masker changes (written as the masked string), passes through the {@link Redactor}
 * first. Field names are never masked, nor any value under a field named in {@link #NEVER_MASKED}
 * (the type id, timestamps, run and call ids), at any depth. Raw JSON cannot be written through
 * it (it could hide a secret or break the one-line layout): a serialiser that tries fails the
 * event. Base64 binary is written as its masked text. One generator per event; not thread-safe.
 */
public final class MaskingGenerator extends JsonGeneratorDelegate {

    /** Values under these field names are written as they are: they are what verify and readers depend on. */
    public static final Set<String> NEVER_MASKED = Set.of("type", "at", "runId", "callId", "callHash", "requestedAt",
            "expiresAt", "startedAt", "finishedAt");

    private final Redactor masker;

    /** Wraps {@code out}, which it closes when closed. */
    public MaskingGenerator(JsonGenerator out, Redactor masker) {
        super(requireNonNull(out, "out is null"), false);
        this.masker = requireNonNull(masker, "masker is null");
    }

    /** Whether the value about to be written lies under no never-masked field name. */
    private boolean masking() {
        for (JsonStreamContext context = getOutputContext(); context != null; context = context.getParent()) {
            String name = context.getCurrentName();
            if (name != null && NEVER_MASKED.contains(name)) {
                return false;
            }
        }
        return true;
    }

    private String mask(String text) {
        if (text == null || !masking()) {
            return text;
        }
        return requireNonNull(masker.redact(text), "the masker returned null");
    }

    // ---- strings ----

    @Override
    public void writeString(String text) throws IOException {
        delegate.writeString(mask(text));
    }

    @Override
    public void writeString(char[] text, int offset, int len) throws IOException {
        writeString(new String(text, offset, len));
    }

    @Override
    public void writeString(SerializableString text) throws IOException {
        writeString(text.getValue());
    }

    @Override
    public void writeString(Reader reader, int len) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] chunk = new char[1024];
        int remaining = len < 0 ? Integer.MAX_VALUE : len;
        int n;
        while (remaining > 0 && (n = reader.read(chunk, 0, Math.min(chunk.length, remaining))) > 0) {
            text.append(chunk, 0, n);
            remaining -= n;
        }
        writeString(text.toString());
    }

    @Override
    public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
        writeString(new String(text, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
        writeString(new String(text, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void writeArray(String[] array, int offset, int length) throws IOException {
        writeStartArray(array, length);
        for (int i = offset; i < offset + length; i++) {
            writeString(array[i]);
        }
        writeEndArray();
    }

    @Override
    public void writeBinary(Base64Variant variant, byte[] data, int offset, int len) throws IOException {
        writeString(variant.encode(Arrays.copyOfRange(data, offset, offset + len)));
    }

    @Override
    public int writeBinary(Base64Variant variant, InputStream data, int dataLength) throws IOException {
        byte[] bytes = dataLength < 0 ? data.readAllBytes() : data.readNBytes(dataLength);
        writeString(variant.encode(bytes));
        return bytes.length;
    }

    @Override
    public void writeEmbeddedObject(Object object) throws IOException {
        if (object == null) {
            writeNull();
        } else if (object instanceof byte[] bytes) {
            writeBinary(Base64Variants.getDefaultVariant(), bytes, 0, bytes.length);
        } else {
            throw new JsonGenerationException("an audit event cannot embed " + object.getClass().getName(), this);
        }
    }

    // ---- numbers: masked when their text holds a secret, like any other value ----

    /** Writes {@code text} as the masked string when masking changes it; returns whether it did. */
    private boolean maskedNumber(String text) throws IOException {
        String masked = mask(text);
        if (masked.equals(text)) {
            return false;
        }
        delegate.writeString(masked);
        return true;
    }

    @Override
    public void writeNumber(short v) throws IOException {
        if (!maskedNumber(Short.toString(v))) {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(int v) throws IOException {
        if (!maskedNumber(Integer.toString(v))) {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(long v) throws IOException {
        if (!maskedNumber(Long.toString(v))) {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(BigInteger v) throws IOException {
        if (v == null) {
            writeNull();
        } else if (!maskedNumber(v.toString())) {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(double v) throws IOException {
        if (!maskedNumber(Double.toString(v))) {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(float v) throws IOException {
        if (!maskedNumber(Float.toString(v))) {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
        if (v == null) {
            writeNull();
        } else if (!maskedNumber(v.toString()) && !maskedNumber(v.toPlainString())) {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(String encoded) throws IOException {
        if (encoded == null) {
            writeNull();
        } else if (!maskedNumber(encoded)) {
            delegate.writeNumber(encoded);
        }
    }

    @Override
    public void writeNumber(char[] encoded, int offset, int len) throws IOException {
        writeNumber(new String(encoded, offset, len));
    }

    @Override
    public void writeArray(int[] array, int offset, int length) throws IOException {
        writeStartArray(array, length);
        for (int i = offset; i < offset + length; i++) {
            writeNumber(array[i]);
        }
        writeEndArray();
    }

    @Override
    public void writeArray(long[] array, int offset, int length) throws IOException {
        writeStartArray(array, length);
        for (int i = offset; i < offset + length; i++) {
            writeNumber(array[i]);
        }
        writeEndArray();
    }

    @Override
    public void writeArray(double[] array, int offset, int length) throws IOException {
        writeStartArray(array, length);
        for (int i = offset; i < offset + length; i++) {
            writeNumber(array[i]);
        }
        writeEndArray();
    }

    // ---- raw output: refused ----

    private JsonGenerationException raw() {
        return new JsonGenerationException("an audit event cannot contain raw JSON (it would not be masked)", this);
    }

    @Override
    public void writeRaw(String text) throws IOException {
        throw raw();
    }

    @Override
    public void writeRaw(String text, int offset, int len) throws IOException {
        throw raw();
    }

    @Override
    public void writeRaw(SerializableString raw) throws IOException {
        throw raw();
    }

    @Override
    public void writeRaw(char[] text, int offset, int len) throws IOException {
        throw raw();
    }

    @Override
    public void writeRaw(char c) throws IOException {
        throw raw();
    }

    @Override
    public void writeRawValue(String text) throws IOException {
        throw raw();
    }

    @Override
    public void writeRawValue(String text, int offset, int len) throws IOException {
        throw raw();
    }

    @Override
    public void writeRawValue(char[] text, int offset, int len) throws IOException {
        throw raw();
    }

    @Override
    public void copyCurrentEvent(JsonParser parser) throws IOException {
        throw new JsonGenerationException("an audit event is not copied from a parser", this);
    }

    @Override
    public void copyCurrentStructure(JsonParser parser) throws IOException {
        throw new JsonGenerationException("an audit event is not copied from a parser", this);
    }
}
