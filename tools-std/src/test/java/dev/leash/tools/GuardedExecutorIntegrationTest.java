package dev.leash.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.leash.api.plan.Observation;
import dev.leash.api.policy.Decision;
import dev.leash.api.policy.Policy;
import dev.leash.api.policy.ProposedCall;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.CredentialProvider;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.ToolCall;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.exec.GuardedExecutor;
import dev.leash.core.exec.PolicyChain;
import dev.leash.core.tool.ToolRegistry;
import dev.leash.tools.file.FileToolsConfig;
import dev.leash.tools.http.HostResolver;
import dev.leash.tools.http.HttpToolsConfig;
import dev.leash.tools.http.HttpTransport;
import dev.leash.tools.mail.MailToolsConfig;
import dev.leash.tools.sql.SqlToolsConfig;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The standard tools behind agent-core's guarded executor, with a permissive policy chain. */
class GuardedExecutorIntegrationTest {

    private static final String ALEX = "alex@novastar.example";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    @RegisterExtension
    static WireMockExtension stub = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path root;

    private final List<ProposedCall> seen = new CopyOnWriteArrayList<>();
    private Connection database;
    private GuardedExecutor executor;
    private dev.leash.core.loop.DefaultRunContext run;

    @BeforeEach
    void deployment() throws Exception {
        String url = "jdbc:h2:mem:" + UUID.randomUUID();
        database = DriverManager.getConnection(url, "owner", "owner-pw");
        try (Statement s = database.createStatement()) {
            s.execute("CREATE TABLE t(id INT)");
        }
        greenMail.setUser(ALEX, ALEX, "alex-pw");
        deliverSpecs();
        Files.createDirectories(root.resolve("workspace"));

        CredentialProvider credentials = TestContext.provider(
                new Credential("imap", ALEX, "alex-pw", Impact.READ),
                new Credential("smtp", ALEX, "alex-pw", Impact.IRREVERSIBLE),
                new Credential("jdbc", "owner", "owner-pw", Impact.READ),
                new Credential("jdbc", "owner", "owner-pw", Impact.IRREVERSIBLE));
        StandardTools.Config config = new StandardTools.Config(
                FileToolsConfig.of(root).withPaths(List.of("workspace/**")),
                HttpToolsConfig.ofDefaults().withHosts(List.of("wiki.novastar.example")).withAllowedAddresses(List.of("203.0.113.0/24")),
                MailToolsConfig.of(
                        MailToolsConfig.Server.of("127.0.0.1", greenMail.getImap().getPort(), MailToolsConfig.Security.PLAIN),
                        MailToolsConfig.Server.of("127.0.0.1", greenMail.getSmtp().getPort(), MailToolsConfig.Security.PLAIN)),
                SqlToolsConfig.of(url),
                HostResolver.fixed(Map.of("wiki.novastar.example", "203.0.113.20")),
                HttpTransport.routedTo(URI.create(stub.baseUrl())),
                credentials);
        Policy record = call -> {
            seen.add(call);
            return Optional.empty();
        };
        Policy permissive = call -> Optional.of(Decision.allow("test.permissive", "everything is allowed in this test"));
        executor = GuardedExecutor.builder()
                .registry(new ToolRegistry(StandardTools.all(config)))
                .policies(PolicyChain.of(record, permissive))
                .audit(new InMemoryAuditSink())
                .credentials(credentials)
                .build();
        run = dev.leash.core.loop.DefaultRunContext.of("alex@novastar.example", dev.leash.api.SafetyLevel.LEVEL_2);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private void deliverSpecs() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("cto@novastar.example"));
        message.setRecipients(Message.RecipientType.TO, ALEX);
        message.setSubject("Specs");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Specs attached.");
        multipart.addBodyPart(text);
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setText("QS-7731-ALPHA");
        attachment.setFileName("spec.txt");
        attachment.setDisposition(MimeBodyPart.ATTACHMENT);
        multipart.addBodyPart(attachment);
        message.setContent(multipart);
        message.saveChanges();
        message.setHeader("Message-ID", "<m1>");
        greenMail.getUserManager().getUser(ALEX).deliver(message);
    }

    private Observation execute(String tool, String... args) {
        ObjectNode arguments = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < args.length; i += 2) {
            arguments.put(args[i], args[i + 1]);
        }
        Observation observation = executor.execute(ToolCall.of(tool, arguments), run);
        run.observe(observation);
        return observation;
    }

    @Test
    void offersAllTwelveToolsIncludingSqlAtItsLowestImpact() {
        assertThat(executor.offeredTools()).extracting(s -> s.name()).containsExactlyInAnyOrderElementsOf(StandardTools.NAMES);
    }

    @Test
    void forwardThroughTheExecutorShowsThePoliciesTheAttachmentAndDeliversIt() throws Exception {
        Observation observation = execute("forward_email", "id", "m1", "to", "\"cto@novastar.example\" <secure@starsentinel.example>");

        assertThat(observation.status()).isEqualTo(Observation.Status.OK);
        ProposedCall proposed = seen.get(0);
        assertThat(proposed.impact()).isEqualTo(Impact.IRREVERSIBLE);
        assertThat(proposed.targets()).containsExactly(Target.recipient("secure@starsentinel.example"));
        assertThat(proposed.outbound().parts()).extracting(OutboundContent.Part::text).contains("QS-7731-ALPHA");
        MimeMessage[] arrived = greenMail.findReceivedMessages(u -> u.getEmail().endsWith("@starsentinel.example"), m -> true)
                .toArray(MimeMessage[]::new);
        assertThat(arrived).hasSize(1);
        MimeMultipart parts = (MimeMultipart) arrived[0].getContent();
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("spec.txt");
        assertThat(new String(parts.getBodyPart(1).getInputStream().readAllBytes())).isEqualTo("QS-7731-ALPHA");
    }

    @Test
    void readInboxThroughTheExecutorIsUntrustedContent() {
        Observation observation = execute("read_inbox");

        assertThat(observation.status()).isEqualTo(Observation.Status.OK);
        assertThat(observation.provenance().isUntrusted()).isTrue();
        assertThat(observation.provenance().sources()).containsExactly("email:m1 from cto@novastar.example");
    }

    @Test
    void stackedSqlReachesThePoliciesAsIrreversibleWithItsTables() throws Exception {
        Observation observation = execute("sql_query", "sql", "SELECT 1; DROP TABLE t");

        assertThat(seen.get(0).impact()).isEqualTo(Impact.IRREVERSIBLE);
        assertThat(seen.get(0).targets()).containsExactly(Target.table("t"));
        assertThat(observation.status()).isEqualTo(Observation.Status.OK);
        try (Statement s = database.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'T'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aTraversalIsRefusedAtInspectionBeforeAnyPolicyRuns() throws Exception {
        Files.writeString(root.resolve("secret.txt"), "QS-7731-ALPHA");

        Observation observation = execute("read_file", "path", "workspace/../secret.txt");

        assertThat(observation.status()).isEqualTo(Observation.Status.DENIED);
        assertThat(observation.rule()).contains("file.traversal");
        assertThat(observation.content()).contains("'..'").doesNotContain("QS-7731-ALPHA");
        assertThat(seen).isEmpty();
    }

    @Test
    void aDecimalLoopbackUrlIsRefusedAtInspectionAndNothingIsSent() {
        Observation observation = execute("http_get", "url", "http://2130706433/");

        assertThat(observation.status()).isEqualTo(Observation.Status.DENIED);
        assertThat(observation.content()).contains("127.0.0.1");
        stub.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRedirectToTheMetadataAddressIsARefusalAfterOneRequest() {
        stub.stubFor(get("/page").willReturn(aResponse().withStatus(302).withHeader("Location", "http://169.254.169.254/latest/")));

        Observation observation = execute("http_get", "url", "https://wiki.novastar.example/page");

        // Refused while the tool ran: a refusal under the tool's rule, counted like any other.
        assertThat(observation.status()).isEqualTo(Observation.Status.DENIED);
        assertThat(observation.rule()).contains("http.non-public-address");
        assertThat(observation.content()).contains("169.254.169.254");
        stub.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void writesAFileInsideThePathsAndNotOutside() {
        assertThat(execute("write_file", "path", "workspace/a.txt", "content", "hello").status()).isEqualTo(Observation.Status.OK);
        assertThat(root.resolve("workspace/a.txt")).hasContent("hello");

        Observation outside = execute("write_file", "path", "other/b.txt", "content", "x");
        assertThat(outside.status()).isEqualTo(Observation.Status.DENIED);
        assertThat(root.resolve("other/b.txt")).doesNotExist();
    }

    @Test
    void unknownArgumentsAreRejectedByTheClosedSchema() {
        Observation observation = execute("send_email", "to", "a@novastar.example", "subject", "s", "body", "b", "bcc", "x@evil.example");

        assertThat(observation.status()).isEqualTo(Observation.Status.INVALID_ARGUMENTS);
        assertThat(seen).isEmpty();
    }
}
