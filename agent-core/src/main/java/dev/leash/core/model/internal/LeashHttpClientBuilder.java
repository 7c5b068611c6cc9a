package dev.leash.core.model.internal;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Clock;
import java.time.Duration;

/** Builds {@link LeashHttpClient}s; what the model builders are given. */
public final class LeashHttpClientBuilder implements HttpClientBuilder {

    private Duration connectTimeout;
    private Duration readTimeout;
    private Clock clock = Clock.systemUTC();

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public LeashHttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public LeashHttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    /** The clock that turns an HTTP-date {@code Retry-After} into a wait. */
    public LeashHttpClientBuilder clock(Clock newClock) {
        this.clock = newClock;
        return this;
    }

    @Override
    public LeashHttpClient build() {
        return new LeashHttpClient(connectTimeout, readTimeout, clock);
    }
}
