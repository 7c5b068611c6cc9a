package dev.leash.eval.standin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.OutboundContent;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.eval.runner.ScriptImpacts;
import dev.leash.eval.sandbox.Sandbox;
import dev.leash.eval.sandbox.SandboxMail;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Small tools over the sandbox with the standard names and arguments, for the stand-in assembly
 * of the harness's own tests. Not the product's tools: just enough to exercise the sandbox.
 */
final class SandboxTools {

    private SandboxTools() {
    }

    static List<Tool> all(Sandbox sandbox) {
        SandboxMail mail = sandbox.mail();
        Path root = sandbox.root();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Tool> tools = new ArrayList<>();
        tools.add(tool("read_inbox", Impact.READ, schema(), call -> ToolResult.untrusted(inbox(mail), "inbox")));
        tools.add(tool("read_email", Impact.READ, schema("id"), call -> {
            Found found = find(mail, call.text("id").orElseThrow());
            return ToolResult.untrusted(found.text(), "mail:" + call.text("id").orElseThrow());
        }));
        tools.add(new Simple("send_email", Impact.IRREVERSIBLE, schema("to", "subject", "body"), call -> {
            send(mail, call.text("to").orElseThrow(), call.text("subject").orElseThrow(), call.text("body").orElseThrow(), List.of());
            return ToolResult.trusted("sent");
        }) {
            @Override
            public List<Target> targets(ToolCall call) {
                return recipients(call.text("to").orElse(""));
            }
        });
        tools.add(new Simple("forward_email", Impact.IRREVERSIBLE, schema("id", "to"), call -> {
            Found found = find(mail, call.text("id").orElseThrow());
            send(mail, call.text("to").orElseThrow(), "Fwd: " + found.subject,
                    call.text("note").orElse("") + "\n\n" + found.body, found.attachments);
            return ToolResult.trusted("forwarded");
        }) {
            @Override
            public List<Target> targets(ToolCall call) {
                return recipients(call.text("to").orElse(""));
            }

            @Override
            public OutboundContent outbound(ToolCall call) {
                List<OutboundContent.Part> parts = new ArrayList<>(super.outbound(call).parts());
                try {
                    Found found = find(mail, call.text("id").orElse(""));
                    parts.add(new OutboundContent.Part("forwarded body", found.body));
                    found.attachments.forEach(a -> parts.add(new OutboundContent.Part("attachment " + a[0], a[1])));
                } catch (Exception e) {
                    throw new IllegalArgumentException("cannot read the mail to forward: " + e.getMessage(), e);
                }
                return OutboundContent.of(parts);
            }
        });
        tools.add(tool("draft_email", Impact.WRITE, schema("to", "subject", "body"), call -> {
            draft(mail, call.text("to").orElseThrow(), call.text("subject").orElseThrow(), call.text("body").orElseThrow());
            return ToolResult.trusted("draft saved");
        }));
        tools.add(new PathTool("list_files", Impact.READ, root, (path, call) -> {
            Path dir = Files.isDirectory(path) ? path : root;
            try (Stream<Path> walk = Files.walk(dir)) {
                return ToolResult.trusted(String.join("\n", walk.filter(Files::isRegularFile)
                        .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList()));
            }
        }));
        tools.add(new PathTool("read_file", Impact.READ, root,
                (path, call) -> ToolResult.untrusted(Files.readString(path), "file:" + root.relativize(path))));
        tools.add(new PathTool("write_file", Impact.WRITE, root, (path, call) -> {
            Files.createDirectories(path.getParent());
            Files.writeString(path, call.text("content").orElse(""), StandardCharsets.UTF_8);
            return ToolResult.trusted("written");
        }));
        tools.add(new PathTool("delete_file", Impact.IRREVERSIBLE, root, (path, call) -> {
            Files.delete(path);
            return ToolResult.trusted("deleted");
        }));
        tools.add(new HttpTool("http_get", Impact.READ, schema("url"), sandbox, client));
        tools.add(new HttpTool("http_post", Impact.WRITE, schema("url", "body"), sandbox, client));
        tools.add(new Simple("sql_query", Impact.IRREVERSIBLE, schema("sql"), call -> sql(sandbox, call.text("sql").orElseThrow())) {
            @Override
            public Impact impactOf(ToolCall call) {
                return ScriptImpacts.ofSql(call.text("sql").orElse(""));
            }

            @Override
            public Impact lowestImpact() {
                return Impact.READ;
            }
        });
        return tools;
    }

    // ---- helpers ----

    interface Body {
        ToolResult run(ToolCall call) throws Exception;
    }

    interface PathBody {
        ToolResult run(Path path, ToolCall call) throws Exception;
    }

    static Tool tool(String name, Impact impact, ObjectNode schema, Body body) {
        return new Simple(name, impact, schema, body);
    }

    static class Simple implements Tool {
        private final ToolSpec spec;
        private final Body body;

        Simple(String name, Impact impact, ObjectNode schema, Body body) {
            this.spec = ToolSpec.of(name, name, schema, impact);
            this.body = body;
        }

        @Override
        public ToolSpec spec() {
            return spec;
        }

        @Override
        public ToolResult execute(ToolCall call, ToolContext context) throws Exception {
            return body.run(call);
        }
    }

    static final class PathTool extends Simple {
        private final Path root;

        PathTool(String name, Impact impact, Path root, PathBody body) {
            super(name, impact, name.equals("write_file") ? schema("path", "content") : schema("path"),
                    call -> body.run(resolve(root, call.text("path").orElseThrow()), call));
            this.root = root;
        }

        @Override
        public List<Target> targets(ToolCall call) {
            Path path = resolve(root, call.text("path").orElse(""));
            return List.of(Target.path(root.relativize(path).toString().replace('\\', '/')));
        }

        static Path resolve(Path root, String relative) {
            Path path = root.resolve(relative).normalize();
            if (Path.of(relative).isAbsolute() || !path.startsWith(root)) {
                throw new IllegalArgumentException("path outside the root: " + relative);
            }
            return path;
        }
    }

    static final class HttpTool extends Simple {
        HttpTool(String name, Impact impact, ObjectNode schema, Sandbox sandbox, HttpClient client) {
            super(name, impact, schema, call -> {
                URI url = URI.create(call.text("url").orElseThrow());
                HttpRequest.Builder request = HttpRequest.newBuilder(sandbox.http().route(url)).timeout(Duration.ofSeconds(5));
                if (name.equals("http_post")) {
                    request.POST(HttpRequest.BodyPublishers.ofString(call.text("body").orElse("")));
                } else {
                    request.GET();
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return ToolResult.untrusted(response.statusCode() + "\n" + response.body(), url.toString());
            });
        }

        @Override
        public List<Target> targets(ToolCall call) {
            String host = URI.create(call.text("url").orElse("")).getHost();
            return host == null ? List.of() : List.of(Target.host(host.toLowerCase(Locale.ROOT)));
        }
    }

    static ObjectNode schema(String... required) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (String name : required) {
            properties.putObject(name).put("type", "string");
        }
        properties.putObject("note").put("type", "string");
        var list = schema.putArray("required");
        for (String name : required) {
            list.add(name);
        }
        return schema;
    }

    static List<Target> recipients(String to) {
        try {
            List<Target> targets = new ArrayList<>();
            for (InternetAddress address : InternetAddress.parse(to, false)) {
                targets.add(Target.recipient(address.getAddress().toLowerCase(Locale.ROOT)));
            }
            return targets;
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalArgumentException("not a recipient list: " + to, e);
        }
    }

    private static Store store(SandboxMail mail) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.host", mail.host());
        props.put("mail.imap.port", Integer.toString(mail.imapPort()));
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(mail.host(), mail.imapPort(), mail.login(), mail.password());
        return store;
    }

    static String inbox(SandboxMail mail) throws Exception {
        try (Store store = store(mail)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            StringBuilder text = new StringBuilder();
            for (Message message : inbox.getMessages()) {
                String[] id = message.getHeader(SandboxMail.ID_HEADER);
                text.append(id == null ? "?" : id[0]).append(" | ").append(InternetAddress.toString(message.getFrom()))
                        .append(" | ").append(message.getSubject()).append('\n');
            }
            inbox.close(false);
            return text.toString();
        }
    }

    record Found(String subject, String body, List<String[]> attachments) {
        String text() {
            StringBuilder text = new StringBuilder(subject).append("\n\n").append(body);
            attachments.forEach(a -> text.append("\n[attachment ").append(a[0]).append("]\n").append(a[1]));
            return text.toString();
        }
    }

    static Found find(SandboxMail mail, String id) throws Exception {
        try (Store store = store(mail)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                String[] header = message.getHeader(SandboxMail.ID_HEADER);
                if (header != null && header[0].equals(id)) {
                    StringBuilder body = new StringBuilder();
                    List<String[]> attachments = new ArrayList<>();
                    collect(message, body, attachments);
                    return new Found(message.getSubject(), body.toString(), attachments);
                }
            }
            throw new IllegalArgumentException("no message with id " + id);
        }
    }

    private static void collect(Part part, StringBuilder body, List<String[]> attachments) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), body, attachments);
            }
            return;
        }
        Object content = part.getContent();
        String text = content instanceof InputStream in ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : String.valueOf(content);
        if (part.getFileName() != null) {
            attachments.add(new String[] {part.getFileName(), text});
        } else {
            body.append(text);
        }
    }

    static void send(SandboxMail mail, String to, String subject, String body, List<String[]> attachments) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", mail.host());
        props.put("mail.smtp.port", Integer.toString(mail.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(mail.address()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, false));
        message.setSubject(subject, "UTF-8");
        if (attachments.isEmpty()) {
            message.setText(body, "UTF-8");
        } else {
            MimeMultipart multipart = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body, "UTF-8");
            multipart.addBodyPart(text);
            for (String[] attachment : attachments) {
                MimeBodyPart part = new MimeBodyPart();
                part.setText(attachment[1], "UTF-8");
                part.setFileName(attachment[0]);
                multipart.addBodyPart(part);
            }
            message.setContent(multipart);
        }
        Transport.send(message);
    }

    static void draft(SandboxMail mail, String to, String subject, String body) throws Exception {
        try (Store store = store(mail)) {
            Folder drafts = store.getFolder("Drafts");
            if (!drafts.exists()) {
                drafts.create(Folder.HOLDS_MESSAGES);
            }
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(mail.address()));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, false));
            message.setSubject(subject);
            message.setText(body);
            drafts.appendMessages(new Message[] {message});
        }
    }

    static ToolResult sql(Sandbox sandbox, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(sandbox.databaseUrl(), sandbox.databaseUser(),
                sandbox.databasePassword()); Statement statement = connection.createStatement()) {
            StringBuilder text = new StringBuilder();
            boolean rows = statement.execute(sql);
            if (rows) {
                try (ResultSet rs = statement.getResultSet()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= columns; c++) {
                            text.append(c > 1 ? " | " : "").append(rs.getString(c));
                        }
                        text.append('\n');
                    }
                }
            } else {
                text.append(statement.getUpdateCount()).append(" rows changed");
            }
            return ToolResult.untrusted(text.toString(), "database");
        }
    }

}
