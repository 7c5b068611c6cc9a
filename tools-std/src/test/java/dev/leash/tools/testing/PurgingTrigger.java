package dev.leash.tools.testing;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** An H2 trigger as a user could write one: on every row it fires for, it deletes every payment. */
public final class PurgingTrigger implements Trigger {

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        SqlTestFunctions.purge(connection);
    }
}
