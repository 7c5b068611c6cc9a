package dev.leash.tiers.approval;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalRequest;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Reason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a reviewer service over HTTP. Each request is a {@code POST} of JSON to the configured URL:
 *
 * <pre>{@code
 * { "routine": false,
 *   "flags": [ { "rule": "taint-guard", "text": "...", "risk_flag": true,
 *                "evidence": [ { "source": "email:m2 from x@evil.example", "text": "..." } ] } ],
 *   "tool": "send_email", "arguments": {...}, "impact": "IRREVERSIBLE", "rule": "taint-guard+impact-gate",
 *   "reason": "...", "reasons": [ ...every reason, flags and routine, in chain order... ],
 *   "call_hash": "9f2c...", "run": "run-...", "call_id": "c4", "principal": "alex@example.com",
 *   "level": 3, "provenance": ["email:m2 from x@evil.example"], "requested_at": "2026-...",
 *   "expires_at": "2026-..." }
 * }</pre>
 *
 * <p>Risk flags come first: {@code routine} is true only when the tier's impact gate is the sole
 * reason, and {@code flags} lists every other reason with the untrusted text that raised it.
 *
 * <p>The reviewer answers {@code 200} with {@code {"approved": true, "reviewer": "dana",
 * "call_hash": "9f2c...", "run": "run-...", "call_id": "call-3"}} or {@code {"approved": false,
 * "reviewer": "dana", "reason": "..."}}. An approval counts only when its {@code call_hash},
 * {@code run} and {@code call_id} are the request's (the request also carries {@code call_id}
 * and {@code expires_at}); an answer for another run or call, or one without them, is denied. Everything else is a
 * denial: no answer within the timeout ({@link ApprovalResult.TimedOut}), a 3xx/4xx/5xx status,
 * an unreachable URL, a body that is not JSON, an {@code approved} that is not a boolean, or a
 * missing or different hash ({@link ApprovalResult.Failed}).
 *
 * <p>Thread-safe; requests are independent and never block past the timeout.
 */
public final class WebhookGate implements ApprovalGate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param url the reviewer endpoint
     * @param timeout the whole exchange must finish within it
     */
    public WebhookGate(URI url, Duration timeout) {
        this(url, timeout, HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    public WebhookGate(URI url, Duration timeout, HttpClient client) {
        this.url = requireNonNull(url, "url is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.client = requireNonNull(client, "client is null");
    }

    /** The JSON body posted for {@code request}. */
    public static ObjectNode body(ApprovalRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("routine", request.routine());
        ArrayNode flags = body.putArray("flags");
        request.flags().forEach(flag -> flags.add(reason(flag)));
        body.put("tool", request.call().tool());
        body.set("arguments", request.call().arguments());
        body.put("impact", request.impact().name());
        body.put("rule", request.rule());
        body.put("reason", request.reason());
        ArrayNode reasons = body.putArray("reasons");
        request.reasons().forEach(r -> reasons.add(reason(r)));
        body.put("call_hash", request.callHash());
        body.put("run", request.runId());
        body.put("call_id", request.callId());
        body.put("principal", request.principal());
        body.put("level", request.level().number());
        request.provenance().forEach(body.putArray("provenance")::add);
        body.put("requested_at", request.requestedAt().toString());
        body.put("expires_at", request.expiresAt().toString());
        return body;
    }

    private static ObjectNode reason(Reason reason) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rule", reason.rule());
        node.put("text", reason.text());
        node.put("risk_flag", reason.isRiskFlag());
        ArrayNode evidence = node.putArray("evidence");
        for (Evidence e : reason.evidence()) {
            evidence.addObject().put("source", e.source()).put("text", e.text());
        }
        return node;
    }

    @Override
    public ApprovalResult review(ApprovalRequest request) {
        String reviewer = "webhook " + url;
        HttpRequest post;
        try {
            post = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body(request)), StandardCharsets.UTF_8))
                    .build();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return failed(reviewer, "could not build the request: " + e.getMessage());
        }
        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(post, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new ApprovalResult.TimedOut(reviewer, Instant.now());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return failed(reviewer, "interrupted while waiting for the reviewer");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                return new ApprovalResult.TimedOut(reviewer, Instant.now());
            }
            return failed(reviewer, "the reviewer could not be reached: " + e.getCause());
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            return failed(reviewer, "the reviewer answered HTTP " + response.statusCode());
        }
        return decision(response.body(), request, reviewer);
    }

    private static ApprovalResult decision(String text, ApprovalRequest request, String fallbackReviewer) {
        JsonNode answer;
        try {
            answer = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return failed(fallbackReviewer, "the reviewer's answer is not JSON");
        }
        if (answer == null || !answer.isObject()) {
            return failed(fallbackReviewer, "the reviewer's answer is not a JSON object");
        }
        JsonNode approved = answer.get("approved");
        if (approved == null || !approved.isBoolean()) {
            return failed(fallbackReviewer, "the reviewer's answer has no boolean 'approved'");
        }
        JsonNode who = answer.get("reviewer");
        String reviewer = who != null && who.isTextual() && !who.asText().isBlank() ? who.asText() : fallbackReviewer;
        if (!approved.asBoolean()) {
            JsonNode reason = answer.get("reason");
            return ApprovalResult.rejected(reviewer, reason != null && reason.isTextual() ? reason.asText() : "rejected");
        }
        JsonNode hash = answer.get("call_hash");
        if (hash == null || !hash.isTextual()) {
            return failed(reviewer, "the approval names no call_hash, so it cannot be bound to this call");
        }
        if (!hash.asText().equals(request.callHash())) {
            return failed(reviewer, "the approval is for call " + hash.asText() + ", not this call " + request.callHash());
        }
        JsonNode run = answer.get("run");
        JsonNode callId = answer.get("call_id");
        if (run == null || !run.isTextual() || callId == null || !callId.isTextual()) {
            return failed(reviewer, "the approval names no run and call_id, so it cannot be bound to this call");
        }
        if (!run.asText().equals(request.runId())) {
            return failed(reviewer, "the approval is for run " + run.asText() + ", not this run " + request.runId());
        }
        if (!callId.asText().equals(request.callId())) {
            return failed(reviewer, "the approval is for call " + callId.asText() + " of the run, not " + request.callId());
        }
        return ApprovalResult.approved(reviewer, request);
    }

    private static ApprovalResult failed(String reviewer, String error) {
        return new ApprovalResult.Failed(reviewer, error, Instant.now());
    }
}
