package dev.leash.tools.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolResult;
import dev.leash.tools.Calls;
import dev.leash.tools.TestContext;
import dev.leash.tools.ToolRefusedException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpToolsTest {

    @RegisterExtension
    static WireMockExtension stub = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    /** Scenario hosts resolve to documentation addresses, or to a private one. */
    private static final HostResolver RESOLVER = HostResolver.fixed(Map.of(
            "api.example.com", "203.0.113.10",
            "wiki.example.com", "203.0.113.11",
            "evil.example", "203.0.113.66",
            "intranet.example.com", "10.0.0.5",
            "rebind.example.com", "::ffff:169.254.169.254"));

    private RecordingTransport transport;
    private HttpToolsConfig config;

    @BeforeEach
    void route() {
        transport = new RecordingTransport(HttpTransport.routedTo(URI.create(stub.baseUrl())));
        config = HttpToolsConfig.ofDefaults()
                .withHosts(List.of("api.example.com", "wiki.example.com", "intranet.example.com", "rebind.example.com"))
                .withAllowedAddresses(List.of("203.0.113.0/24"));
    }

    private HttpGetTool getTool() {
        return new HttpGetTool(config, RESOLVER, transport);
    }

    private HttpPostTool postTool() {
        return new HttpPostTool(config, RESOLVER, transport);
    }

    private static ToolResult run(Tool tool, String... args) throws Exception {
        return tool.execute(Calls.of(tool.spec().name(), args), TestContext.at(tool.spec().impact()));
    }

    private static String ruleOf(Throwable e) {
        return ((ToolRefusedException) e).rule();
    }

    @Test
    void getsAPageFromAnAllowedHostAsUntrustedContent() throws Exception {
        stub.stubFor(get("/page").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<p>hi</p>")));

        ToolResult result = run(getTool(), "url", "https://api.example.com/page");

        assertThat(result.content()).contains("HTTP 200").contains("<p>hi</p>");
        assertThat(result.provenance().isUntrusted()).isTrue();
        assertThat(result.provenance().sources()).containsExactly("http:https://api.example.com/page");
        stub.verify(1, getRequestedFor(urlEqualTo("/page"))
                .withHeader("X-Leash-Original-Url", equalTo("https://api.example.com/page")));
    }

    @Test
    void responsesFromTrustedHostsAreTrusted() throws Exception {
        stub.stubFor(get("/status").willReturn(aResponse().withStatus(200).withBody("all systems normal")));
        config = config.withTrustedHosts(List.of("*.example.com"));

        assertThat(run(getTool(), "url", "https://api.example.com/status").provenance().isUntrusted()).isFalse();
        config = config.withTrustedHosts(List.of("wiki.example.com"));
        assertThat(run(getTool(), "url", "https://api.example.com/status").provenance().isUntrusted()).isTrue();
    }

    @Test
    void theRoutedTransportKeepsPathAndQueryAsWritten() throws Exception {
        stub.stubFor(get(urlEqualTo("/search?q=a%20b&lang=en")).willReturn(aResponse().withStatus(200).withBody("found")));

        assertThat(run(getTool(), "url", "https://wiki.example.com/search?q=a%20b&lang=en").content()).contains("found");
        stub.verify(1, getRequestedFor(urlEqualTo("/search?q=a%20b&lang=en"))
                .withHeader("X-Leash-Original-Url", equalTo("https://wiki.example.com/search?q=a%20b&lang=en")));
        assertThat(transport.carried.get(0).addresses()).extracting(a -> a.getHostAddress()).containsExactly("203.0.113.11");
    }

    @Test
    void postsTheBodyAsJsonAndTheStubReceivesIt() throws Exception {
        stub.stubFor(post("/orders").willReturn(aResponse().withStatus(201).withBody("created")));

        ToolResult result = run(postTool(), "url", "https://api.example.com/orders", "body", "{\"item\":\"disk\"}");

        assertThat(result.content()).contains("HTTP 201").contains("created");
        stub.verify(1, postRequestedFor(urlEqualTo("/orders"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo("{\"item\":\"disk\"}")));
    }

    @Test
    void reportsTheHostAsTargetAndUrlAndBodyAsOutbound() {
        var call = Calls.of("http_post", "url", "https://API.Example.com./x?q=1", "body", "QS-7731");

        assertThat(postTool().targets(call)).containsExactly(Target.host("api.example.com"));
        assertThat(postTool().outbound(call).parts()).extracting(p -> p.text())
                .containsExactly("https://API.Example.com./x?q=1", "QS-7731");
        assertThat(getTool().outbound(Calls.of("http_get", "url", "https://api.example.com/?k=QS-7731")).parts())
                .extracting(p -> p.text()).containsExactly("https://api.example.com/?k=QS-7731");
    }

    @Test
    void refusesAHostThatResolvesToAPrivateAddressWithoutSendingAnything() {
        assertThatThrownBy(() -> run(getTool(), "url", "http://intranet.example.com/admin"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("10.0.0.5")
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.non-public-address"));
        assertThat(transport.carried).isEmpty();
        stub.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesAHostThatResolvesToAnIpv6MappedMetadataAddress() {
        assertThatThrownBy(() -> run(getTool(), "url", "http://rebind.example.com/latest/meta-data/"))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.non-public-address"));
        assertThat(transport.carried).isEmpty();
    }

    @Test
    void refusesLoopbackInDecimalSpellingAndReportsTheRealAddress() {
        HttpGetTool tool = new HttpGetTool(HttpToolsConfig.ofDefaults(), HostResolver.system(), transport);

        assertThatThrownBy(() -> run(tool, "url", "http://2130706433/"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("127.0.0.1")
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.non-public-address"));
        assertThat(transport.carried).isEmpty();
    }

    @Test
    void refusesIpv6MappedLoopback() {
        HttpGetTool tool = new HttpGetTool(HttpToolsConfig.ofDefaults(), HostResolver.system(), transport);

        assertThatThrownBy(() -> run(tool, "url", "http://[::ffff:127.0.0.1]/"))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.non-public-address"));
        assertThat(transport.carried).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7f000001/", "http://127.1/",
        "http://017700000001/", "http://localhost./", "http://[::1]/", "http://[0:0:0:0:0:ffff:7f00:1]/",
        "http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://[::ffff:a9fe:a9fe]/",
        "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/",
        "http://0/", "http://[::]/", "http://224.0.0.1/", "http://255.255.255.255/", "http://[fd00::1]/",
        "http://[fe80::1]/", "http://[ff02::1]/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/",
        "http://198.18.0.1:8080/"})
    void refusesNonPublicAddressesInEverySpelling(String url) {
        HttpGetTool tool = new HttpGetTool(HttpToolsConfig.ofDefaults(), HostResolver.system(), transport);

        assertThatThrownBy(() -> run(tool, "url", url))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.non-public-address"));
        assertThat(transport.carried).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://256.1.1.1/", "http://1.2.3.4.5/", "http://0x100000000/", "http://example.123/",
        "http://[::ffff:127.0.0.1%25eth0]/"})
    void refusesMalformedNumericHosts(String url) {
        HttpGetTool tool = new HttpGetTool(HttpToolsConfig.ofDefaults(), HostResolver.system(), transport);

        assertThatThrownBy(() -> run(tool, "url", url)).isInstanceOf(ToolRefusedException.class);
        assertThat(transport.carried).isEmpty();
    }

    @Test
    void targetOfANumericSpellingIsTheCanonicalAddress() {
        HttpGetTool tool = new HttpGetTool(HttpToolsConfig.ofDefaults().withAllowPrivate(true), HostResolver.system(), transport);

        assertThat(tool.targets(Calls.of("http_get", "url", "http://2130706433/"))).containsExactly(Target.host("127.0.0.1"));
    }

    @Test
    void refusesARedirectFromAnAllowedHostToTheMetadataAddress() {
        stub.stubFor(get("/start").willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/iam/security-credentials/")));

        assertThatThrownBy(() -> run(getTool(), "url", "https://api.example.com/start"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("redirect")
                .hasMessageContaining("169.254.169.254")
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.non-public-address"));
        assertThat(transport.carried).extracting(r -> r.uri().toString()).containsExactly("https://api.example.com/start");
        stub.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void refusesARedirectToAHostResolvingPrivately() {
        stub.stubFor(get("/start").willReturn(aResponse().withStatus(301).withHeader("Location", "http://intranet.example.com/")));

        assertThatThrownBy(() -> run(getTool(), "url", "https://api.example.com/start"))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.non-public-address"));
        assertThat(transport.carried).hasSize(1);
    }

    @Test
    void followsARedirectOnAnAllowedHostCheckingEachHop() throws Exception {
        stub.stubFor(get("/old").willReturn(aResponse().withStatus(301).withHeader("Location", "/new")));
        stub.stubFor(get("/new").willReturn(aResponse().withStatus(200).withBody("fresh")));

        ToolResult result = run(getTool(), "url", "https://api.example.com/old");

        assertThat(result.content()).contains("fresh");
        assertThat(result.provenance().sources()).containsExactly("http:https://api.example.com/old", "http:https://api.example.com/new");
        stub.verify(1, getRequestedFor(urlEqualTo("/new")));
    }

    @Test
    void turnsAPostInto303RedirectIntoAGetWithoutTheBody() throws Exception {
        stub.stubFor(post("/submit").willReturn(aResponse().withStatus(303).withHeader("Location", "/done")));
        stub.stubFor(get("/done").willReturn(aResponse().withStatus(200).withBody("ok")));

        run(postTool(), "url", "https://api.example.com/submit", "body", "x=1");

        stub.verify(1, getRequestedFor(urlEqualTo("/done")));
        assertThat(transport.carried.get(1).body()).isNull();
    }

    @Test
    void refusesARedirectToAHostOutsideTheToolAllowlist() {
        stub.stubFor(get("/start").willReturn(aResponse().withStatus(302).withHeader("Location", "https://evil.example/collect")));

        assertThatThrownBy(() -> run(getTool(), "url", "https://api.example.com/start"))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.host-not-allowed"));
        assertThat(transport.carried).hasSize(1);
    }

    @Test
    void withoutAToolAllowlistRedirectsMustStayOnTheFirstHost() {
        config = config.withHosts(List.of());
        stub.stubFor(get("/start").willReturn(aResponse().withStatus(302).withHeader("Location", "https://evil.example/collect")));

        assertThatThrownBy(() -> run(getTool(), "url", "https://api.example.com/start"))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.redirect-other-host"));
        assertThat(transport.carried).hasSize(1);
    }

    @Test
    void aToolAllowlistOfAnyHostLetsNoRedirectLeaveTheFirstHost() {
        config = config.withHosts(List.of("*"));
        stub.stubFor(get("/start").willReturn(aResponse().withStatus(302).withHeader("Location", "https://evil.example/collect")));

        assertThatThrownBy(() -> run(getTool(), "url", "https://api.example.com/start"))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("evil.example")
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.redirect-other-host"));
        assertThat(transport.carried).hasSize(1);
    }

    @Test
    void aRedirectToAHostTheToolListNamesIsFollowed() throws Exception {
        config = config.withHosts(List.of("api.example.com", "*.example.com"));
        stub.stubFor(get("/start").willReturn(aResponse().withStatus(302).withHeader("Location", "https://wiki.example.com/f")));
        stub.stubFor(get("/f").willReturn(aResponse().withStatus(200).withBody("file")));

        assertThat(run(getTool(), "url", "https://api.example.com/start").content()).contains("file");
        assertThat(transport.carried).hasSize(2);
    }

    @Test
    void refusesEndlessRedirects() {
        stub.stubFor(get("/loop").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop")));

        assertThatThrownBy(() -> run(new HttpGetTool(config.withMaxRedirects(3), RESOLVER, transport), "url", "https://api.example.com/loop"))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.too-many-redirects"));
        assertThat(transport.carried).hasSize(4);
    }

    @Test
    void refusesAHostOutsideTheToolAllowlistBeforeResolvingIt() {
        assertThatThrownBy(() -> getTool().targets(Calls.of("http_get", "url", "https://evil.example/x")))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.host-not-allowed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "gopher://api.example.com/", "ftp://api.example.com/x", "//api.example.com/x",
        "https://api.example.com@evil.example/", "https://user:pw@api.example.com/", "not a url"})
    void refusesOtherSchemesUserInfoAndGarbage(String url) {
        assertThatThrownBy(() -> run(getTool(), "url", url)).isInstanceOf(ToolRefusedException.class);
        assertThat(transport.carried).isEmpty();
    }

    @Test
    void cutsOffAResponseAboveTheSizeLimit() throws Exception {
        stub.stubFor(get("/big").willReturn(aResponse().withStatus(200).withBody("x".repeat(5000))));

        ToolResult result = run(new HttpGetTool(config.withMaxResponseBytes(100), RESOLVER, transport), "url", "https://api.example.com/big");

        assertThat(result.content()).contains("cut off after 100 bytes").doesNotContain("x".repeat(101));
    }

    @Test
    void givesUpWhenTheServerIsTooSlow() {
        stub.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("late")));

        assertThatThrownBy(() -> run(new HttpGetTool(config.withTimeout(Duration.ofMillis(300)), RESOLVER, transport),
                "url", "https://api.example.com/slow"))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
    }

    @Test
    void systemResolverRefusesANameThatResolvesToLoopback() {
        HttpGetTool tool = new HttpGetTool(HttpToolsConfig.ofDefaults(), HostResolver.system(), transport);

        assertThatThrownBy(() -> run(tool, "url", "http://localhost:" + stub.getPort() + "/"))
                .isInstanceOf(ToolRefusedException.class)
                .satisfies(e -> assertThat(ruleOf(e)).isEqualTo("http.non-public-address"));
        stub.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void allowPrivateLetsTheDefaultTransportReachALoopbackStub() throws Exception {
        stub.stubFor(get("/health").willReturn(aResponse().withStatus(200).withBody("up")));
        HttpGetTool tool = new HttpGetTool(HttpToolsConfig.ofDefaults().withAllowPrivate(true), HostResolver.system(),
                HttpTransport.javaNet());

        assertThat(run(tool, "url", stub.baseUrl() + "/health").content()).contains("up");
        stub.verify(1, getRequestedFor(urlEqualTo("/health")));
    }

    @Test
    void theDefaultTransportReachesALoopbackStubWhenPrivateAddressesAreAllowed() throws Exception {
        stub.stubFor(get("/health").willReturn(aResponse().withStatus(200).withBody("up")));
        HttpGetTool tool = new HttpGetTool(HttpToolsConfig.ofDefaults().withAllowPrivate(true), HostResolver.system(),
                HttpTransport.system());

        assertThat(run(tool, "url", stub.baseUrl() + "/health").content()).contains("up");
        stub.verify(1, getRequestedFor(urlEqualTo("/health")));
    }

    @Test
    void theDefaultTransportConnectsToTheCheckedAddressAndNeverResolvesTheNameAgain() throws Exception {
        // The name exists only in the tools' resolver: connecting by name would fail. Reaching the
        // stub shows the connection went to the address that was checked (a rebinding name's
        // second answer is never asked for), and the request still names the host it was for.
        stub.stubFor(get("/health").willReturn(aResponse().withStatus(200).withBody("pinned")));
        HostResolver checked = HostResolver.fixed(Map.of("api.pinned-only.example", "127.0.0.1"));
        HttpGetTool tool = new HttpGetTool(HttpToolsConfig.ofDefaults().withHosts(List.of("api.pinned-only.example"))
                .withAllowedAddresses(List.of("127.0.0.1/32")), checked, HttpTransport.system());

        assertThat(run(tool, "url", "http://api.pinned-only.example:" + stub.getPort() + "/health").content()).contains("pinned");
        stub.verify(1, getRequestedFor(urlEqualTo("/health"))
                .withHeader("Host", com.github.tomakehurst.wiremock.client.WireMock.equalTo("api.pinned-only.example:" + stub.getPort())));
        HttpGetTool byName = new HttpGetTool(HttpToolsConfig.ofDefaults().withHosts(List.of("api.pinned-only.example"))
                .withAllowedAddresses(List.of("127.0.0.1/32")), checked, HttpTransport.javaNet());
        assertThatThrownBy(() -> run(byName, "url", "http://api.pinned-only.example:" + stub.getPort() + "/health"))
                .as("a transport that resolves the name again does not reach the checked address").isInstanceOf(Exception.class);
    }

    @Test
    void theDefaultTransportSendsAPostOnceAndCutsALongBody() throws Exception {
        stub.stubFor(post("/submit").willReturn(aResponse().withStatus(500)));
        stub.stubFor(get("/big").willReturn(aResponse().withStatus(200).withBody("x".repeat(100_000))));
        HttpToolsConfig local = HttpToolsConfig.ofDefaults().withAllowPrivate(true).withMaxResponseBytes(1000);

        run(new HttpPostTool(local, HostResolver.system(), HttpTransport.system()), "url", stub.baseUrl() + "/submit", "body", "x=1");
        ToolResult big = run(new HttpGetTool(local, HostResolver.system(), HttpTransport.system()), "url", stub.baseUrl() + "/big");

        stub.verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/submit"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalTo("x=1")));
        assertThat(big.content()).contains("x".repeat(1000)).doesNotContain("x".repeat(1001));
    }

    @Test
    void constructingTheToolsSendsNothing() {
        new HttpGetTool(config, RESOLVER, transport);
        new HttpPostTool(config, RESOLVER, transport);

        assertThat(transport.carried).isEmpty();
        assertThat(getTool().spec().impact()).isEqualTo(Impact.READ);
        assertThat(postTool().spec().impact()).isEqualTo(Impact.WRITE);
    }
}
