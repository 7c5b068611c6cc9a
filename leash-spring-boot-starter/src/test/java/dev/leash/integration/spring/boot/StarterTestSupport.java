package dev.leash.integration.spring.boot;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.leash.core.audit.AuditVerifier;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.core.testing.OpenAiStub;
import dev.leash.integration.springai.LeashToolCallbacks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** The application against a WireMock OpenAI model; each level's test sets {@code leash.safety.level}. */
@SpringBootTest(classes = StarterTestApp.class)
@TestPropertySource(properties = {
        "leash.safety.allow.email_domains[0]=example.com",
        "leash.integration.principal=alex@example.com",
        "leash.integration.tools.draft_email.targets.to=email",
        "leash.integration.tools.send_email.targets.to=email",
        "spring.ai.openai.api-key=test-key",
        "spring.ai.openai.chat.options.model=gpt-4o-mini"})
abstract class StarterTestSupport {

    static final WireMockServer SERVER = start();
    static final OpenAiStub MODEL = new OpenAiStub(SERVER);

    @Autowired
    ChatClient.Builder chat;
    @Autowired
    Mailroom mailroom;
    @Autowired
    StarterTestApp.RecordingReviewer reviewer;
    @Autowired
    LeashToolCallbacks tools;
    @Autowired
    JsonlAuditSink audit;

    String ask(String question) {
        return chat.build().prompt().user(question).call().content();
    }

    void auditVerifies() throws Exception {
        audit.flush();
        assertThat(AuditVerifier.verify(audit.path()).intact()).isTrue();
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    @DynamicPropertySource
    static void model(DynamicPropertyRegistry registry) {
        registry.add("spring.ai.openai.base-url", () -> SERVER.baseUrl() + "/v1");
        registry.add("leash.integration.audit_file", () -> freshAuditFile().toString());
    }

    private static Path freshAuditFile() {
        try {
            return Files.createTempDirectory("leash-starter").resolve("audit.jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
