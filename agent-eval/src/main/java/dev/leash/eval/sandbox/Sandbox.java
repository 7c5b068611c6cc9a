package dev.leash.eval.sandbox;

import static java.util.Objects.requireNonNull;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import dev.leash.api.plan.Observation;
import dev.leash.api.plan.Step;
import dev.leash.api.plan.Turn;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunResult;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.eval.effects.Evidence;
import dev.leash.eval.scenario.Attachment;
import dev.leash.eval.scenario.HttpStub;
import dev.leash.eval.scenario.Mail;
import dev.leash.eval.scenario.Scenario;
import dev.leash.eval.scenario.ScenarioException;
import dev.leash.eval.scenario.SimulatedTool;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The environment of one run, built from a scenario: a temporary file root with the scenario's
 * files, the principal's mailbox on an in-process mail server, the scenario's HTTP stubs on a
 * loopback stub, and an in-memory H2 database seeded with its statements. After the run,
 * {@link #observe(RunResult)} reads what happened from the environment itself.
 *
 * <p>Nothing leaves loopback. Close it to stop what it started and delete its files. One run at a
 * time; not thread-safe.
 */
public final class Sandbox implements AutoCloseable {

    private final Scenario scenario;
    private final SandboxServers servers;
    private final boolean ownsServers;
    private final Path root;
    private final Map<String, String> seededFiles;
    private static final String READER = "AGENT_READER";
    private static final String WRITER = "AGENT_WRITER";

    private final String databaseUrl;
    private final String readerPassword = UUID.randomUUID().toString();
    private final String writerPassword = UUID.randomUUID().toString();
    private final Connection keepAlive;
    private final Map<String, List<String>> seededTables;
    private final SandboxMail mail;
    private final SandboxHttp http;
    private final List<SimulatedTool> simulatedTools;

    private Sandbox(Scenario scenario, SandboxServers servers, boolean ownsServers) throws IOException, SQLException {
        this.scenario = scenario;
        this.servers = servers;
        this.ownsServers = ownsServers;
        this.root = Files.createTempDirectory("leash-sandbox-");
        this.databaseUrl = "jdbc:h2:mem:sandbox-" + UUID.randomUUID(); // kept alive by keepAlive; no URL settings (only an admin may give them)
        Connection connection = null;
        try {
            this.seededFiles = seedFiles();
            connection = DriverManager.getConnection(databaseUrl, "sa", "");
            this.keepAlive = connection;
            seedDatabase();
            createLogins();
            this.seededTables = tables();
            this.mail = seedMail();
            this.http = seedHttp();
            this.simulatedTools = SimulatedTool.of(scenario.tools());
        } catch (IOException | SQLException | RuntimeException e) {
            // Seeding failed: leave nothing behind.
            if (connection != null) {
                shutdown(connection);
            }
            deleteRecursively(root);
            throw e;
        }
    }

    /** A sandbox with servers of its own, stopped on {@link #close()}. */
    public static Sandbox start(Scenario scenario) {
        SandboxServers servers = SandboxServers.start();
        try {
            return start(scenario, servers, true);
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    /** A sandbox on shared servers, which it empties and seeds; they stay running on close. */
    public static Sandbox start(Scenario scenario, SandboxServers servers) {
        return start(scenario, servers, false);
    }

    private static Sandbox start(Scenario scenario, SandboxServers servers, boolean owns) {
        requireNonNull(scenario, "scenario is null");
        requireNonNull(servers, "servers is null");
        try {
            return new Sandbox(scenario, servers, owns);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox for " + scenario.id(), e);
        } catch (SQLException e) {
            throw ScenarioException.invalid(scenario.source(), "$.environment.database", "the database could not be set up: "
                    + e.getMessage());
        }
    }

    /** The scenario this sandbox was built for. */
    public Scenario scenario() {
        return scenario;
    }

    /** The file root: file tools are confined to it; scenario paths are relative to it. */
    public Path root() {
        return root;
    }

    /** JDBC URL of the in-memory database (user {@code sa}, empty password). */
    public String databaseUrl() {
        return databaseUrl;
    }

    /** The database's owner, which seeds and inspects it (an H2 admin: never bind it for the agent). */
    public String databaseUser() {
        return "sa";
    }

    /** The owner's password (empty). */
    public String databasePassword() {
        return "";
    }

    /** The login READ calls use: it may only SELECT from the seeded tables (no admin functions, no files, no links). */
    public String databaseReader() {
        return READER;
    }

    /** The reader's password (random per sandbox). */
    public String databaseReaderPassword() {
        return readerPassword;
    }

    /**
     * The login WRITE and IRREVERSIBLE calls use: it may read and change the rows of the seeded
     * tables and alter the schema, but it is no admin (no {@code CREATE ALIAS}, {@code LINK_SCHEMA},
     * file or CSV functions).
     */
    public String databaseWriter() {
        return WRITER;
    }

    /** The writer's password (random per sandbox). */
    public String databaseWriterPassword() {
        return writerPassword;
    }

    /** Creates the reader and the writer and grants them what they need on the seeded tables. */
    private void createLogins() throws SQLException {
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("CREATE USER " + READER + " PASSWORD '" + readerPassword + "'");
            statement.execute("CREATE USER " + WRITER + " PASSWORD '" + writerPassword + "'");
            statement.execute("GRANT SELECT ON SCHEMA PUBLIC TO " + READER);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA PUBLIC TO " + WRITER);
            statement.execute("GRANT ALTER ANY SCHEMA TO " + WRITER);
        }
    }

    /** How the mail tools reach the mail server and the principal's account. */
    public SandboxMail mail() {
        return mail;
    }

    /** How the HTTP tools reach the stub (routing, documentation addresses, the scenario's hosts). */
    public SandboxHttp http() {
        return http;
    }

    /** The scenario's simulated tools for this run, recording their calls. */
    public List<Tool> simulatedTools() {
        return List.copyOf(simulatedTools);
    }

    // ---- seeding ----

    private Map<String, String> seedFiles() throws IOException {
        Map<String, String> seeded = new LinkedHashMap<>();
        for (Map.Entry<String, String> file : scenario.environment().files().entrySet()) {
            Path target = root.resolve(file.getKey()).normalize();
            if (!target.startsWith(root)) {
                throw ScenarioException.invalid(scenario.source(), "$.environment.files['" + file.getKey() + "']",
                        "must stay inside the sandbox root");
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            seeded.put(relative(target), file.getValue());
        }
        return seeded;
    }

    private void seedDatabase() {
        List<String> statements = scenario.environment().database();
        try (Statement statement = keepAlive.createStatement()) {
            for (int i = 0; i < statements.size(); i++) {
                try {
                    statement.execute(statements.get(i));
                } catch (SQLException e) {
                    throw ScenarioException.invalid(scenario.source(), "$.environment.database[" + i + "]",
                            "the statement failed: " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw ScenarioException.invalid(scenario.source(), "$.environment.database", e.getMessage());
        }
    }

    private SandboxMail seedMail() {
        GreenMail greenMail = servers.mail();
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException("cannot empty the sandbox mail server", e);
        }
        String principal = scenario.principal();
        GreenMailUser user = greenMail.setUser(principal, principal, servers.password());
        Session session = Session.getInstance(new Properties());
        List<Mail> mailbox = scenario.environment().mailbox();
        for (int i = 0; i < mailbox.size(); i++) {
            try {
                user.deliver(toMime(session, mailbox.get(i)));
            } catch (MessagingException | RuntimeException e) {
                throw ScenarioException.invalid(scenario.source(), "$.environment.mailbox[" + i + "]",
                        "the message could not be built: " + e.getMessage());
            }
        }
        Map<String, Long> uids = new HashMap<>();
        try {
            MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
            for (StoredMessage stored : inbox.getMessages()) {
                String[] ids = stored.getMimeMessage().getHeader(SandboxMail.ID_HEADER);
                if (ids != null && ids.length > 0) {
                    uids.put(ids[0], stored.getUid());
                }
            }
        } catch (FolderException | MessagingException e) {
            throw new IllegalStateException("cannot read the seeded mailbox", e);
        }
        return new SandboxMail(SandboxServers.LOOPBACK, greenMail.getSmtp().getPort(), greenMail.getImap().getPort(),
                principal, principal, servers.password(), uids);
    }

    private static MimeMessage toMime(Session session, Mail mail) throws MessagingException {
        String messageId = SandboxMail.messageIdOf(mail.id());
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(mail.from(), false));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to(), false));
        message.setSubject(mail.subject(), "UTF-8");
        message.setHeader(SandboxMail.ID_HEADER, mail.id());
        if (mail.attachments().isEmpty()) {
            message.setText(mail.body(), "UTF-8");
        } else {
            MimeMultipart multipart = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.body(), "UTF-8");
            multipart.addBodyPart(text);
            for (Attachment attachment : mail.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setText(attachment.content(), "UTF-8");
                part.setFileName(attachment.name());
                part.setDisposition(Part.ATTACHMENT);
                multipart.addBodyPart(part);
            }
            message.setContent(multipart);
        }
        message.saveChanges();
        return message;
    }

    private SandboxHttp seedHttp() {
        WireMockServer server = servers.http();
        server.resetAll();
        Set<String> hosts = new LinkedHashSet<>();
        for (HttpStub stub : scenario.environment().http()) {
            URI url = stub.url();
            hosts.add(url.getHost().toLowerCase(Locale.ROOT));
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
            MappingBuilder mapping = WireMock.request(stub.method(),
                    WireMock.urlEqualTo(SandboxHttp.stubPath(url) + path + query));
            ResponseDefinitionBuilder response = WireMock.aResponse().withStatus(stub.status()).withBody(stub.body());
            stub.headers().forEach(response::withHeader);
            server.stubFor(mapping.willReturn(response));
        }
        for (Step step : scenario.script()) {
            if (step instanceof Step.CallTools calls) {
                for (ToolCall call : calls.calls()) {
                    call.text("url").ifPresent(url -> hostOf(url).ifPresent(hosts::add));
                }
            }
        }
        return new SandboxHttp(SandboxServers.LOOPBACK, server.port(), List.copyOf(hosts));
    }

    private static java.util.Optional<String> hostOf(String url) {
        try {
            String host = new URI(url).getHost();
            return java.util.Optional.ofNullable(host).map(h -> h.toLowerCase(Locale.ROOT));
        } catch (java.net.URISyntaxException e) {
            return java.util.Optional.empty();
        }
    }

    // ---- observation ----

    /** Reads what happened from the environment, after the run. */
    public Evidence observe(RunResult result) {
        requireNonNull(result, "result is null");
        Map<String, String> written = new LinkedHashMap<>();
        List<String> deleted = new ArrayList<>();
        Map<String, String> now = files();
        now.forEach((path, content) -> {
            if (!content.equals(seededFiles.get(path))) {
                written.put(path, content);
            }
        });
        seededFiles.keySet().forEach(path -> {
            if (!now.containsKey(path)) {
                deleted.add(path);
            }
        });
        String answer = result.outcome() == Outcome.COMPLETED || result.outcome() == Outcome.ESCALATED ? result.answer() : "";
        return new Evidence(sentMail(), requests(), written, deleted, changedTables(), executedCalls(result), answer);
    }

    private Map<String, String> files() {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(relative(file), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox files", e);
        }
        return files;
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private List<Evidence.SentMail> sentMail() {
        GreenMail greenMail = servers.mail();
        Map<String, MimeMessage> byId = new LinkedHashMap<>();
        Map<String, Set<String>> recipients = new HashMap<>();
        try {
            for (GreenMailUser user : greenMail.getUserManager().listUser()) {
                MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
                for (StoredMessage stored : inbox.getMessages()) {
                    MimeMessage message = stored.getMimeMessage();
                    if (message.getHeader(SandboxMail.ID_HEADER) != null) {
                        continue;
                    }
                    String id = message.getMessageID() == null ? "uid-" + System.identityHashCode(stored) : message.getMessageID();
                    byId.putIfAbsent(id, message);
                    Set<String> to = recipients.computeIfAbsent(id, k -> new LinkedHashSet<>());
                    addresses(message.getAllRecipients()).forEach(to::add);
                    to.add(user.getEmail().toLowerCase(Locale.ROOT));
                }
            }
            List<Evidence.SentMail> mails = new ArrayList<>();
            for (Map.Entry<String, MimeMessage> entry : byId.entrySet()) {
                MimeMessage message = entry.getValue();
                StringBuilder body = new StringBuilder();
                List<Evidence.File> attachments = new ArrayList<>();
                collect(message, body, attachments);
                String from = message.getFrom() == null ? "" : String.join(", ", addresses(message.getFrom()));
                mails.add(new Evidence.SentMail(from, List.copyOf(recipients.get(entry.getKey())),
                        message.getSubject() == null ? "" : message.getSubject(), body.toString(), attachments));
            }
            return mails;
        } catch (FolderException | MessagingException | IOException e) {
            throw new IllegalStateException("cannot read the mail that arrived in the sandbox", e);
        }
    }

    private static List<String> addresses(Address[] addresses) {
        List<String> list = new ArrayList<>();
        if (addresses != null) {
            for (Address address : addresses) {
                list.add(address instanceof InternetAddress internet
                        ? internet.getAddress().toLowerCase(Locale.ROOT) : address.toString().toLowerCase(Locale.ROOT));
            }
        }
        return list;
    }

    private static void collect(Part part, StringBuilder body, List<Evidence.File> attachments)
            throws MessagingException, IOException {
        String fileName = part.getFileName();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, body, attachments);
            }
            return;
        }
        String text = contentText(part);
        if (fileName != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            attachments.add(new Evidence.File(fileName == null ? "attachment" : fileName, text));
        } else {
            if (body.length() > 0) {
                body.append('\n');
            }
            body.append(text);
        }
    }

    private static String contentText(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof InputStream in) {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (content instanceof MimeMessage nested) {
            StringBuilder text = new StringBuilder();
            List<Evidence.File> ignored = new ArrayList<>();
            collect(nested, text, ignored);
            ignored.forEach(f -> text.append('\n').append(f.content()));
            return text.toString();
        }
        return String.valueOf(content);
    }

    private List<Evidence.Request> requests() {
        List<ServeEvent> events = new ArrayList<>(servers.http().getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        List<Evidence.Request> requests = new ArrayList<>();
        for (ServeEvent event : events) {
            LoggedRequest request = event.getRequest();
            URI url = SandboxHttp.original(request.getUrl()).orElse(URI.create("http://unrouted" + request.getUrl()));
            StringBuilder headers = new StringBuilder();
            for (HttpHeader header : request.getHeaders().all()) {
                headers.append(header.key()).append(": ").append(String.join(", ", header.values())).append('\n');
            }
            requests.add(new Evidence.Request(request.getMethod().getName(), url.toString(),
                    url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT), headers.toString(),
                    request.getBodyAsString() == null ? "" : request.getBodyAsString()));
        }
        return requests;
    }

    private Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Statement statement = keepAlive.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                    + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + name.replace("\"", "\"\"") + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int c = 1; c <= columns; c++) {
                            row.append(rs.getString(c)).append('\u0001');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(name.toUpperCase(Locale.ROOT), rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the sandbox database", e);
        }
        return tables;
    }

    private Set<String> changedTables() {
        Map<String, List<String>> now = tables();
        Set<String> changed = new HashSet<>();
        now.forEach((table, rows) -> {
            if (!rows.equals(seededTables.get(table))) {
                changed.add(table);
            }
        });
        seededTables.keySet().forEach(table -> {
            if (!now.containsKey(table)) {
                changed.add(table);
            }
        });
        return changed;
    }

    private List<Evidence.ExecutedCall> executedCalls(RunResult result) {
        Set<String> simulated = new HashSet<>();
        scenario.tools().forEach(t -> simulated.add(t.name()));
        List<Evidence.ExecutedCall> calls = new ArrayList<>();
        for (Turn turn : result.turns()) {
            for (Observation observation : turn.observations()) {
                Observation.Status status = observation.status();
                if (status == Observation.Status.OK || status == Observation.Status.FAILED
                        || status == Observation.Status.TIMED_OUT) {
                    ToolCall call = observation.call();
                    calls.add(new Evidence.ExecutedCall(call.tool(), call.argumentsJson(), simulated.contains(call.tool())));
                }
            }
        }
        // Simulated tools also record calls themselves: count any the run's turns do not show.
        for (SimulatedTool tool : simulatedTools) {
            long inTurns = calls.stream().filter(c -> c.tool().equals(tool.spec().name())).count();
            List<ToolCall> recorded = tool.calls();
            for (int i = (int) inTurns; i < recorded.size(); i++) {
                calls.add(new Evidence.ExecutedCall(tool.spec().name(), recorded.get(i).argumentsJson(), true));
            }
        }
        return calls;
    }

    @Override
    public void close() {
        try {
            shutdown(keepAlive);
            deleteRecursively(root);
        } finally {
            if (ownsServers) {
                servers.close();
            }
        }
    }

    private static void shutdown(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // Already closed.
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closed by SHUTDOWN.
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // A temp directory left behind is not worth failing a run for.
        }
    }

}
