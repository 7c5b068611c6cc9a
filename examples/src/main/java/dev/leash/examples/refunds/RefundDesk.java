package dev.leash.examples.refunds;

import static java.util.Objects.requireNonNull;

import dev.leash.api.tool.Arg;
import dev.leash.api.tool.Credential;
import dev.leash.api.tool.Irreversible;
import dev.leash.api.tool.Read;
import dev.leash.api.tool.ToolContext;
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
 * argument budget counts ({@code safety.tools.issue_refund.budget: {argument: amount, ...}}); its
 * {@code customer} is a {@code payee} target, checked against {@code safety.allow.targets.payee},
 * and must be the order's customer. Both tools read the shop's own records: their results are
 * trusted.
 *
 * <p>Each call logs in with the {@code jdbc} credential the tier hands out for the call's impact:
 * {@code lookup_order} with the read-only login, {@code issue_refund} with the login that may
 * insert refunds. At Level 1 the tier hands out no login above READ, so even a refund that got
 * past the policies could not write. Thread-safe: each call opens its own connection.
 */
public final class RefundDesk {

    /** The credential service name: {@code jdbc}, shared with {@code sql_query}. */
    public static final String SERVICE = "jdbc";

    private final String jdbcUrl;

    public RefundDesk(String jdbcUrl) {
        this.jdbcUrl = requireNonNull(jdbcUrl, "jdbcUrl is null");
    }

    // The shop's own records of its orders and refunds: trusted (a customer's words never reach these columns).
    @ToolMethod(name = "lookup_order", description = "Show an order: customer, total, status and refunds so far",
            trustedResult = true)
    @Read
    public String lookupOrder(@Arg("order id, e.g. A-17") String order, ToolContext context) throws SQLException {
        try (Connection c = connect(context);
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

    @ToolMethod(name = "issue_refund", description = "Refund part or all of an order to the customer's card (money leaves)",
            trustedResult = true)
    @Irreversible
    public String issueRefund(@Arg("order id") String order,
                              @Arg(value = "the customer paid, as on the order (e.g. maria@customer.example)", target = "payee")
                              String customer,
                              @Arg("amount in EUR, at most the order total minus earlier refunds") BigDecimal amount,
                              @Arg("reason, shown to the customer") String reason,
                              ToolContext context) throws SQLException {
        if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("amount must be positive with at most two decimals: " + amount.toPlainString());
        }
        BigDecimal euros = amount.setScale(2, RoundingMode.UNNECESSARY);
        try (Connection c = connect(context)) {
            c.setAutoCommit(false);
            try {
                PreparedStatement s = c.prepareStatement("SELECT total, customer FROM orders WHERE id = ? FOR UPDATE");
                s.setString(1, order);
                ResultSet rs = s.executeQuery();
                if (!rs.next()) {
                    throw new IllegalArgumentException("no order " + order);
                }
                if (!rs.getString(2).equalsIgnoreCase(customer.trim())) {
                    throw new IllegalArgumentException("order " + order + " belongs to another customer than " + customer
                            + "; a refund is paid only to the order's customer");
                }
                BigDecimal left = rs.getBigDecimal(1).subtract(refunded(c, order));
                if (amount.compareTo(left) > 0) {
                    throw new IllegalArgumentException("refund of " + euros.toPlainString() + " EUR exceeds what is left on "
                            + order + " (" + left.toPlainString() + " EUR)");
                }
                PreparedStatement insert = c.prepareStatement("INSERT INTO refunds(order_id, amount, reason) VALUES (?, ?, ?)");
                insert.setString(1, order);
                insert.setBigDecimal(2, euros);
                insert.setString(3, reason);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return "refunded " + euros.toPlainString() + " EUR on " + order;
        }
    }

    private static BigDecimal refunded(Connection c, String order) throws SQLException {
        PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE order_id = ?");
        s.setString(1, order);
        ResultSet rs = s.executeQuery();
        rs.next();
        return rs.getBigDecimal(1);
    }

    private Connection connect(ToolContext context) throws SQLException {
        Credential login = context.credential(SERVICE).orElseThrow(() -> new IllegalStateException(
                "no database login for a " + context.impact().label() + " call"));
        return DriverManager.getConnection(jdbcUrl, login.user(), login.secret());
    }
}
