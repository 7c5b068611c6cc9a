package dev.leash.tools.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Java behind the H2 alias {@code PURGE} the oracle seeds: a function with a side effect, as a user could define. */
public final class OracleFunctions {

    private OracleFunctions() {
    }

    /** Deletes every payment; H2 passes the calling session's connection. */
    public static int purge(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate("DELETE FROM payments");
        }
    }

    /** A function without side effects. */
    public static int safeAdd(int a, int b) {
        return a + b;
    }
}
