package dev.leash.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolDefinitionException;
import dev.leash.api.tool.ToolMethod;
import dev.leash.api.tool.Write;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.config.LeashConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The builder gives the agent a Guice deployment gives, and reports errors where they are. */
class AgentBuilderTest {

    /** One tool of each impact, each noting what it did. */
    public static final class Shop {
        final List<String> done = new CopyOnWriteArrayList<>();

        @ToolMethod(name = "order_status", description = "Where an order is")
        @Read
        public String status(@Arg("order id") String order) {
            return order + ": shipped";
        }

        @ToolMethod(name = "add_note", description = "Add a note to an order")
        @Write
        public String note(@Arg("order id") String order, @Arg("the note") String note, ToolContext context) {
            done.add("note " + order);
            context.record("note on " + order + ": " + note);
            return "noted";
        }

        @ToolMethod(name = "refund", description = "Refund an order")
        @Irreversible
        public String refund(@Arg("order id") String order) {
            done.add("refund " + order);
            return "refunded";
        }
    }

    public static final class NoImpact {
        @ToolMethod(name = "wipe", description = "Wipe everything")
        public String wipe(@Arg("what") String what) {
            return what;
        }
    }

    private static final String SCRIPT = """
            - calls: [ { tool: order_status, args: { order: A-1 } } ]
            - calls: [ { tool: add_note, args: { order: A-1, note: called } } ]
            - calls: [ { tool: refund, args: { order: A-1 } } ]
            - finish: done
            """;

    @Test
    void buildsALevelTwoAgentThatAsksBeforeTheIrreversibleCall() {
        Shop shop = new Shop();
        List<String> asked = new CopyOnWriteArrayList<>();
        List<String> notes = new CopyOnWriteArrayList<>();
        AgentLoop agent = Leash.agent()
                .tools(shop)
                .level(SafetyLevel.LEVEL_2)
                .script(ScriptedPlanner.parse(SCRIPT, "test"))
                .approvalGate(request -> {
                    asked.add(request.call().tool());
                    return ApprovalResult.rejected("dana", "not today");
                })
                .recorder((run, tool, what) -> notes.add(tool + ": " + what))
                .audit(new InMemoryAuditSink())
                .build();

        RunResult result = agent.run(RunRequest.of("handle A-1", "support@shop.example"));

        assertThat(shop.done).containsExactly("note A-1");
        assertThat(asked).containsExactly("refund");
        assertThat(notes).containsExactly("add_note: note on A-1: called");
        assertThat(result.turns().get(2).observations().get(0).status()).isEqualTo(Observation.Status.DENIED);
    }

    @Test
    void levelOneDoesNotRunTheWriteOrTheIrreversibleCall() {
        Shop shop = new Shop();
        InMemoryAuditSink audit = new InMemoryAuditSink();
        AgentLoop agent = Leash.agent().tools(shop).level(SafetyLevel.LEVEL_1)
                .script(ScriptedPlanner.parse(SCRIPT, "test")).audit(audit).build();

        agent.run(RunRequest.of("handle A-1", "support@shop.example"));

        assertThat(shop.done).isEmpty();
        assertThat(audit.events(AuditEvent.ExecutionStarted.class)).extracting(AuditEvent.ExecutionStarted::tool)
                .containsExactly("order_status");
    }

    @Test
    void theBuilderAndAGuiceDeploymentGiveTheSameDecisions() {
        Shop viaBuilder = new Shop();
        Shop viaGuice = new Shop();
        PlannerFactory script = ScriptedPlanner.factory(ScriptedPlanner.parse(SCRIPT, "test"));
        RunResult built = Leash.agent().tools(viaBuilder).level(SafetyLevel.LEVEL_3).planner(script)
                .audit(new InMemoryAuditSink()).build().run(RunRequest.of("handle A-1", "p@shop.example"));
        RunResult wired = Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(SafetyLevel.LEVEL_3, LeashConfig.defaults()),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        binder().requireExplicitBindings();
                        Tools.bind(binder()).addAnnotated(viaGuice);
                        bind(AuditSink.class).toInstance(new InMemoryAuditSink());
                        bind(PlannerFactory.class).toInstance(script);
                        bind(LoopSettings.class).toInstance(LoopSettings.defaults());
                        bind(AgentLoop.class);
                    }
                }).getInstance(AgentLoop.class).run(RunRequest.of("handle A-1", "p@shop.example"));

        assertThat(statuses(built)).isEqualTo(statuses(wired)).contains(Observation.Status.DENIED);
        assertThat(viaBuilder.done).isEqualTo(viaGuice.done);
    }

    @Test
    void aToolWithoutImpactIsRefusedWhenAddedNamingClassAndMethod() {
        assertThatThrownBy(() -> Leash.agent().tools(new NoImpact()))
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining(NoImpact.class.getName() + ".wipe")
                .hasMessageContaining("@Read, @Write or @Irreversible");
    }

    @Test
    void aMisspelledToolUnderSafetyToolsIsAnErrorListingTheTools() {
        LeashConfig config = LeashConfig.parse("""
                safety:
                  tools:
                    refnud: { rate: "1/min" }
                """, "leash.yaml");
        assertThatThrownBy(() -> Leash.agent().tools(new Shop()).config(config).level(SafetyLevel.LEVEL_2)
                .script(List.of()).audit(AuditSink.discarding()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("safety.tools.refnud")
                .hasMessageContaining("leash.yaml")
                .hasMessageContaining("add_note, order_status, refund")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aShortSecretIsOneConfigurationErrorNotAGuiceDump() {
        LeashConfig config = LeashConfig.parse("""
                safety:
                  secrets:
                    values: [ "abc" ]
                """, "leash.yaml");
        assertThatThrownBy(() -> Leash.agent().tools(new Shop()).config(config).level(SafetyLevel.LEVEL_2)
                .script(List.of()).audit(AuditSink.discarding()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("safety.secrets")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Guice"));
    }

    @Test
    void aBadToolInAGuiceDeploymentIsReportedAloneNotAmongTheBindingsItsModuleNeverMade() {
        // The tool fails inside configure(), so the rest of this module (the audit sink, the planner) is never bound.
        RuntimeException failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () ->
                Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(SafetyLevel.LEVEL_2, LeashConfig.defaults()),
                        new AbstractModule() {
                            @Override
                            protected void configure() {
                                binder().requireExplicitBindings();
                                Tools.bind(binder()).addAnnotated(new NoImpact());
                                bind(AuditSink.class).toInstance(new InMemoryAuditSink());
                                bind(PlannerFactory.class).toInstance(ScriptedPlanner.factory(List.of()));
                                bind(LoopSettings.class).toInstance(LoopSettings.defaults());
                                bind(AgentLoop.class);
                            }
                        }));
        assertThat(failure.getMessage()).contains("AuditSink");

        assertThat(StartupErrors.unwrap(failure))
                .isInstanceOf(ToolDefinitionException.class)
                .hasMessageContaining(NoImpact.class.getName() + ".wipe")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AuditSink"));
    }

    @Test
    void saysWhatIsMissing() {
        assertThatThrownBy(() -> Leash.agent().tools(new Shop()).audit(AuditSink.discarding()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("planner");
        assertThatThrownBy(() -> Leash.agent().tools(new Shop()).script(List.of()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audit sink");
    }

    @Test
    void levelComesFromTheConfigurationWhenNotSet() {
        LeashConfig config = LeashConfig.parse("safety:\n  level: 3\n", "leash.yaml");
        assertThat(Leash.agent().config(config).environment(java.util.Map.of()).levelSelection().level())
                .isEqualTo(SafetyLevel.LEVEL_3);
    }

    private static List<Observation.Status> statuses(RunResult result) {
        return result.turns().stream().flatMap(t -> t.observations().stream()).map(Observation::status).toList();
    }
}
