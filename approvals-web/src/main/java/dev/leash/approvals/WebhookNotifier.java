package dev.leash.approvals;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.approval.ApprovalRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Announces a pending request to a webhook with a link to it in the console, instead of waiting
 * for the webhook's answer: {@code POST url} with {@code {"event":"approval_pending", "request_id",
 * "run_id", "tool", "impact", "flags", "link"}}. The arguments are not sent (they may carry data
 * the webhook's channel should not see); the reviewer reads them in the console after signing in.
 */
public final class WebhookNotifier implements PendingNotifier {

    private final URI url;
    private final URI console;
    private final Duration timeout;
    private final HttpClient http;

    public WebhookNotifier(URI url, URI console, Duration timeout) {
        this.url = requireNonNull(url, "url is null");
        this.console = requireNonNull(console, "console is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The console's page for a request. */
    public URI linkTo(String requestId) {
        String base = console.toString().endsWith("/") ? console.toString() : console + "/";
        return URI.create(base + "requests/" + requestId);
    }

    @Override
    public void announce(String requestId, ApprovalRequest request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("event", "approval_pending");
        body.put("request_id", requestId);
        body.put("run_id", request.runId());
        body.put("tool", request.call().tool());
        body.put("impact", request.impact().label());
        body.put("flags", request.flags().size());
        body.put("expires_at", request.expiresAt().toString());
        body.put("link", linkTo(requestId).toString());
        HttpRequest post = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            http.send(post, HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the webhook at " + url + " could not be told: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while telling the webhook", e);
        }
    }
}
