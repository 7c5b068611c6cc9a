package dev.leash.integration.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.Write;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.tiers.config.LeashConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.tool.function.FunctionToolCallback;

class LeashToolCallbacksTest {

    public static class Accounts {
        @Tool(name = "balance", description = "The balance of the tenant's account")
        @Read
        public String balance(@ToolParam(description = "account") String account, ToolContext context) {
            return context.getContext().get("tenant") + ":" + account + "=100";
        }

        @Tool(name = "transfer", description = "Move money")
        @Write
        public String transfer(@ToolParam(description = "amount") int amount) {
            return "moved " + amount;
        }
    }

    public static class Unannotated {
        @Tool(name = "wipe", description = "Delete everything")
        public String wipe() {
            return "gone";
        }
    }

    final InMemoryAuditSink audit = new InMemoryAuditSink();

    LeashToolCallbacks tools(SafetyLevel level) {
        return LeashToolCallbacks.builder(level, LeashConfig.defaults()).toolObjects(new Accounts()).audit(audit)
                .alertSink(alert -> { }).build();
    }

    @Test
    void offersOnlyReadToolsAtLevelOneAndRefusesAHiddenOneThroughTheResolver() {
        try (LeashToolCallbacks tools = tools(SafetyLevel.LEVEL_1)) {
            assertThat(tools.offeredNames()).containsExactly("balance");

            String refused = tools.resolver().resolve("transfer").call("{\"amount\":5}");

            assertThat(refused).startsWith("DENIED by rule impact-gate:");
            assertThat(tools.resolver().resolve("nothing_like_it").call("{}")).startsWith("UNKNOWN_TOOL by rule unknown-tool:");
            assertThat(audit.events(AuditEvent.ExecutionStarted.class)).isEmpty();
        }
    }

    @Test
    void theSpringToolContextReachesTheMethodAndNamesTheRun() {
        try (LeashToolCallbacks tools = tools(SafetyLevel.LEVEL_2)) {
            ToolCallback balance = tools.callbacks().get(0);

            String result = balance.call("{\"account\":\"A-1\"}",
                    new ToolContext(Map.of("tenant", "acme", LeashToolCallbacks.CONVERSATION, "c7")));

            assertThat(result).contains("acme:A-1=100");
            assertThat(audit.events(AuditEvent.RunStarted.class)).singleElement()
                    .satisfies(started -> assertThat(started.session()).isEqualTo("c7"));
        }
    }

    @Test
    void aToolWithoutAnImpactIsRefusedAtStartUp() {
        assertThatThrownBy(() -> LeashToolCallbacks.builder(SafetyLevel.LEVEL_2, LeashConfig.defaults())
                .toolObjects(new Unannotated()).audit(audit).build())
                .isInstanceOf(ToolDefinitionException.class).hasMessageContaining("wipe");
    }

    @Test
    void aCallbackWithoutMethodTakesItsImpactFromConfiguration() {
        ToolCallback weather = FunctionToolCallback.builder("weather", (Map<String, Object> in) -> "sunny")
                .description("weather").inputType(Map.class).build();
        assertThatThrownBy(() -> LeashToolCallbacks.builder(SafetyLevel.LEVEL_1, LeashConfig.defaults())
                .toolCallbacks(weather).audit(audit).build())
                .isInstanceOf(ToolDefinitionException.class).hasMessageContaining("weather");
        try (LeashToolCallbacks tools = LeashToolCallbacks.builder(SafetyLevel.LEVEL_1, LeashConfig.defaults())
                .toolCallbacks(weather).impact("weather", Impact.READ).audit(audit).build()) {
            assertThat(tools.offeredNames()).containsExactly("weather");
        }
    }
}
