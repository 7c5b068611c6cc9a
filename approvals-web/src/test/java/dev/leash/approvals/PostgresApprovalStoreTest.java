package dev.leash.approvals;

import dev.leash.tools.testing.EmbeddedPostgresServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The shared store on a real PostgreSQL (binaries from Maven Central, started for the test). */
class PostgresApprovalStoreTest extends ApprovalStoreContract {

    private static EmbeddedPostgresServer pg;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private ApprovalStore store;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    ApprovalStore store() {
        try {
            String url = pg.createDatabase("approvals_" + DATABASES.incrementAndGet());
            store = ApprovalStore.open(url, EmbeddedPostgresServer.SUPERUSER, EmbeddedPostgresServer.SUPERUSER_PASSWORD);
            return store;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
