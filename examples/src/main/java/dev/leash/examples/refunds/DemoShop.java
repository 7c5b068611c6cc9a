package dev.leash.examples.refunds;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The refunds agent's embedded database: an H2 file database with demo orders and three logins,
 * each with a fresh random password: {@value #READER} (may read orders and refunds), {@value
 * #CLERK} (may also add rows to {@code order_notes}: the WRITE login) and {@value #REFUNDER} (may
 * also insert refunds: the IRREVERSIBLE login). Recreated at each start. Holds the owner's connection open
 * until closed, so the database stays up between calls. Thread-safe.
 */
public final class DemoShop implements AutoCloseable {

    public static final String READER = "LEASH_READER";
    public static final String CLERK = "LEASH_CLERK";
    public static final String REFUNDER = "LEASH_REFUNDER";

    private final String url;
    private final String readerPassword = password();
    private final String clerkPassword = password();
    private final String refunderPassword = password();
    private final Connection owner;

    private DemoShop(String url, Connection owner) {
        this.url = url;
        this.owner = owner;
    }

    /** Creates (or recreates) the demo database at {@code dir}/shop. */
    public static DemoShop start(Path dir) {
        requireNonNull(dir, "dir is null");
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("shop");
        try {
            Connection owner = DriverManager.getConnection(url, "sa", "");
            DemoShop shop = new DemoShop(url, owner);
            shop.seed();
            return shop;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the demo database at " + url + ": " + e.getMessage(), e);
        }
    }

    private void seed() throws SQLException {
        try (Statement s = owner.createStatement()) {
            s.execute("DROP ALL OBJECTS");
            s.execute("CREATE TABLE orders(id VARCHAR(20) PRIMARY KEY, customer VARCHAR(100), total DECIMAL(12,2),"
                    + " status VARCHAR(20))");
            s.execute("CREATE TABLE refunds(id IDENTITY PRIMARY KEY, order_id VARCHAR(20), amount DECIMAL(12,2),"
                    + " reason VARCHAR(500), created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            s.execute("CREATE TABLE order_notes(id IDENTITY PRIMARY KEY, order_id VARCHAR(20), note VARCHAR(2000),"
                    + " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO orders VALUES ('A-17','maria@customer.example',59.90,'delivered'),"
                    + "('A-18','li@customer.example',120.00,'delivered'),('A-19','sam@customer.example',15.50,'in transit')");
            s.execute("CREATE USER " + READER + " PASSWORD '" + readerPassword + "'");
            s.execute("GRANT SELECT ON orders, refunds TO " + READER);
            s.execute("CREATE USER " + CLERK + " PASSWORD '" + clerkPassword + "'");
            s.execute("GRANT SELECT ON orders, refunds, order_notes TO " + CLERK);
            s.execute("GRANT INSERT ON order_notes TO " + CLERK);
            s.execute("CREATE USER " + REFUNDER + " PASSWORD '" + refunderPassword + "'");
            s.execute("GRANT SELECT ON orders, refunds TO " + REFUNDER);
            s.execute("GRANT INSERT ON refunds TO " + REFUNDER);
        }
    }

    public String url() {
        return url;
    }

    public String readerPassword() {
        return readerPassword;
    }

    public String clerkPassword() {
        return clerkPassword;
    }

    public String refunderPassword() {
        return refunderPassword;
    }

    /** A connection as the owner, for checking what happened (tests, demos). */
    public Connection ownerConnection() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    @Override
    public void close() throws SQLException {
        owner.close();
    }

    private static String password() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
