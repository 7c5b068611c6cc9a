package dev.leash.tiers.approval;

import static java.util.Objects.requireNonNull;

import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Asks a person at a terminal: prints {@link ApprovalRequest#describe()} and reads one line.
 * {@code y} or {@code yes} (any case) approves exactly the call shown; anything else, the end of
 * input, or no answer within the timeout is a rejection.
 *
 * <p>Lines are read by one daemon thread, started on the first request. After a question timed
 * out, whatever was typed until the next question is discarded, so a late answer to an earlier
 * question never approves a new one; answers given in advance (piped input) are otherwise kept
 * in order. Thread-safe: concurrent requests are asked one at a time.
 */
public final class ConsoleGate implements ApprovalGate {

    /** The reviewer name in results and audit records. */
    public static final String REVIEWER = "console";

    private static final String EOF = new String("end of input");

    private final PrintStream out;
    private final BufferedReader in;
    private final Duration timeout;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private boolean reading;
    private boolean discardStale;
    private final java.util.concurrent.atomic.AtomicInteger linesRead = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param out where questions are printed
     * @param in where answers are read
     * @param timeout how long to wait for an answer
     */
    public ConsoleGate(PrintStream out, Reader in, Duration timeout) {
        this.out = requireNonNull(out, "out is null");
        this.in = new BufferedReader(requireNonNull(in, "in is null"));
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public ConsoleGate(PrintStream out, InputStream in, Duration timeout) {
        this(out, new InputStreamReader(requireNonNull(in, "in is null"), StandardCharsets.UTF_8), timeout);
    }

    @Override
    public synchronized ApprovalResult review(ApprovalRequest request) {
        startReading();
        if (discardStale) {
            drainStale();
            discardStale = false;
        }
        out.println(request.describe());
        out.print("Approve this exact call? [y/N] ");
        out.flush();
        String line;
        try {
            line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApprovalResult.Failed(REVIEWER, "interrupted while waiting for an answer", Instant.now());
        }
        if (line == null) {
            discardStale = true;
            out.println();
            out.println("No answer within " + timeout.toSeconds() + " s: rejected.");
            return new ApprovalResult.TimedOut(REVIEWER, Instant.now());
        }
        if (line == EOF) {
            lines.offer(EOF);
            out.println();
            return ApprovalResult.rejected(REVIEWER, "no answer (end of input)");
        }
        String answer = line.trim().toLowerCase(Locale.ROOT);
        if (answer.equals("y") || answer.equals("yes")) {
            return ApprovalResult.approved(REVIEWER, request);
        }
        return ApprovalResult.rejected(REVIEWER, answer.isEmpty() ? "answered no" : "answered '" + line.trim() + "'");
    }

    /** Lines read from the input so far (for tests that must know a line has arrived). */
    int linesRead() {
        return linesRead.get();
    }

    private void drainStale() {
        boolean ended = false;
        String stale;
        while ((stale = lines.poll()) != null) {
            ended |= stale == EOF;
        }
        if (ended) {
            lines.offer(EOF);
        }
    }

    private void startReading() {
        if (reading) {
            return;
        }
        reading = true;
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.offer(line);
                    linesRead.incrementAndGet();
                }
            } catch (IOException e) {
                // treated as the end of input
            }
            lines.offer(EOF);
        }, "leash-console-gate");
        reader.setDaemon(true);
        reader.start();
    }
}
