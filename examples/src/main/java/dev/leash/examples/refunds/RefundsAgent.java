package dev.leash.examples.refunds;

import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Impact;
import com.google.inject.Module;
import dev.leash.examples.Deployment;
import dev.leash.examples.Env;
import dev.leash.examples.ExampleAgent;
import dev.leash.tiers.config.BackendsConfig;
import dev.leash.tiers.credential.Credentials;
import dev.leash.tools.sql.SqlToolsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Customer support that can refund: {@code lookup_order}, {@code sql_query}, {@code issue_refund}.
 *
 * <p>Embedded: an H2 file database under the work directory ({@link DemoShop}), with a login per
 * impact (read; add order notes; refund). Configured:
 * {@code backends.database.url}, with the read-only login in {@code LEASH_JDBC_READ_USER} /
 * {@code LEASH_JDBC_READ_PASSWORD} and the login that may insert refunds in {@code
 * LEASH_JDBC_WRITE_USER} / {@code LEASH_JDBC_WRITE_PASSWORD}.
 */
public final class RefundsAgent implements ExampleAgent {

    @Override
    public String name() {
        return "refunds";
    }

    @Override
    public String description() {
        return "customer support: looks orders up and issues refunds (issue_refund is irreversible)";
    }

    @Override
    public String defaultPrincipal() {
        return "support@shop.example";
    }

    @Override
    public String instructions() {
        return "You are a customer support agent for an online shop. Look the order up before you refund it; refund at"
                + " most what the order is worth, and only when the customer has a reason. Tables: orders(id, customer,"
                + " total, status), refunds(order_id, amount, reason).";
    }

    @Override
    public Module listingModule() {
        return module("jdbc:none", Credentials.builder().build());
    }

    @Override
    public Deployment start(BackendsConfig backends, Map<String, String> env, Path workDir, String principal) {
        if (backends.databaseUrl().isPresent()) {
            String url = backends.databaseUrl().get();
            String readPassword = Env.require(env, "LEASH_JDBC_READ_PASSWORD", "the password of the read-only login");
            String writePassword = Env.require(env, "LEASH_JDBC_WRITE_PASSWORD", "the password of the login that may insert refunds");
            Credentials credentials = Credentials.builder()
                    .add(new Credential(RefundDesk.SERVICE, Env.require(env, "LEASH_JDBC_READ_USER",
                            "the database login that may only read orders and refunds"), readPassword, Impact.READ))
                    .add(new Credential(RefundDesk.SERVICE, Env.require(env, "LEASH_JDBC_WRITE_USER",
                            "the database login that may insert refunds"), writePassword, Impact.IRREVERSIBLE))
                    .build();
            return new Deployment(module(url, credentials), List.of("database: " + url), List.of(readPassword, writePassword),
                    () -> { }, List.of());
        }
        DemoShop shop = DemoShop.start(workDir);
        Credentials credentials = Credentials.builder()
                .add(new Credential(RefundDesk.SERVICE, DemoShop.READER, shop.readerPassword(), Impact.READ))
                .add(new Credential(RefundDesk.SERVICE, DemoShop.CLERK, shop.clerkPassword(), Impact.WRITE))
                .add(new Credential(RefundDesk.SERVICE, DemoShop.REFUNDER, shop.refunderPassword(), Impact.IRREVERSIBLE))
                .build();
        return new Deployment(module(shop.url(), credentials),
                List.of("database: embedded H2 " + shop.url() + " (tables orders, refunds, order_notes; demo orders A-17, A-18, A-19;"
                        + " reset at each start)"),
                List.of(shop.readerPassword(), shop.clerkPassword(), shop.refunderPassword()), shop, List.of(shop));
    }

    private static RefundsAgentModule module(String url, Credentials credentials) {
        return new RefundsAgentModule(new RefundDesk(url), SqlToolsConfig.of(url), credentials);
    }
}
