package dev.leash.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import org.junit.jupiter.api.Test;

class ToolRegistryTest {

    static class Named implements Tool {
        private final String name;
        private final Impact impact;

        Named(String name, Impact impact) {
            this.name = name;
            this.impact = impact;
        }

        @Override
        public ToolSpec spec() {
            return ToolSpec.of(name, "test tool", impact);
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) {
            return ToolResult.trusted(name);
        }
    }

    public static final class Lookup extends Named {
        public Lookup() {
            super("lookup", Impact.READ);
        }
    }

    @Test
    void toolWithoutImpactIsRefusedNamingTheTool() {
        Tool noImpact = new Named("wire_money", null);

        assertThatThrownBy(() -> ToolRegistry.of(noImpact))
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining("'wire_money'")
                .hasMessageContaining("declares no impact")
                .satisfies(e -> assertThat(((ToolDefinitionException) e).tool()).isEqualTo("wire_money"));
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThatThrownBy(() -> ToolRegistry.of(new Named("send", Impact.WRITE), new Named("send", Impact.READ)))
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining("Two tools are named 'send'");
    }

    @Test
    void invalidNamesAreRefused() {
        assertThatThrownBy(() -> ToolRegistry.of(new Named("send mail!", Impact.WRITE)))
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining("Invalid tool name 'send mail!'");
    }

    @Test
    void guiceMultibindingFeedsTheRegistry() {
        ToolRegistry registry = Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                Tools.bind(binder()).add(Lookup.class).add(new Named("archive", Impact.WRITE));
                Tools.bind(binder()).addAnnotated(new AnnotatedToolsTest.Billing());
            }
        }).getInstance(ToolRegistry.class);

        assertThat(registry.names()).containsExactlyInAnyOrder("lookup", "archive", "issue_refund", "order_status");
        assertThat(registry.find("archive").orElseThrow().spec().impact()).isEqualTo(Impact.WRITE);
    }

    @Test
    void guiceStartupFailsOnAToolWithoutImpact() {
        assertThatThrownBy(() -> Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                Tools.bind(binder()).add(new Named("mystery", null));
                bind(ToolRegistry.class).in(com.google.inject.Scopes.SINGLETON);
            }
        }))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("'mystery' declares no impact");
    }
}
