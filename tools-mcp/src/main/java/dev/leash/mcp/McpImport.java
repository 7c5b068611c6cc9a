package dev.leash.mcp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolSpec;
import dev.leash.mcp.internal.McpTool;
import dev.leash.mcp.internal.SchemaValidator;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tools of a deployment's MCP servers: connects to each configured server (stdio or
 * streamable HTTP), lists its tools and judges each one ({@link ImportedTool}): impact from
 * configuration first, then from annotations failing closed; its pin against the lock file; the
 * poisoning check of its description.
 *
 * <pre>{@code
 * McpConfig mcp = McpConfig.load(Path.of("leash.yaml"));
 * try (McpImport servers = McpImport.connect(mcp, PinFile.load(mcp.lockFile()))) {
 *     servers.audit(auditSink, level);               // incidents for tools refused at this level
 *     List<Tool> tools = servers.offered(level);      // bind these into the tier
 *     ...
 * }
 * }</pre>
 *
 * <p>Impact rules: {@code mcp.servers.<s>.tools.<t>.impact} when configured; else {@code
 * readOnlyHint: true} gives READ only when the server has {@code trust_annotations: true};
 * else {@code destructiveHint: false} gives WRITE; else (true or absent) IRREVERSIBLE.
 *
 * <p>Thread-safe. Closing it stops the servers it started.
 */
public final class McpImport implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The run id of incidents raised while importing, before any run. */
    public static final String IMPORT_RUN = "mcp-import";

    private final McpConfig config;
    private final Map<String, McpSyncClient> clients;
    private final List<ImportedTool> tools;

    private McpImport(McpConfig config, Map<String, McpSyncClient> clients, List<ImportedTool> tools) {
        this.config = config;
        this.clients = clients;
        this.tools = List.copyOf(tools);
    }

    /**
     * Starts or connects to every configured server and judges its tools against {@code pins}.
     *
     * @throws ConfigurationException naming the server when one cannot be started or does not answer
     */
    public static McpImport connect(McpConfig config, PinFile pins) {
        requireNonNull(config, "config is null");
        requireNonNull(pins, "pins is null");
        Map<String, McpSyncClient> clients = new LinkedHashMap<>();
        Map<String, List<McpSchema.Tool>> listed = new LinkedHashMap<>();
        try {
            for (McpConfig.Server server : config.servers().values()) {
                McpSyncClient client = start(server);
                clients.put(server.name(), client);
                listed.put(server.name(), list(client));
            }
        } catch (RuntimeException e) {
            clients.values().forEach(McpImport::closeQuietly);
            throw e;
        }
        List<ImportedTool> judged = new ArrayList<>();
        for (McpConfig.Server server : config.servers().values()) {
            Set<String> others = new LinkedHashSet<>();
            listed.forEach((name, list) -> {
                if (!name.equals(server.name())) {
                    list.forEach(t -> {
                        others.add(name + "_" + t.name());
                        if (t.name().contains("_")) {
                            others.add(t.name());
                        }
                    });
                }
            });
            for (McpSchema.Tool tool : listed.get(server.name())) {
                judged.add(judge(server, tool, clients.get(server.name()), pins, others));
            }
        }
        return new McpImport(config, clients, judged);
    }

    /** Every tool the servers list, judged, in configuration order. */
    public List<ImportedTool> tools() {
        return tools;
    }

    /** The tools offered at {@code level}, as Leash tools to bind into the tier. */
    public List<Tool> offered(SafetyLevel level) {
        return tools.stream().filter(t -> t.offeredAt(level)).map(t -> t.tool().orElseThrow()).toList();
    }

    /** An incident for each tool refused at {@code level}: a changed definition, a flagged description, a new tool. */
    public List<AuditEvent.Incident> incidents(SafetyLevel level, Clock clock) {
        List<AuditEvent.Incident> incidents = new ArrayList<>();
        for (ImportedTool tool : tools) {
            tool.refusal(level).ifPresent(r -> incidents.add(new AuditEvent.Incident(IMPORT_RUN, Instant.now(clock),
                    "mcp_tool_refused", r.rule(), tool.name() + " (" + tool.server() + "/" + tool.remoteName() + ") not offered at "
                            + level + ": " + r.reason())));
        }
        return incidents;
    }

    /** Writes {@link #incidents} to {@code audit}. */
    public void audit(AuditSink audit, SafetyLevel level) {
        requireNonNull(audit, "audit is null");
        incidents(level, Clock.systemUTC()).forEach(audit::record);
    }

    /**
     * The lock file with this listing pinned. A server's first pin takes every tool it lists; after
     * that a tool new to the lock file is pinned only when it is configured under {@code
     * mcp.servers.<s>.tools} or named in {@code names}; a changed tool is pinned again. A flagged
     * tool is pinned as reviewed only when named in {@code accept}.
     *
     * @param names tools to pin even if not configured (Leash names); empty: the rule above
     * @param accept flagged tools whose flags a person accepted (Leash names)
     * @throws ConfigurationException when {@code names} or {@code accept} names a tool no server lists
     */
    public PinFile pin(PinFile current, Collection<String> names, Collection<String> accept, Clock clock) {
        requireNonNull(current, "current is null");
        Set<String> known = new LinkedHashSet<>();
        tools.forEach(t -> known.add(t.name()));
        for (String n : concat(names, accept)) {
            if (!known.contains(n)) {
                throw ConfigurationException.invalidValue("tool", current.file().toString(), n,
                        "one of the listed MCP tools: " + String.join(", ", known));
            }
        }
        PinFile next = current;
        for (ImportedTool tool : tools) {
            if (tool.problem().isPresent()) {
                continue;
            }
            boolean serverKnown = current.pins().values().stream().anyMatch(p -> p.server().equals(tool.server()));
            boolean configured = config.servers().get(tool.server()).tools().containsKey(tool.remoteName());
            boolean take = switch (tool.status()) {
                case PINNED, CHANGED -> true;
                case UNPINNED -> !serverKnown || configured || names.contains(tool.name());
            };
            if (!take) {
                continue;
            }
            boolean sameAsBefore = tool.status() == ImportedTool.Status.PINNED;
            boolean reviewed = accept.contains(tool.name()) || (sameAsBefore && tool.reviewed());
            Instant at = sameAsBefore ? current.pin(tool.name()).orElseThrow().pinnedAt() : Instant.now(clock);
            next = next.with(tool.name(), new PinFile.Pin(tool.server(), tool.remoteName(), tool.sha256(), reviewed, at));
        }
        return next;
    }

    private static List<String> concat(Collection<String> a, Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public void close() {
        clients.values().forEach(McpImport::closeQuietly);
    }

    private static void closeQuietly(McpSyncClient client) {
        try {
            client.closeGracefully();
        } catch (RuntimeException e) {
            client.close();
        }
    }

    static McpSyncClient start(McpConfig.Server server) {
        McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        McpClientTransport transport;
        if (server.url().isPresent()) {
            URI url = server.url().get();
            String base = url.getScheme() + "://" + url.getRawAuthority();
            String endpoint = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/mcp" : url.getRawPath();
            transport = HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint).jsonMapper(mapper)
                    .connectTimeout(server.startupTimeout()).build();
        } else {
            List<String> command = server.command();
            ServerParameters parameters = ServerParameters.builder(command.get(0))
                    .args(command.subList(1, command.size())).env(server.env()).build();
            transport = new StdioClientTransport(parameters, mapper);
        }
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("leash", "0.1"))
                .requestTimeout(server.timeout())
                .initializationTimeout(server.startupTimeout())
                .jsonSchemaValidator(new SchemaValidator())
                .build();
        try {
            client.initialize();
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw ConfigurationException.unreadable("mcp.servers." + server.name(),
                    "the MCP server (" + server.describeTransport() + ") did not start or answer: " + rootMessage(e));
        }
        return client;
    }

    private static List<McpSchema.Tool> list(McpSyncClient client) {
        List<McpSchema.Tool> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
            all.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null && ++pages < 100);
        return all;
    }

    private static ImportedTool judge(McpConfig.Server server, McpSchema.Tool tool, McpSyncClient client, PinFile pins,
                                      Set<String> otherTools) {
        String name = server.name() + "_" + tool.name();
        McpConfig.ToolSettings settings = server.settings(tool.name());
        Decided impact = impact(settings, tool.annotations(), server.trustAnnotations());
        String sha = PinFile.hash(tool.name(), tool.description(), tool.inputSchema(), tool.annotations());
        Optional<PinFile.Pin> pin = pins.pin(name);
        ImportedTool.Status status = pin.isEmpty() ? ImportedTool.Status.UNPINNED
                : pin.get().sha256().equals(sha) && pin.get().tool().equals(tool.name()) ? ImportedTool.Status.PINNED
                : ImportedTool.Status.CHANGED;
        String text = (tool.title() == null ? "" : tool.title() + "\n") + (tool.description() == null ? "" : tool.description())
                + "\n" + schemaText(tool.inputSchema());
        List<String> flags = DescriptionCheck.flags(text, otherTools);
        Optional<Tool> adapter = Optional.empty();
        Optional<String> problem = Optional.empty();
        if (!TOOL_NAME.matcher(name).matches()) {
            problem = Optional.of("the name '" + name + "' is not [A-Za-z0-9_-]{1,64}");
        } else {
            try {
                ObjectNode schema = tool.inputSchema() == null ? ToolSpec.emptyObjectSchema() : JSON.valueToTree(tool.inputSchema());
                schema.remove("$schema");
                ToolSpec spec = ToolSpec.of(name, tool.description(), schema, impact.impact()).withTargets(settings.targets());
                new dev.leash.core.schema.ArgumentValidator().check(spec);
                adapter = Optional.of(new McpTool(spec, tool.name(), server, client));
            } catch (RuntimeException e) {
                problem = Optional.of(e.getMessage());
            }
        }
        return new ImportedTool(name, server.name(), tool.name(), tool.description(), impact.impact(), impact.source(), status,
                sha, flags, pin.map(PinFile.Pin::reviewed).orElse(false) && status == ImportedTool.Status.PINNED,
                List.copyOf(new LinkedHashSet<>(settings.targets().values())), adapter, problem);
    }

    /** The descriptions and titles inside a schema, where instructions hide as well as in the description. */
    private static String schemaText(Object schema) {
        if (schema == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        JSON.valueToTree(schema).findValues("description").forEach(n -> text.append(n.asText()).append('\n'));
        JSON.valueToTree(schema).findValues("title").forEach(n -> text.append(n.asText()).append('\n'));
        return text.toString();
    }

    /** An impact and where it came from. */
    record Decided(Impact impact, String source) {
    }

    /** Configuration first, then annotations, failing closed. */
    static Decided impact(McpConfig.ToolSettings settings, McpSchema.ToolAnnotations annotations, boolean trustAnnotations) {
        if (settings.impact().isPresent()) {
            return new Decided(settings.impact().get(), "configuration");
        }
        Boolean readOnly = annotations == null ? null : annotations.readOnlyHint();
        Boolean destructive = annotations == null ? null : annotations.destructiveHint();
        if (Boolean.TRUE.equals(readOnly) && trustAnnotations) {
            return new Decided(Impact.READ, "annotations: readOnlyHint (server trusted for hints)");
        }
        String ignored = Boolean.TRUE.equals(readOnly) ? "; readOnlyHint ignored (server not trusted for hints)" : "";
        if (Boolean.FALSE.equals(destructive)) {
            return new Decided(Impact.WRITE, "annotations: destructiveHint false" + ignored);
        }
        return new Decided(Impact.IRREVERSIBLE, (destructive == null ? "default: no destructiveHint (fail closed)"
                : "annotations: destructiveHint true") + ignored);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
