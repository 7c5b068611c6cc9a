package dev.leash.integration.spring.boot;

import static dev.leash.core.testing.OpenAiStub.answer;
import static dev.leash.core.testing.OpenAiStub.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.SafetyLevel;
import dev.leash.core.testing.OpenAiStub;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Level 3 by property: an irreversible call waits for the reviewer. */
@TestPropertySource(properties = "leash.safety.level=3")
class StarterLevelThreeTest extends StarterTestSupport {
    @Test
    void asksTheReviewerBeforeSending() throws Exception {
        MODEL.script(List.of(
                toolCall("call_1", "send_email", "{\"to\":\"kim@example.com\",\"subject\":\"Q3\",\"body\":\"numbers\"}"),
                answer("Sent.")));

        assertThat(ask("Send Kim the Q3 numbers")).isEqualTo("Sent.");

        assertThat(reviewer.asked).singleElement().satisfies(request -> {
            assertThat(request.call().tool()).isEqualTo("send_email");
            assertThat(request.principal()).isEqualTo("alex@example.com");
            assertThat(request.level()).isEqualTo(SafetyLevel.LEVEL_3);
        });
        assertThat(mailroom.sent).containsExactly("kim@example.com|Q3");
        auditVerifies();
        assertThat(Files.readString(audit.path())).contains("approval_requested");
    }
}
