package dev.leash.examples.refunds;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolMethod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The refunds agent's own tools, over a JDBC database with {@code orders} and {@code refunds}
 * tables. {@code issue_refund} is irreversible: money leaves. Its amount is what the tier's
 * argument budget counts ({@code safety.tools.issue_refund.budget: {argument: amount, ...}}).
 * Thread-safe: each call opens its own connection.
 */
public final class RefundDesk {

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public RefundDesk(String jdbcUrl, String user, String password) {
        this.jdbcUrl = requireNonNull(jdbcUrl, "jdbcUrl is null");
        this.user = requireNonNull(user, "user is null");
        this.password = requireNonNull(password, "password is null");
    }

    /** Creates the tables and a few demo orders if they are missing. */
    public void seedDemoData() throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS orders(id VARCHAR(20) PRIMARY KEY, customer VARCHAR(100),"
                    + " total DECIMAL(12,2), status VARCHAR(20))");
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS refunds(id IDENTITY PRIMARY KEY, order_id VARCHAR(20),"
                    + " amount DECIMAL(12,2), reason VARCHAR(500))");
            ResultSet count = c.createStatement().executeQuery("SELECT COUNT(*) FROM orders");
            count.next();
            if (count.getInt(1) == 0) {
                c.createStatement().execute("INSERT INTO orders VALUES ('A-17','maria@customer.example',59.90,'delivered'),"
                        + "('A-18','li@customer.example',120.00,'delivered'),('A-19','sam@customer.example',15.50,'in transit')");
            }
        }
    }

    @ToolMethod(name = "lookup_order", description = "Show an order: customer, total, status and refunds so far")
    @Read
    public String lookupOrder(@Arg("order id, e.g. A-17") String order) throws SQLException {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("SELECT customer, total, status FROM orders WHERE id = ?")) {
            s.setString(1, order);
            ResultSet rs = s.executeQuery();
            if (!rs.next()) {
                return "no order " + order;
            }
            return "order " + order + ": customer " + rs.getString(1) + ", total " + rs.getBigDecimal(2).toPlainString()
                    + " EUR, status " + rs.getString(3) + ", refunded so far " + refunded(c, order).toPlainString() + " EUR";
        }
    }

    @ToolMethod(name = "issue_refund", description = "Refund part or all of an order to the customer's card")
    @Irreversible
    public String issueRefund(@Arg("order id") String order,
                              @Arg("amount in EUR, at most the order total minus earlier refunds") BigDecimal amount,
                              @Arg("reason, shown to the customer") String reason) throws SQLException {
        if (amount.signum() <= 0 || amount.scale() > 2) {
            throw new IllegalArgumentException("amount must be positive with at most two decimals: " + amount.toPlainString());
        }
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            PreparedStatement s = c.prepareStatement("SELECT total FROM orders WHERE id = ? FOR UPDATE");
            s.setString(1, order);
            ResultSet rs = s.executeQuery();
            if (!rs.next()) {
                throw new IllegalArgumentException("no order " + order);
            }
            BigDecimal left = rs.getBigDecimal(1).subtract(refunded(c, order));
            if (amount.compareTo(left) > 0) {
                throw new IllegalArgumentException("refund of " + amount.toPlainString() + " EUR exceeds what is left on "
                        + order + " (" + left.toPlainString() + " EUR)");
            }
            PreparedStatement insert = c.prepareStatement("INSERT INTO refunds(order_id, amount, reason) VALUES (?, ?, ?)");
            insert.setString(1, order);
            insert.setBigDecimal(2, amount.setScale(2, RoundingMode.UNNECESSARY));
            insert.setString(3, reason);
            insert.executeUpdate();
            c.commit();
            return "refunded " + amount.toPlainString() + " EUR on " + order;
        }
    }

    private static BigDecimal refunded(Connection c, String order) throws SQLException {
        PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?");
        s.setString(1, order);
        ResultSet rs = s.executeQuery();
        rs.next();
        return rs.getBigDecimal(1);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
