package dev.leash.core.model.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.core.model.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    static final Instant NOW = Instant.parse("2026-11-27T03:30:00Z");

    @Test
    void readsSecondsAndHttpDates() {
        assertThat(LeashHttpClient.parseRetryAfter("1", NOW)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LeashHttpClient.parseRetryAfter("0.5", NOW)).isEqualTo(Duration.ofMillis(500));
        assertThat(LeashHttpClient.parseRetryAfter("Fri, 27 Nov 2026 03:30:20 GMT", NOW)).isEqualTo(Duration.ofSeconds(20));
        assertThat(LeashHttpClient.parseRetryAfter("Fri, 27 Nov 2026 03:29:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void ignoresValuesItCannotRead() {
        assertThat(LeashHttpClient.parseRetryAfter("soon", NOW)).isNull();
        assertThat(LeashHttpClient.parseRetryAfter("-3", NOW)).isNull();
    }

    @Test
    void backsOffExponentiallyAndCapsEveryWait() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), Duration.ofSeconds(5));

        assertThat(policy.delayBefore(1, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayBefore(2, null)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayBefore(3, null)).isEqualTo(Duration.ofMillis(350));
        assertThat(policy.delayBefore(1, Duration.ofSeconds(120))).isEqualTo(Duration.ofMillis(350));
        assertThat(policy.delayBefore(1, Duration.ofMillis(30))).isEqualTo(Duration.ofMillis(30));
    }
}
