package dev.leash.fleet.postgres;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.Step;
import dev.leash.api.run.RunRequest;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolMethod;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.TierModule;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.config.LeashConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One replica, in a JVM of its own: a Level 2 agent whose {@code leash.yaml} puts its limits on
 * the PostgreSQL store at {@code args[1]} (user and password in {@code LEASH_STORE_USER} and
 * {@code LEASH_STORE_PASSWORD}). Prints what its tools did, one line each, as they do it.
 *
 * <ul>
 *   <li>{@code spend URL}: prints {@code READY}, waits for a line on standard input, then runs until the shared budgets are spent: {@code ping} (100 calls a day)
 *       and {@code issue_refund} (500.00 a day of {@code amount}, asked 2.35 then 0.05 each run).
 *   <li>{@code loop URL PRINCIPAL AUDIT}: one long run of {@code tick} calls, until something stops it.
 * </ul>
 */
public final class FleetWorker {

    static final String PRINCIPAL = "support@shop.example";

    public static final class Shop {
        @ToolMethod(name = "ping", description = "Look an order up")
        @Read
        public String ping() {
            say("EXEC ping");
            return "pong";
        }

        @ToolMethod(name = "issue_refund", description = "Refund an order")
        @Irreversible
        public String issueRefund(@Arg("amount in EUR") BigDecimal amount) {
            say("EXEC refund " + amount.toPlainString());
            return "refunded " + amount;
        }

        @ToolMethod(name = "tick", description = "Do a little work")
        @Read
        public String tick() throws InterruptedException {
            say("TICK " + System.currentTimeMillis());
            Thread.sleep(10);
            return "ticked";
        }
    }

    private FleetWorker() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        LeashConfig config = LeashConfig.parse("""
                store:
                  kind: postgres
                  url: "%s"
                  user_env: LEASH_STORE_USER
                  password_env: LEASH_STORE_PASSWORD
                  agent: refunds
                  refresh: 500ms
                safety:
                  tools:
                    ping: { budget: "100/day" }
                    issue_refund: { budget: { argument: amount, max: 500, per: day } }
                """.formatted(url), "leash.yaml");
        if (mode.equals("spend")) {
            spend(config);
        } else {
            loop(config, args[2], Path.of(args[3]));
        }
        System.exit(0);
    }

    private static void spend(LeashConfig config) {
        List<Step> script = ScriptedPlanner.parse("""
                - calls: [ { tool: ping, args: {} } ]
                - calls: [ { tool: issue_refund, args: { amount: 2.35 } } ]
                - calls: [ { tool: issue_refund, args: { amount: 0.05 } } ]
                - finish: done
                """, "spend");
        AgentLoop agent = agent(config, new InMemoryAuditSink(), ScriptedPlanner.factory(script), LoopSettings.defaults());
        // Start together: the test says GO once every replica has its store open.
        say("READY");
        try {
            new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        while (true) {
            RunResult result = agent.run(RunRequest.of("refund what is due", PRINCIPAL));
            var turns = result.turns();
            boolean pingDenied = turns.get(0).observations().get(0).status() != dev.leash.api.plan.Observation.Status.OK;
            boolean smallDenied = turns.size() < 3
                    || turns.get(2).observations().get(0).status() != dev.leash.api.plan.Observation.Status.OK;
            if (pingDenied && smallDenied) {
                result.turns().forEach(t -> t.observations().forEach(o -> say("LAST " + o.status() + " " + o.content())));
                say("DONE");
                return;
            }
        }
    }

    private static void loop(LeashConfig config, String principal, Path audit) throws java.io.IOException {
        List<Step> script = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            script.add(Step.call(ToolCall.of("tick", ToolCall.ARGUMENTS_MAPPER.createObjectNode())));
        }
        script.add(Step.finish("done"));
        try (JsonlAuditSink sink = JsonlAuditSink.open(audit, List.of())) {
            AgentLoop agent = agent(config, sink, ScriptedPlanner.factory(script),
                    LoopSettings.defaults().withMaxSteps(5000));
            RunResult result = agent.run(RunRequest.of("tick", principal));
            say("OUTCOME " + result.outcome() + " " + result.runId());
        }
    }

    private static AgentLoop agent(LeashConfig config, AuditSink audit, PlannerFactory planner, LoopSettings settings) {
        Shop shop = new Shop();
        return Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(SafetyLevel.LEVEL_2, config), new AbstractModule() {
            @Override
            protected void configure() {
                Tools.bind(binder()).addAnnotated(shop);
                bind(AuditSink.class).toInstance(audit);
                bind(LoopSettings.class).toInstance(settings);
                bind(PlannerFactory.class).toInstance(planner);
                TierModule.approvalGate(binder()).toInstance(request -> ApprovalResult.approved("dana", request));
            }
        }).getInstance(AgentLoop.class);
    }

    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
