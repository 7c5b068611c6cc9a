package dev.leash.examples.refunds;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.credential.Credentials;
import dev.leash.tools.sql.SqlToolsConfig;
import dev.leash.tools.sql.SqlToolsModule;

/**
 * The refunds agent: {@code lookup_order} (READ) and {@code issue_refund} (IRREVERSIBLE) from
 * {@link RefundDesk}, {@code sql_query} over the same database, and the database logins by
 * impact. Only wiring: no I/O here.
 */
public final class RefundsAgentModule extends AbstractModule {

    private final RefundDesk desk;
    private final SqlToolsConfig sql;
    private final Credentials credentials;

    public RefundsAgentModule(RefundDesk desk, SqlToolsConfig sql, Credentials credentials) {
        this.desk = requireNonNull(desk, "desk is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
    }

    @Override
    protected void configure() {
        Tools.bind(binder()).addAnnotated(desk);
        install(new SqlToolsModule(sql));
        Credentials.bind(binder()).toInstance(credentials);
    }
}
