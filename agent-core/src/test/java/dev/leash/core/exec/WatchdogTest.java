package dev.leash.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class WatchdogTest {

    @Test
    void runsTheWorkOnTheCallersThreadAndReturnsItsResult() throws Exception {
        Thread caller = Thread.currentThread();
        Thread ran = Watchdog.shared().call(Thread::currentThread, Duration.ofSeconds(5));

        assertThat(ran).isSameAs(caller);
    }

    @Test
    void interruptsWorkPastItsLimitAndLeavesNoInterruptBehind() {
        assertThatThrownBy(() -> Watchdog.shared().call(() -> {
            Thread.sleep(60_000);
            return "late";
        }, Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void workThatSwallowsTheInterruptStillTimesOut() {
        assertThatThrownBy(() -> Watchdog.shared().call(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // a tool that carries on
            }
            return "finished anyway";
        }, Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void failureWithinTheLimitIsReportedWithItsCause() {
        assertThatThrownBy(() -> Watchdog.shared().call(() -> {
            throw new IllegalStateException("disk on fire");
        }, Duration.ofSeconds(5))).isInstanceOf(ExecutionException.class).hasRootCauseMessage("disk on fire");
    }

    @Test
    void anOwnWatchdogIsClosedByItsOwnerAndTheSharedOneCannotBe() throws Exception {
        try (Watchdog own = Watchdog.create()) {
            assertThat(own.call(() -> 42, Duration.ofSeconds(1))).isEqualTo(42);
        }
        assertThatThrownBy(() -> Watchdog.shared().close()).isInstanceOf(UnsupportedOperationException.class);
    }
}
