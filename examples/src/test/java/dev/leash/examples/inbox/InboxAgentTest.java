package dev.leash.examples.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.audit.AuditEvent;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunResult;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.examples.Deployment;
import dev.leash.examples.ExampleAgents;
import dev.leash.examples.RunsAccess;
import dev.leash.tiers.config.BackendsConfig;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboxAgentTest {

    static final String ALEX = "alex@northwind.example";

    @TempDir
    Path work;

    private final InMemoryAuditSink audit = new InMemoryAuditSink();

    private Deployment start() {
        return ExampleAgents.named("inbox").start(BackendsConfig.none(), Map.of(), work, ALEX);
    }

    /** One entry per message that arrived in someone else's mailbox over SMTP: that mailbox's address. */
    static List<String> sentTo(DemoMailServer server) {
        List<String> to = new ArrayList<>();
        for (var user : server.greenMail().getUserManager().listUser()) {
            if (!user.getEmail().equals(ALEX)) {
                server.greenMail().findReceivedMessages(u -> u == user, m -> true).forEach(m -> to.add(user.getEmail()));
            }
        }
        return to;
    }

    /** Subjects in the principal's Drafts folder, read over IMAP. */
    static List<String> drafts(DemoMailServer server) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(server.host(), server.imapPort(), ALEX, server.password());
        try {
            Folder drafts = store.getFolder("Drafts");
            if (!drafts.exists()) {
                return List.of();
            }
            drafts.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message m : drafts.getMessages()) {
                subjects.add(m.getSubject());
            }
            drafts.close(false);
            return subjects;
        } finally {
            store.close();
        }
    }

    @Test
    void levelOneReadsTheMailButSendsAndDraftsNothingAndEndsTheRunOnPersistence() throws Exception {
        try (Deployment deployment = start()) {
            DemoMailServer server = deployment.backend(DemoMailServer.class).orElseThrow();

            RunResult result = RunsAccess.demo(1, "inbox", deployment, audit);

            assertThat(sentTo(server)).isEmpty();
            assertThat(drafts(server)).isEmpty();
            assertThat(result.outcome()).isEqualTo(Outcome.TERMINATED_BY_POLICY);
            assertThat(audit.events(AuditEvent.ExecutionFinished.class)).extracting(AuditEvent.ExecutionFinished::tool)
                    .containsExactly("read_inbox", "read_email", "lookup_contact");
            assertThat(audit.events(AuditEvent.Incident.class)).extracting(AuditEvent.Incident::rule)
                    .containsExactly("persistence.max_denials");
        }
    }

    @ParameterizedTest(name = "Level {0}")
    @ValueSource(ints = {2, 3})
    void higherLevelsAnswerDanaAndNeverForwardOutsideTheCompany(int level) throws Exception {
        try (Deployment deployment = start()) {
            DemoMailServer server = deployment.backend(DemoMailServer.class).orElseThrow();

            RunResult result = RunsAccess.demo(level, "inbox", deployment, audit);

            assertThat(sentTo(server)).containsExactly("dana@northwind.example");
            assertThat(drafts(server)).containsExactly("Re: Q3 summary for Friday");
            assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
            // Levels 2 and 3 deny the outside recipient outright: no reviewer is asked about it.
            assertThat(audit.events(AuditEvent.CallDecided.class))
                    .filteredOn(d -> d.tool().equals("forward_email") && !d.decision().equals("allow"))
                    .extracting(AuditEvent.CallDecided::rule)
                    .containsExactly("allowlist.email_domains");
            assertThat(audit.events(AuditEvent.ApprovalRequested.class)).extracting(AuditEvent.ApprovalRequested::tool)
                    .doesNotContain("forward_email");
        }
    }

    @Test
    void theDirectoryFindsPeopleByPartOfTheirName() {
        ContactDirectory directory = ContactDirectory.demo();

        assertThat(directory.lookupContact("dana")).isEqualTo("Dana Whitfield <dana@northwind.example>, head of finance");
        assertThat(directory.lookupContact("Zed")).isEqualTo("nobody called 'Zed' in the directory");
        assertThat(directory.lookupContact(" ")).startsWith("nobody called");
    }

    @Test
    void configuredMailServersAreUsedWithTheLoginsFromTheEnvironment() throws Exception {
        try (DemoMailServer server = DemoMailServer.start(ALEX)) {
            BackendsConfig.Server imap = new BackendsConfig.Server(server.host(), server.imapPort(), "plain");
            BackendsConfig.Server smtp = new BackendsConfig.Server(server.host(), server.smtpPort(), "plain");
            BackendsConfig backends = new BackendsConfig(java.util.Optional.of(new BackendsConfig.Mail(imap, smtp,
                    java.util.Optional.of(ALEX))), java.util.Optional.empty(), java.util.Optional.empty());
            Map<String, String> env = Map.of("LEASH_IMAP_USER", ALEX, "LEASH_IMAP_PASSWORD", server.password(),
                    "LEASH_SMTP_USER", ALEX, "LEASH_SMTP_PASSWORD", server.password());
            try (Deployment deployment = ExampleAgents.named("inbox").start(backends, env, work, ALEX)) {
                RunResult result = RunsAccess.demo(2, "inbox", deployment, audit);

                assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
                assertThat(deployment.backend(DemoMailServer.class)).isEmpty();
            }
            assertThat(sentTo(server)).containsExactly("dana@northwind.example");
        }
    }

    @Test
    void configuredMailServersWithoutTheSendingLoginStopStartUpNamingTheVariable() {
        BackendsConfig.Server server = new BackendsConfig.Server("mail.example.com", 993, "tls");
        BackendsConfig backends = new BackendsConfig(java.util.Optional.of(new BackendsConfig.Mail(server, server,
                java.util.Optional.empty())), java.util.Optional.empty(), java.util.Optional.empty());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExampleAgents.named("inbox").start(backends,
                        Map.of("LEASH_IMAP_USER", ALEX, "LEASH_IMAP_PASSWORD", "pw"), work, ALEX))
                .isInstanceOf(dev.leash.api.ConfigurationException.class)
                .hasMessageContaining("LEASH_SMTP_PASSWORD");
    }
}
