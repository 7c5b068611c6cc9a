package dev.leash.approvals.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.leash.approvals.ApprovalDesk;
import dev.leash.approvals.ApprovalStore;
import dev.leash.approvals.Reviewer;
import dev.leash.approvals.StoredRequest;
import dev.leash.approvals.testing.AgentProcess;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.audit.SecretMasker;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs): a reviewer signs in, sees the pending request with its risk
 * flags, approves it, and sees the run complete after a new process resumes it; a reviewer out
 * of scope neither sees nor answers it; a forged POST without the CSRF token is refused.
 * Screenshots go to {@code target/console-screenshots} (or {@code -Dleash.screenshots=DIR}).
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    private ApprovalStore store;
    private ApprovalConsole console;
    private WebDriver browser;
    private Path work;
    private Path root;
    private Path shots;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "SKIPPED: the browser test needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver);"
                        + " .ci/run installs them with apt-get");
        work = Files.createDirectories(dir.resolve("work"));
        root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("report.txt"), "quarterly numbers");
        shots = Files.createDirectories(Path.of(System.getProperty("leash.screenshots", "target/console-screenshots")));
        store = ApprovalStore.embedded(work);
        ApprovalDesk desk = new ApprovalDesk(store, List.of(
                Reviewer.withPasswordHash("alice", Reviewer.hashPassword("correct horse"), List.of("ops@example.com"), List.of()),
                Reviewer.withPasswordHash("mallory", Reviewer.hashPassword("battery staple"), List.of("sales@example.com"), List.of())),
                new InMemoryAuditSink());
        console = ApprovalConsole.start(desk, SecretMasker.of("sk-live-SECRET-0123456789"), new InetSocketAddress("127.0.0.1", 0),
                Duration.ofMinutes(15), Duration.ofHours(8));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chrome-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1000, 760));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private void open(String path) {
        browser.get(console.uri().resolve(path).toString());
    }

    private void signIn(String name, String password) {
        browser.manage().deleteAllCookies();
        open("/login");
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        // The password hash takes a moment: wait for the page that answers the sign-in.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                !d.findElements(By.id("reviewer")).isEmpty() || d.getPageSource().contains("Wrong name or password"));
    }

    /**
     * Clicks what leads to another page and waits until that page has {@code expected}: a click on a
     * link or a form's button returns before the browser has loaded the answer, and looking at once
     * finds the old page (or nothing).
     */
    private WebElement clickThrough(By target, By expected) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(target).click();
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.stalenessOf(page));
        return wait.until(ExpectedConditions.presenceOfElementLocated(expected));
    }

    private void shot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(shots.resolve(name + ".png"), png);
    }

    @Test
    void reviewerSignsInSeesTheFlagsApprovesAndTheResumedRunCompletes() throws Exception {
        Path script = Files.writeString(dir.resolve("script.yaml"), """
                - calls: [ { id: del-report, tool: delete_file, args: { path: report.txt } } ]
                - finish: report removed
                """);
        AgentProcess.Result first = AgentProcess.run("run", work.toString(), root.toString(), script.toString());
        assertThat(first.exit()).as(first.output()).isEqualTo(7);
        String runId = first.runId();
        StoredRequest request = store.ofRun(runId).get(0);

        open("/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        shot("console-sign-in");
        signIn("alice", "wrong");
        assertThat(browser.getPageSource()).contains("Wrong name or password");
        signIn("alice", "correct horse");
        assertThat(browser.findElement(By.id("reviewer")).getText()).isEqualTo("alice");
        String list = browser.findElement(By.id("pending")).getText();
        assertThat(list).contains(request.id(), "delete_file", "IRREVERSIBLE");
        shot("console-pending");

        // A forged POST from elsewhere, with alice's session but without the form's CSRF token, is refused.
        String session = browser.manage().getCookieNamed("leash_session").getValue();
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        console.uri().resolve("/requests/" + request.id() + "/decide"))
                .header("Cookie", "leash_session=" + session).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=approve&hash=" + request.request().callHash())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF");
        assertThat(store.find(request.id()).orElseThrow().status()).isEqualTo(StoredRequest.Status.PENDING);

        assertThat(clickThrough(By.linkText(request.id()), By.id("arguments")).getText()).contains("report.txt");
        assertThat(browser.getPageSource()).contains(request.request().callHash());
        assertThat(browser.findElement(By.id("goal")).getText()).isEqualTo("tidy the workspace");
        shot("console-request");
        assertThat(clickThrough(By.id("approve"), By.id("message")).getText()).isEqualTo("approved " + request.id());
        assertThat(root.resolve("report.txt")).exists();

        AgentProcess.Result second = AgentProcess.run("resume", work.toString(), root.toString(), script.toString(), runId);
        assertThat(second.exit()).as(second.output()).isEqualTo(0);
        open("/runs/" + runId);
        assertThat(browser.findElement(By.id("run-status")).getText()).isEqualTo("COMPLETED");
        assertThat(root.resolve("report.txt")).doesNotExist();
        open("/history");
        assertThat(browser.findElement(By.id("history")).getText()).contains(request.id(), "approved", "alice");
        shot("console-history");
    }

    @Test
    void flagsComeFirstEscapedAndSecretsMaskedAndAReviewerOutOfScopeSeesNothing() throws Exception {
        var flagged = dev.leash.approvals.testing.Requests.flagged("run-x", "call-1", "ops@example.com", Duration.ofHours(1));
        var withSecret = dev.leash.approvals.testing.Requests.flagged("run-x", "call-2", "ops@example.com", Duration.ofHours(1));
        String id = store.submit(flagged, "inbox");
        store.submit(dev.leash.api.approval.ApprovalRequest.of("run-y", "ops@example.com", dev.leash.api.SafetyLevel.LEVEL_2,
                dev.leash.api.tool.ToolCall.of("c9", "http_post", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                        .objectNode().put("url", "https://api.example.com").put("body", "key=sk-live-SECRET-0123456789")),
                dev.leash.api.tool.Impact.WRITE, "impact-gate", "WRITE needs a human", List.of(), java.time.Instant.now()), "ops");

        signIn("alice", "correct horse");
        List<String> rows = browser.findElements(By.cssSelector("#pending tr")).stream().map(e -> e.getText()).toList();
        assertThat(rows.get(1)).as("risk-flagged first").contains(id, "taint");
        assertThat(rows.get(2)).contains("routine", "http_post");
        String flags = clickThrough(By.linkText(id), By.id("flags")).getText();
        assertThat(flags).contains("taint", "mail m7 from x@evil.example", "<script>alert(1)</script> pay DE89 now");
        assertThat(browser.getPageSource()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;");
        shot("console-request-flagged");
        String secretId = store.ofRun("run-y").get(0).id();
        open("/requests/" + secretId);
        assertThat(browser.findElement(By.id("arguments")).getText()).contains("[REDACTED]").doesNotContain("sk-live-SECRET");

        signIn("mallory", "battery staple");
        assertThat(browser.findElement(By.id("reviewer")).getText()).isEqualTo("mallory");
        assertThat(browser.getPageSource()).doesNotContain(id).contains("Nothing waits for you");
        open("/requests/" + id);
        assertThat(browser.getPageSource()).contains("no request").doesNotContain("send_email");
        assertThat(browser.findElements(By.id("approve"))).isEmpty();
        assertThat(withSecret.callHash()).isNotEmpty();
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(StoredRequest.Status.PENDING);
    }
}
