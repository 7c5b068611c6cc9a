package dev.leash.core.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chain writes, byte for byte, the lines {@link RecordLine#encode} makes one at a time. */
class RecordLineChainTest {

    @Test
    void appendsTheSameBytesAsEncodingEachLineAndChainsThemAcrossClears() {
        Random random = new Random(16);
        RecordLine.Chain chain = new RecordLine.Chain(RecordLine.GENESIS);
        String prev = RecordLine.GENESIS;
        long seq = 0;
        for (int batch = 0; batch < 60; batch++) {
            chain.clear();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            int lines = 1 + random.nextInt(batch % 10 == 0 ? 400 : 5);
            for (int i = 0; i < lines; i++) {
                // Events from 2 bytes to 40 KB (the buffer grows past its first size), with non-ASCII text.
                String event = "{\"reason\":\"" + "é€x".repeat(random.nextInt(random.nextInt(8) == 0 ? 13_000 : 40))
                        + "\"}";
                seq++;
                RecordLine.Encoded line = RecordLine.encode(seq, prev, event);
                expected.writeBytes(line.bytes());
                prev = line.hash();
                byte[] json = (event + "padding that is not part of the event").getBytes(StandardCharsets.UTF_8);
                chain.append(seq, json, event.getBytes(StandardCharsets.UTF_8).length);
            }
            assertThat(Arrays.copyOf(chain.buffer(), chain.size())).isEqualTo(expected.toByteArray());
            assertThat(chain.lastHash()).isEqualTo(prev);
        }
        assertThat(seq).isGreaterThan(1000);
    }

    @Test
    void continuesAChainFromTheHashOfAnExistingLastLine() {
        RecordLine.Encoded first = RecordLine.encode(9_999_999_999L, RecordLine.GENESIS, "{\"a\":1}");
        RecordLine.Chain chain = new RecordLine.Chain(first.hash());
        chain.append(10_000_000_000L, "{\"a\":2}".getBytes(StandardCharsets.UTF_8), 7);
        byte[] line = Arrays.copyOf(chain.buffer(), chain.size() - 1);
        RecordLine.Parsed parsed = RecordLine.parse(line).orElseThrow();
        assertThat(parsed.seq()).isEqualTo(10_000_000_000L);
        assertThat(parsed.prev()).isEqualTo(first.hash());
        assertThat(parsed.hashValid()).isTrue();
        assertThat(parsed.eventJson()).isEqualTo("{\"a\":2}");
    }
}
