package dev.leash.examples.refunds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leash.api.audit.AuditEvent;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunResult;
import dev.leash.core.audit.InMemoryAuditSink;
import dev.leash.examples.Deployment;
import dev.leash.examples.ExampleAgents;
import dev.leash.examples.RunsAccess;
import dev.leash.tiers.config.BackendsConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefundsAgentTest {

    @TempDir
    Path work;

    private final InMemoryAuditSink audit = new InMemoryAuditSink();

    /** The refunds in the database, as "order amount", read as the owner. */
    static List<String> refunds(DemoShop shop) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = shop.ownerConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT order_id, amount FROM refunds ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getBigDecimal(2).toPlainString());
            }
        }
        return rows;
    }

    private Deployment start() {
        return ExampleAgents.named("refunds").start(BackendsConfig.none(), Map.of(), work, "support@shop.example");
    }

    @Test
    void levelOneLooksOrdersUpButNoRefundLeaves() throws Exception {
        try (Deployment deployment = start()) {
            RunResult result = RunsAccess.demo(1, "refunds", deployment, audit);

            assertThat(refunds(deployment.backend(DemoShop.class).orElseThrow())).isEmpty();
            assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(result.counts().denials()).isEqualTo(2);
            assertThat(audit.events(AuditEvent.CallDecided.class))
                    .filteredOn(d -> d.tool().equals("issue_refund") && d.decision().equals("deny"))
                    .extracting(AuditEvent.CallDecided::rule).containsOnly("impact-gate");
            assertThat(audit.events(AuditEvent.ExecutionFinished.class)).extracting(AuditEvent.ExecutionFinished::tool)
                    .containsExactly("lookup_order", "sql_query");
        }
    }

    @ParameterizedTest(name = "Level {0}")
    @ValueSource(ints = {2, 3})
    void higherLevelsRefundWhatTheReviewerApprovedAndTheBudgetStopsTheRest(int level) throws Exception {
        try (Deployment deployment = start()) {
            RunResult result = RunsAccess.demo(level, "refunds", deployment, audit);

            assertThat(refunds(deployment.backend(DemoShop.class).orElseThrow())).containsExactly("A-17 59.90");
            assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(result.counts().approvalsGranted()).isEqualTo(1);
            assertThat(audit.events(AuditEvent.CallDecided.class))
                    .filteredOn(d -> d.decision().equals("deny"))
                    .extracting(AuditEvent.CallDecided::rule).containsExactly("safety.tools.issue_refund.budget");
        }
    }

    @Test
    void theReadOnlyLoginCannotInsertARefundEvenIfTheToolRuns() throws Exception {
        try (Deployment deployment = start()) {
            DemoShop shop = deployment.backend(DemoShop.class).orElseThrow();
            RefundDesk desk = new RefundDesk(shop.url());
            var readOnly = RunsAccess.context(dev.leash.api.tool.Impact.READ,
                    new dev.leash.api.tool.Credential("jdbc", DemoShop.READER, shop.readerPassword(),
                            dev.leash.api.tool.Impact.READ));

            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                            desk.issueRefund("A-17", "maria@customer.example", new BigDecimal("10.00"), "test", readOnly))
                    .isInstanceOf(java.sql.SQLException.class)
                    .hasMessageContaining("REFUNDS");
            assertThat(refunds(shop)).isEmpty();
            assertThat(desk.lookupOrder("A-17", readOnly)).contains("total 59.90 EUR");
        }
    }

    @Test
    void refusesARefundAboveWhatIsLeftOnTheOrder() throws Exception {
        try (Deployment deployment = start()) {
            RunResult result = RunsAccess.scripted(2, "refunds", deployment, audit, """
                    - calls: [ { tool: issue_refund, args: { order: A-19, customer: sam@customer.example, amount: 15.00, reason: late } } ]
                    - calls: [ { tool: issue_refund, args: { order: A-19, customer: sam@customer.example, amount: 0.60, reason: late } } ]
                    """);

            assertThat(refunds(deployment.backend(DemoShop.class).orElseThrow())).containsExactly("A-19 15.00");
            assertThat(result.turns().get(1).observations().get(0).content()).contains("exceeds what is left on A-19 (0.50 EUR)");
        }
    }


    @ParameterizedTest(name = "Level {0}")
    @ValueSource(ints = {2, 3})
    void aRefundToAPayeeOutsideTheAllowlistIsDeniedWithoutAskingTheReviewer(int level) throws Exception {
        try (Deployment deployment = start()) {
            RunResult result = RunsAccess.scripted(level, "refunds", deployment, audit, """
                    - calls: [ { tool: issue_refund, args: { order: A-17, customer: refunds@payouts-fast.example, amount: 5, reason: x } } ]
                    """);

            assertThat(refunds(deployment.backend(DemoShop.class).orElseThrow())).isEmpty();
            assertThat(result.turns().get(0).observations().get(0).rule()).contains("allowlist.targets.payee");
            assertThat(result.counts().approvalsRequested()).isZero();
        }
    }

    @Test
    void aRefundIsPaidOnlyToTheOrdersCustomer() throws Exception {
        try (Deployment deployment = start()) {
            RunResult result = RunsAccess.scripted(2, "refunds", deployment, audit, """
                    - calls: [ { tool: issue_refund, args: { order: A-17, customer: li@customer.example, amount: 5, reason: x } } ]
                    """);

            assertThat(refunds(deployment.backend(DemoShop.class).orElseThrow())).isEmpty();
            assertThat(result.turns().get(0).observations().get(0).content()).contains("belongs to another customer");
        }
    }

    @Test
    void aConfiguredDatabaseIsUsedWithTheLoginsFromTheEnvironment() throws Exception {
        try (DemoShop shop = DemoShop.start(work.resolve("elsewhere"))) {
            BackendsConfig backends = new BackendsConfig(java.util.Optional.empty(), java.util.Optional.empty(),
                    java.util.Optional.of(shop.url()));
            Map<String, String> env = Map.of(
                    "LEASH_JDBC_READ_USER", DemoShop.READER, "LEASH_JDBC_READ_PASSWORD", shop.readerPassword(),
                    "LEASH_JDBC_WRITE_USER", DemoShop.REFUNDER, "LEASH_JDBC_WRITE_PASSWORD", shop.refunderPassword());
            try (Deployment deployment = ExampleAgents.named("refunds").start(backends, env, work, "support@shop.example")) {
                RunsAccess.demo(2, "refunds", deployment, audit);

                assertThat(deployment.backend(DemoShop.class)).isEmpty();
                assertThat(deployment.secrets()).contains(shop.readerPassword(), shop.refunderPassword());
            }
            assertThat(refunds(shop)).containsExactly("A-17 59.90");
            assertThat(work.resolve("shop.mv.db")).doesNotExist();
        }
    }

    @Test
    void aConfiguredDatabaseWithoutItsLoginsStopsStartUpNamingTheVariable() {
        BackendsConfig backends = new BackendsConfig(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of("jdbc:h2:mem:none"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        ExampleAgents.named("refunds").start(backends, Map.of(), work, "support@shop.example"))
                .isInstanceOf(dev.leash.api.ConfigurationException.class)
                .hasMessageContaining("LEASH_JDBC_READ_PASSWORD");
    }
}
