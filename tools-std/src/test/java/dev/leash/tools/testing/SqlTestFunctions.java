package dev.leash.tools.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Java behind H2 aliases the SQL tests seed: {@code purge}, a function with a side effect as a user could define one, and {@code safeAdd}, one without. */
public final class SqlTestFunctions {

    private SqlTestFunctions() {
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
