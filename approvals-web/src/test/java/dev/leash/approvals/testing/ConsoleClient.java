package dev.leash.approvals.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A reviewer's browser over plain HTTP: signs in, reads pages, submits the forms the pages carry. */
public final class ConsoleClient {

    private final URI base;
    private final HttpClient http;

    public ConsoleClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private String cookie = "";

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        response.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
        if (response.statusCode() == 303) {
            return send(HttpRequest.newBuilder(base.resolve(response.headers().firstValue("Location").orElseThrow())).GET());
        }
        return response;
    }

    public HttpResponse<String> signIn(String name, String password) throws Exception {
        return post("/login", Map.of("name", name, "password", password));
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Opens the request's page and submits its form with {@code action} (approve or reject). */
    public HttpResponse<String> decide(String requestId, String action, String reason) throws Exception {
        String page = get("/requests/" + requestId).body();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", hidden(page, "csrf"));
        form.put("hash", hidden(page, "hash"));
        form.put("reason", reason);
        form.put("action", action);
        return post("/requests/" + requestId + "/decide", form);
    }

    public static String hidden(String page, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(page);
        if (!m.find()) {
            throw new AssertionError("no hidden field " + name + " in the page:\n" + page);
        }
        return m.group(1);
    }
}
