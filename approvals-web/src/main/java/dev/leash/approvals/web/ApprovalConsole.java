package dev.leash.approvals.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.leash.api.approval.HiddenCharacters;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Step;
import dev.leash.api.plan.Turn;
import dev.leash.api.policy.Evidence;
import dev.leash.api.policy.Reason;
import dev.leash.api.tool.ToolCall;
import dev.leash.approvals.ApprovalDesk;
import dev.leash.approvals.Reviewer;
import dev.leash.approvals.StoredRequest;
import dev.leash.core.exec.Redactor;
import dev.leash.core.suspend.SuspendedRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web approval console, on the JDK's {@code com.sun.net.httpserver}: no framework, no
 * front-end build, no JavaScript. Pages: sign-in, the requests the reviewer may decide (risk
 * flags first), one request (tool, impact, arguments, hash, every reason with the untrusted text
 * that raised it, the run's goal and what it did so far) with approve and reject, the history,
 * and a run's status.
 *
 * <p>Security: sessions are random 256-bit ids in an {@code HttpOnly; SameSite=Strict} cookie
 * that expire after {@code idle} without use and after {@code lifetime} in any case; every POST
 * carries the session's CSRF token (compared in constant time) and a foreign {@code Origin} is
 * refused; every value is HTML-escaped; configured secrets are masked in everything shown;
 * responses forbid framing and scripts ({@code Content-Security-Policy}). A reviewer sees a
 * request outside their scope as not found. Thread-safe.
 */
public final class ApprovalConsole implements AutoCloseable {

    private static final String COOKIE = "leash_session";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApprovalDesk desk;
    private final Redactor masker;
    private final Duration idle;
    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService threads;

    private record Session(String reviewer, String csrf, Instant created, Instant lastSeen) {
        Session touched(Instant now) {
            return new Session(reviewer, csrf, created, now);
        }
    }

    private ApprovalConsole(ApprovalDesk desk, Redactor masker, InetSocketAddress address, Duration idle, Duration lifetime,
                            Clock clock) throws IOException {
        this.desk = requireNonNull(desk, "desk is null");
        this.masker = requireNonNull(masker, "masker is null");
        this.idle = requireNonNull(idle, "idle is null");
        this.lifetime = requireNonNull(lifetime, "lifetime is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.server = HttpServer.create(address, 0);
        this.threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "leash-console");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /**
     * Starts a console on {@code address} (port 0 for any free port).
     *
     * @param idle a session ends after this long without a request (e.g. 15 minutes)
     * @param lifetime a session ends this long after sign-in whatever happens (e.g. 8 hours)
     */
    public static ApprovalConsole start(ApprovalDesk desk, Redactor masker, InetSocketAddress address, Duration idle,
                                        Duration lifetime) throws IOException {
        return start(desk, masker, address, idle, lifetime, Clock.systemUTC());
    }

    static ApprovalConsole start(ApprovalDesk desk, Redactor masker, InetSocketAddress address, Duration idle,
                                 Duration lifetime, Clock clock) throws IOException {
        ApprovalConsole console = new ApprovalConsole(desk, masker, address, idle, lifetime, clock);
        console.server.start();
        return console;
    }

    /** Where the console listens, e.g. {@code http://127.0.0.1:8090/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- routing -------------------------------------------------------------------------------

    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            if (path.equals("/login")) {
                if (method.equals("POST")) {
                    login(x);
                } else {
                    page(x, 200, "Sign in", null, loginForm(""));
                }
                return;
            }
            Optional<Session> session = session(x);
            if (session.isEmpty()) {
                if (method.equals("GET")) {
                    redirect(x, "/login");
                } else {
                    page(x, 401, "Signed out", null, "<p>Your session has ended. <a href=\"/login\">Sign in</a> again.</p>");
                }
                return;
            }
            Session s = session.get();
            Reviewer reviewer = desk.reviewer(s.reviewer()).orElse(null);
            if (reviewer == null) {
                page(x, 403, "Unknown reviewer", null, "<p>This reviewer is no longer configured.</p>");
                return;
            }
            // The form is read once, here, and handed on (exchange attributes are shared by the context).
            Map<String, String> form = method.equals("POST") ? form(x) : Map.of();
            if (method.equals("POST") && !csrfOk(x, s, form)) {
                return;
            }
            if (path.equals("/") && method.equals("GET")) {
                page(x, 200, "Pending approvals", s, pendingPage(reviewer, query(x).getOrDefault("message", "")));
            } else if (path.equals("/history") && method.equals("GET")) {
                page(x, 200, "History", s, historyPage(reviewer));
            } else if (path.equals("/logout") && method.equals("POST")) {
                sessions.remove(cookie(x).orElse(""));
                x.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
                redirect(x, "/login");
            } else if (path.startsWith("/requests/")) {
                request(x, reviewer, s, path.substring("/requests/".length()), form);
            } else if (path.startsWith("/runs/") && method.equals("GET")) {
                runPage(x, reviewer, s, path.substring("/runs/".length()));
            } else {
                page(x, 404, "Not found", s, "<p>There is no such page.</p>");
            }
        } catch (RuntimeException e) {
            page(x, 500, "Error", null, "<p>The console could not do that: " + esc(e.getClass().getSimpleName()) + "</p>");
        } finally {
            x.close();
        }
    }

    private void request(HttpExchange x, Reviewer reviewer, Session s, String rest, Map<String, String> form)
            throws IOException {
        boolean decide = rest.endsWith("/decide");
        String id = decide ? rest.substring(0, rest.length() - "/decide".length()) : rest;
        Optional<StoredRequest> found = desk.visibleTo(reviewer, id);
        if (found.isEmpty()) {
            page(x, 404, "Not found", s, "<p>There is no request " + esc(id) + " that you may decide.</p>");
            return;
        }
        if (!decide && x.getRequestMethod().equals("GET")) {
            page(x, 200, "Request " + id, s, requestPage(found.get(), s));
            return;
        }
        if (!decide || !x.getRequestMethod().equals("POST")) {
            page(x, 405, "Not allowed", s, "<p>Answer with the form on the request's page.</p>");
            return;
        }
        String action = form.getOrDefault("action", "");
        if (!action.equals("approve") && !action.equals("reject")) {
            page(x, 400, "Bad answer", s, "<p>Choose approve or reject.</p>");
            return;
        }
        ApprovalDesk.Verdict verdict = desk.decide(reviewer.name(), id, action.equals("approve"), form.get("reason"),
                form.get("hash"));
        if (!verdict.counted()) {
            page(x, 409, "Not counted", s, "<p class=\"refused\">Your answer did not count: " + esc(mask(verdict.message()))
                    + "</p><p><a href=\"/\">Back to the pending requests</a></p>");
            return;
        }
        redirect(x, "/?message=" + java.net.URLEncoder.encode(verdict.message(), StandardCharsets.UTF_8));
    }

    // ---- sign-in, sessions, CSRF ----------------------------------------------------------------

    private void login(HttpExchange x) throws IOException {
        if (!sameOrigin(x)) {
            page(x, 403, "Refused", null, "<p>Sign-in from another site is refused.</p>");
            return;
        }
        Map<String, String> form = form(x);
        Optional<Reviewer> reviewer = desk.authenticate(form.get("name"), form.get("password"));
        if (reviewer.isEmpty()) {
            page(x, 401, "Sign in", null, loginForm("Wrong name or password."));
            return;
        }
        String id = token();
        Instant now = clock.instant();
        sessions.put(id, new Session(reviewer.get().name(), token(), now, now));
        x.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + lifetime.toSeconds());
        redirect(x, "/");
    }

    private Optional<Session> session(HttpExchange x) {
        Optional<String> id = cookie(x);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Session s = sessions.get(id.get());
        Instant now = clock.instant();
        if (s == null) {
            return Optional.empty();
        }
        if (now.isAfter(s.lastSeen().plus(idle)) || now.isAfter(s.created().plus(lifetime))) {
            sessions.remove(id.get());
            return Optional.empty();
        }
        Session touched = s.touched(now);
        sessions.put(id.get(), touched);
        return Optional.of(touched);
    }

    private boolean csrfOk(HttpExchange x, Session s, Map<String, String> form) throws IOException {
        String sent = form.getOrDefault("csrf", "");
        boolean ok = sameOrigin(x) && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                s.csrf().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            page(x, 403, "Refused", s, "<p class=\"refused\">This form was not sent from the console (missing or wrong"
                    + " CSRF token); nothing was done.</p>");
        }
        return ok;
    }

    private static boolean sameOrigin(HttpExchange x) {
        String origin = x.getRequestHeaders().getFirst("Origin");
        if (origin == null || origin.equals("null")) {
            return origin == null;
        }
        String host = x.getRequestHeaders().getFirst("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private static Optional<String> cookie(HttpExchange x) {
        List<String> headers = x.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return Optional.empty();
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return Optional.of(p.substring(COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---- pages ---------------------------------------------------------------------------------

    private static String loginForm(String error) {
        return (error.isEmpty() ? "" : "<p class=\"refused\">" + esc(error) + "</p>")
                + "<form method=\"post\" action=\"/login\" class=\"login\">"
                + "<label>Reviewer <input name=\"name\" id=\"name\" autocomplete=\"username\" required></label>"
                + "<label>Password or token <input name=\"password\" id=\"password\" type=\"password\" "
                + "autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>";
    }

    private String pendingPage(Reviewer reviewer, String message) {
        StringBuilder html = new StringBuilder();
        if (!message.isEmpty()) {
            html.append("<p class=\"notice\" id=\"message\">").append(esc(mask(message))).append("</p>");
        }
        List<StoredRequest> pending = desk.pendingFor(reviewer);
        if (pending.isEmpty()) {
            html.append("<p id=\"none\">Nothing waits for you.</p>");
            return html.toString();
        }
        html.append("<table id=\"pending\"><tr><th>Request</th><th>Risk flags</th><th>Tool</th><th>Impact</th><th>For</th>"
                + "<th>Run</th><th>Expires</th></tr>");
        for (StoredRequest r : pending) {
            html.append("<tr class=\"").append(r.request().routine() ? "routine" : "flagged").append("\"><td><a href=\"/requests/")
                    .append(esc(r.id())).append("\">").append(esc(r.id())).append("</a></td><td>");
            if (r.request().routine()) {
                html.append("routine");
            } else {
                for (Reason flag : r.request().flags()) {
                    html.append("<span class=\"flag\">").append(esc(flag.rule())).append("</span> ");
                }
            }
            html.append("</td><td>").append(esc(r.request().call().tool())).append("</td><td>")
                    .append(esc(r.request().impact().name())).append("</td><td>").append(esc(mask(r.request().principal())))
                    .append("</td><td>").append(esc(r.request().runId())).append("</td><td>")
                    .append(esc(r.request().expiresAt().toString())).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private String requestPage(StoredRequest stored, Session s) {
        var r = stored.request();
        Instant now = clock.instant();
        StringBuilder html = new StringBuilder();
        html.append("<p>State: <b id=\"state\">").append(esc(stored.state(now))).append("</b>");
        stored.answeredBy().ifPresent(who -> html.append(" by ").append(esc(who)));
        stored.answeredAt().ifPresent(at -> html.append(" at ").append(esc(at.toString())));
        html.append("</p>");
        if (!r.flags().isEmpty()) {
            html.append("<section id=\"flags\"><h2>Risk flags</h2>");
            for (Reason flag : r.flags()) {
                html.append("<div class=\"flag-detail\"><p><span class=\"flag\">").append(esc(flag.rule())).append("</span> ")
                        .append(esc(mask(flag.text()))).append("</p>");
                for (Evidence e : flag.evidence()) {
                    html.append("<blockquote>from <b>").append(esc(mask(e.source()))).append("</b>: ")
                            .append(esc(mask(e.text()))).append("</blockquote>");
                }
                html.append("</div>");
            }
            html.append("</section>");
        }
        html.append("<h2>The exact call</h2><table class=\"call\">")
                .append(row("Tool", r.call().tool())).append(row("Impact", r.impact().name()))
                .append("<tr><th>Arguments</th><td><pre id=\"arguments\">").append(esc(mask(pretty(r.call())))).append("</pre></td></tr>")
                .append(row("Call hash", r.callHash())).append(row("Run", r.runId())).append(row("For", mask(r.principal())))
                .append(row("Agent", stored.agent())).append(row("Level", r.level().name()))
                .append(row("Requested", r.requestedAt().toString())).append(row("Expires", r.expiresAt().toString()))
                .append("</table><h2>Every reason</h2><ul id=\"reasons\">");
        for (Reason reason : r.reasons()) {
            html.append("<li><b>").append(esc(reason.rule())).append("</b>: ").append(esc(mask(reason.text()))).append("</li>");
        }
        html.append("</ul>");
        if (!r.provenance().isEmpty()) {
            html.append("<h2>Untrusted content the run has seen</h2><ul id=\"sources\">");
            r.provenance().forEach(p -> html.append("<li>").append(esc(mask(p))).append("</li>"));
            html.append("</ul>");
        }
        html.append(runSoFar(r.runId()));
        if (stored.open(now)) {
            html.append("<h2>Your answer</h2><form method=\"post\" action=\"/requests/").append(esc(stored.id()))
                    .append("/decide\" id=\"decide\"><input type=\"hidden\" name=\"csrf\" value=\"").append(esc(s.csrf()))
                    .append("\"><input type=\"hidden\" name=\"hash\" value=\"").append(esc(r.callHash()))
                    .append("\"><label>Reason (required to reject) <input name=\"reason\" id=\"reason\" size=\"60\"></label>")
                    .append("<button name=\"action\" value=\"approve\" id=\"approve\">Approve this exact call</button> ")
                    .append("<button name=\"action\" value=\"reject\" id=\"reject\">Reject</button></form>");
        }
        return html.toString();
    }

    private String runSoFar(String runId) {
        Optional<SuspendedRun> snapshot;
        try {
            snapshot = desk.store().snapshot(runId);
        } catch (RuntimeException e) {
            snapshot = Optional.empty();
        }
        StringBuilder html = new StringBuilder("<h2>The run so far</h2>");
        if (snapshot.isEmpty()) {
            return html.append("<p>The run has not suspended yet (it is finishing its batch).</p>").toString();
        }
        SuspendedRun run = snapshot.get();
        html.append("<p>Goal: <q id=\"goal\">").append(esc(mask(run.request().goal()))).append("</q></p><ol id=\"turns\">");
        for (Turn turn : run.turns()) {
            html.append("<li>").append(describe(turn.step(), turn.observations())).append("</li>");
        }
        html.append("<li>").append(describe(run.batch(), run.batchObservations())).append("</li></ol>");
        return html.toString();
    }

    private String describe(Step step, List<Observation> observations) {
        if (step instanceof Step.CallTools calls) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < calls.calls().size(); i++) {
                ToolCall c = calls.calls().get(i);
                String status = i < observations.size() ? observations.get(i).status().name() : "";
                text.append("<code>").append(esc(mask(c.tool() + c.argumentsJson()))).append("</code> ")
                        .append(esc(status)).append("<br>");
            }
            return text.toString();
        }
        return step instanceof Step.Finish f ? "finish: " + esc(mask(f.answer())) : "escalate: " + esc(mask(((Step.Escalate) step).reason()));
    }

    private String historyPage(Reviewer reviewer) {
        Instant now = clock.instant();
        StringBuilder html = new StringBuilder("<table id=\"history\"><tr><th>Request</th><th>State</th><th>Tool</th>"
                + "<th>Run</th><th>Answered by</th><th>When</th><th>Hash seen</th><th>Reason</th></tr>");
        for (StoredRequest r : desk.historyFor(reviewer, 100)) {
            html.append("<tr><td><a href=\"/requests/").append(esc(r.id())).append("\">").append(esc(r.id())).append("</a></td><td>")
                    .append(esc(r.state(now))).append("</td><td>").append(esc(r.request().call().tool())).append("</td><td>")
                    .append("<a href=\"/runs/").append(esc(r.request().runId())).append("\">").append(esc(r.request().runId()))
                    .append("</a></td><td>").append(esc(r.answeredBy().orElse(""))).append("</td><td>")
                    .append(esc(r.answeredAt().map(Instant::toString).orElse(""))).append("</td><td><code>")
                    .append(esc(r.seenHash().map(h -> h.substring(0, Math.min(12, h.length()))).orElse(""))).append("</code></td><td>")
                    .append(esc(mask(r.answerReason().orElse("")))).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private void runPage(HttpExchange x, Reviewer reviewer, Session s, String runId) throws IOException {
        List<StoredRequest> requests = desk.store().ofRun(runId).stream()
                .filter(r -> desk.visibleTo(reviewer, r.id()).isPresent()).toList();
        if (requests.isEmpty()) {
            page(x, 404, "Not found", s, "<p>There is no run " + esc(runId) + " that you may see.</p>");
            return;
        }
        String status = desk.store().status(runId).orElse("running");
        StringBuilder html = new StringBuilder("<p>Status: <b id=\"run-status\">").append(esc(status)).append("</b></p><ul>");
        Instant now = clock.instant();
        for (StoredRequest r : requests) {
            html.append("<li><a href=\"/requests/").append(esc(r.id())).append("\">").append(esc(r.id())).append("</a> ")
                    .append(esc(r.request().call().tool())).append(": ").append(esc(r.state(now))).append("</li>");
        }
        page(x, 200, "Run " + runId, s, html.append("</ul>").toString());
    }

    private String row(String name, String value) {
        return "<tr><th>" + esc(name) + "</th><td>" + esc(mask(value)) + "</td></tr>";
    }

    private static String pretty(ToolCall call) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(call.arguments());
        } catch (IOException e) {
            return call.argumentsJson();
        }
    }

    private String mask(String text) {
        return masker.redact(text == null ? "" : text);
    }

    // ---- HTTP helpers --------------------------------------------------------------------------

    private static final String STYLE = "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
            + ".flag{background:#b00020;color:#fff;padding:.1em .4em;border-radius:.3em;font-size:.9em}"
            + "tr.flagged{background:#fff0f0}.refused{color:#b00020;font-weight:bold}.notice{color:#064;font-weight:bold}"
            + "blockquote{border-left:3px solid #b00020;margin:.3em 0 .3em 1em;padding-left:.6em;background:#fafafa}"
            + "pre{margin:0}nav a,nav form{margin-right:1em;display:inline}label{display:block;margin:.4em 0}";

    private void page(HttpExchange x, int status, String title, Session s, String body) throws IOException {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append(" · Leash approvals</title><style>").append(STYLE).append("</style></head><body>");
        if (s != null) {
            html.append("<nav><b>Leash approvals</b> · signed in as <span id=\"reviewer\">").append(esc(s.reviewer()))
                    .append("</span> · <a href=\"/\">Pending</a><a href=\"/history\">History</a>")
                    .append("<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"")
                    .append(esc(s.csrf())).append("\"><button id=\"sign-out\">Sign out</button></form></nav>");
        }
        html.append("<h1>").append(esc(title)).append("</h1>").append(body).append("</body></html>");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        var h = x.getResponseHeaders();
        h.set("Content-Type", "text/html; charset=utf-8");
        h.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        h.set("X-Frame-Options", "DENY");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "same-origin");
        h.set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange x, String to) throws IOException {
        x.getResponseHeaders().set("Location", to);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(303, -1);
    }

    private static Map<String, String> form(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            byte[] body = in.readNBytes(64 * 1024);
            return parse(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static Map<String, String> query(HttpExchange x) {
        String q = x.getRequestURI().getRawQuery();
        return q == null ? Map.of() : parse(q);
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(key, value);
        }
        return values;
    }

    /** HTML-escapes text for element content and quoted attributes. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        // what a reviewer reads is what is sent: characters that show as nothing are written out
        text = HiddenCharacters.reveal(text);
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
