package dev.leash.mcp.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.approval.ApprovalResult;
import dev.leash.api.audit.AuditEvent;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.Observation;
import dev.leash.api.run.Outcome;
import dev.leash.api.run.RunCounts;
import dev.leash.api.tool.Impact;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolSpec;
import dev.leash.core.exec.ToolExecutor;
import dev.leash.core.loop.DefaultRunContext;
import dev.leash.core.tool.Tools;
import dev.leash.mcp.McpConfig;
import dev.leash.mcp.McpImport;
import dev.leash.mcp.PinFile;
import dev.leash.mcp.internal.SchemaValidator;
import dev.leash.tiers.TierModule;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.config.ApprovalsConfig;
import dev.leash.tiers.config.LeashConfig;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A guarded MCP gateway: one MCP server whose tools are the configured upstream servers' tools
 * (and any standard tools the deployment adds), every call going through the tier of the chosen
 * level: impact gate, allowlists, guards, rate limits and budgets, approvals with the configured
 * gate, audit. A refused call comes back as an MCP tool error ({@code isError: true}) whose text
 * names the rule, e.g. {@code DENIED by rule allowlist.paths: ...}. Arguments are validated by the
 * tier (not by the protocol layer), so an invalid call is audited like any other.
 *
 * <pre>{@code
 * try (McpGateway gateway = McpGateway.builder(leash, mcp, SafetyLevel.LEVEL_2).audit(sink).build()) {
 *     gateway.serveStdio(System.in, System.out);   // until the client closes the stream
 * }
 * }</pre>
 *
 * <p>Each MCP session is one run in the audit log (over stdio there is one session): denials are
 * counted across the session's calls and past the tier's threshold every further call of it is
 * refused. The
 * tools offered are those the tier offers at the level, less upstream tools that are not
 * pinned, changed, or flagged ({@link dev.leash.mcp.ImportedTool#refusal}); refusals of those
 * are audited as incidents when the gateway starts.
 *
 * <p>Thread-safe.
 */
public final class McpGateway implements AutoCloseable {

    /** The rule of calls refused because the gateway's run was ended by policy. */
    public static final String RULE_TERMINATED = "run.terminated";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SafetyLevel level;
    private final McpImport upstream;
    private final ToolExecutor executor;
    private final AuditSink audit;
    private final String principal;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, DefaultRunContext> runs = new ConcurrentHashMap<>();
    private final List<ToolSpec> offered;

    private McpGateway(SafetyLevel level, McpImport upstream, ToolExecutor executor, AuditSink audit, String principal) {
        this.level = level;
        this.upstream = upstream;
        this.executor = executor;
        this.audit = audit;
        this.principal = principal;
        this.offered = List.copyOf(executor.offeredTools());
    }

    /** A gateway for the deployment {@code leash} with the servers of {@code mcp}, at {@code level}. */
    public static Builder builder(LeashConfig leash, McpConfig mcp, SafetyLevel level) {
        return new Builder(leash, mcp, level);
    }

    /** The run of an MCP session: started (and audited) at its first call. */
    private DefaultRunContext run(String session) {
        return runs.computeIfAbsent(session == null ? "default" : session, s -> {
            DefaultRunContext run = new DefaultRunContext("gateway-" + id + "-" + (runs.size() + 1), principal, s,
                    "calls from an MCP client", level, Instant.now().plus(Duration.ofDays(3650)));
            audit.record(new AuditEvent.RunStarted(run.runId(), Instant.now(Clock.systemUTC()), principal, s, level,
                    "MCP gateway session", "", offered.stream().map(t -> t.name() + ":" + t.impact().label()).toList()));
            return run;
        });
    }

    /** The tools MCP clients are offered. */
    public List<ToolSpec> offeredTools() {
        return offered;
    }

    /** The upstream servers' tools as judged at start. */
    public McpImport upstream() {
        return upstream;
    }

    /**
     * One call as a client of MCP session {@code session} would make it, through the tier: the
     * result, or an error naming the rule. The servers answer every {@code tools/call} with this.
     */
    public McpSchema.CallToolResult call(String session, String tool, Map<String, Object> arguments) {
        DefaultRunContext run = run(session);
        ObjectNode args = arguments == null ? JSON.createObjectNode() : JSON.valueToTree(arguments);
        ToolCall call = ToolCall.of(tool, args);
        Optional<dev.leash.api.run.RunContext.Termination> ended = run.termination();
        if (ended.isPresent()) {
            return McpSchema.CallToolResult.builder().isError(true)
                    .addTextContent("DENIED by rule " + RULE_TERMINATED + ": this gateway's run was ended by rule "
                            + ended.get().rule() + " (" + ended.get().reason() + "); no further calls are accepted")
                    .build();
        }
        Observation observation = executor.execute(call, run);
        run.observe(observation);
        return McpSchema.CallToolResult.builder().isError(!observation.isOk()).addTextContent(observation.toModelText()).build();
    }

    /**
     * Serves MCP over {@code in} and {@code out} (newline-delimited JSON-RPC) until the client
     * closes {@code in}. Nothing else may write to {@code out}.
     */
    public void serveStdio(InputStream in, OutputStream out) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    closed.countDown();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n < 0) {
                    closed.countDown();
                }
                return n;
            }
        };
        McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper, watched, out))
                .serverInfo("leash-gateway", "0.1")
                .instructions(instructions())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonSchemaValidator(new SchemaValidator())
                .validateToolInputs(false)
                .tools(specifications(mapper))
                .build();
        try {
            closed.await();
        } finally {
            server.closeGracefully();
        }
    }

    /**
     * Serves MCP over streamable HTTP at {@code http://127.0.0.1:<port>/mcp} (loopback only) until
     * the returned endpoint is closed. Each MCP session is a run of its own in the audit log.
     * Requests whose {@code Host} is not a loopback name, or whose {@code Origin} is not a loopback
     * page, are refused with 403 (no DNS rebinding from a web page).
     *
     * @param port the port, or 0 for any free one
     */
    public HttpEndpoint serveHttp(int port) throws Exception {
        McpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(mapper).mcpEndpoint("/mcp").securityValidator(new LoopbackOnly()).build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("leash-gateway", "0.1")
                .instructions(instructions())
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonSchemaValidator(new SchemaValidator())
                .validateToolInputs(false)
                .tools(specifications(mapper))
                .build();
        org.eclipse.jetty.server.Server jetty = new org.eclipse.jetty.server.Server();
        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        org.eclipse.jetty.ee10.servlet.ServletContextHandler context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler();
        context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(transport), "/*");
        jetty.setHandler(context);
        jetty.start();
        return new HttpEndpoint(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp"), () -> {
            server.closeGracefully();
            jetty.stop();
        });
    }

    /** A running HTTP endpoint of the gateway. */
    public static final class HttpEndpoint implements AutoCloseable {
        private final URI url;
        private final Stopper stopper;

        HttpEndpoint(URI url, Stopper stopper) {
            this.url = url;
            this.stopper = stopper;
        }

        /** {@code http://127.0.0.1:<port>/mcp}. */
        public URI url() {
            return url;
        }

        /** Stops serving. */
        @Override
        public void close() throws Exception {
            stopper.stop();
        }

        interface Stopper {
            void stop() throws Exception;
        }
    }

    private String instructions() {
        return "Leash safety tier " + level + ": every call is checked and audited; refused calls come back as errors naming the rule.";
    }

    private List<McpServerFeatures.SyncToolSpecification> specifications(McpJsonMapper mapper) {
        List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        for (ToolSpec spec : offered) {
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = JSON.convertValue(spec.parameters(), Map.class);
            McpSchema.Tool tool = McpSchema.Tool.builder()
                    .name(spec.name())
                    .description(spec.description())
                    .inputSchema(schema)
                    .annotations(new McpSchema.ToolAnnotations(null, spec.impact() == Impact.READ,
                            spec.impact() == Impact.IRREVERSIBLE, null, null, null))
                    .build();
            specs.add(McpServerFeatures.SyncToolSpecification.builder()
                    .tool(tool)
                    .callHandler((exchange, request) -> call(exchange.sessionId(), request.name(), request.arguments()))
                    .build());
        }
        return specs;
    }

    /** Records the end of each session's run and stops the upstream servers. */
    @Override
    public void close() {
        try {
            runs.values().forEach(this::end);
        } finally {
            upstream.close();
        }
    }

    private void end(DefaultRunContext run) {
        {
            Outcome outcome = run.termination().isPresent() ? Outcome.TERMINATED_BY_POLICY : Outcome.COMPLETED;
            audit.record(new AuditEvent.RunEnded(run.runId(), Instant.now(), outcome, "gateway closed",
                    new RunCounts(run.observations().size(), (int) run.observations().stream().filter(Observation::isOk).count(),
                            run.denials(), run.approvalsRequested(), run.approvalsGranted(),
                            (int) run.observations().stream().filter(o -> !o.isOk() && !o.status().isRefusal()).count(), 0, 0)));
        }
    }

    /**
     * {@code gate}, with "no answer yet" ({@link ApprovalResult.Pending}) turned into a refusal: an
     * MCP client waits for its {@code tools/call} answer, so the call cannot be suspended and resumed
     * later. The client is told the stored request's id; nothing is run, whatever a reviewer answers
     * later.
     */
    static ApprovalGate answeringNow(ApprovalGate gate) {
        return request -> {
            ApprovalResult result = gate.review(request);
            if (result instanceof ApprovalResult.Pending pending) {
                return new ApprovalResult.Failed("mcp-gateway", "request " + pending.requestId()
                        + " was stored for a reviewer, but an MCP client's call cannot wait for the answer: refused now,"
                        + " and it will not run when the request is answered", Instant.now(Clock.systemUTC()));
            }
            return result;
        };
    }

    /** Builds a gateway: connects the upstream servers and wires the tier. Not thread-safe. */
    public static final class Builder {
        private final LeashConfig leash;
        private final McpConfig mcp;
        private final SafetyLevel level;
        private AuditSink audit;
        private Optional<ApprovalGate> gate = Optional.empty();
        private final List<Tool> extraTools = new ArrayList<>();
        private String principal = "mcp-client";
        private boolean stdio = true;

        private Builder(LeashConfig leash, McpConfig mcp, SafetyLevel level) {
            this.leash = requireNonNull(leash, "leash is null");
            this.mcp = requireNonNull(mcp, "mcp is null");
            this.level = requireNonNull(level, "level is null");
        }

        /** Where every decision is audited. Required. */
        public Builder audit(AuditSink sink) {
            this.audit = requireNonNull(sink, "sink is null");
            return this;
        }

        /**
         * Replaces the gate of {@code safety.approvals}. A gate that answers "pending" (stores the
         * request for a reviewer) refuses the call: the client is told the request's id, and the call
         * is not run later.
         */
        public Builder approvalGate(ApprovalGate newGate) {
            this.gate = Optional.of(requireNonNull(newGate, "newGate is null"));
            return this;
        }

        /** Tools offered beside the upstream ones (e.g. the standard file tools). */
        public Builder tools(List<? extends Tool> tools) {
            extraTools.addAll(tools);
            return this;
        }

        /** Who the calls are made for, in the audit log (default {@code mcp-client}). */
        public Builder principal(String name) {
            this.principal = requireNonNull(name, "name is null");
            return this;
        }

        /**
         * Whether the gateway serves over standard streams (default true): then the console
         * approval gate, which reads the same terminal, is refused at start.
         */
        public Builder stdio(boolean value) {
            this.stdio = value;
            return this;
        }

        /**
         * Connects the upstream servers and wires the tier.
         *
         * @throws ConfigurationException for a configuration that cannot work (a console gate over
         *     stdio, {@code gate: store}, which would suspend a client's request, an upstream tool that
         *     shadows another tool), or an upstream server that does not start
         */
        public McpGateway build() {
            requireNonNull(audit, "audit is required");
            if (stdio && gate.isEmpty() && leash.safety().approvals().gate() == ApprovalsConfig.Gate.CONSOLE) {
                throw ConfigurationException.invalidValue("safety.approvals.gate", leash.source().orElse(null), "console",
                        "webhook or deny: the console gate would read the terminal that carries the MCP stdio stream");
            }
            if (gate.isEmpty() && leash.safety().approvals().gate() == ApprovalsConfig.Gate.STORE) {
                throw ConfigurationException.invalidValue("safety.approvals.gate", leash.source().orElse(null), "store",
                        "webhook or deny: the MCP gateway cannot suspend an MCP client's request to wait for a reviewer (gate: store)");
            }
            McpImport upstream = McpImport.connect(mcp, PinFile.load(mcp.lockFile()));
            try {
                upstream.audit(audit, level);
                List<Tool> tools = new ArrayList<>(extraTools);
                Set<String> names = new LinkedHashSet<>();
                extraTools.forEach(t -> names.add(t.spec().name()));
                for (Tool tool : upstream.offered(level)) {
                    if (!names.add(tool.spec().name())) {
                        throw ConfigurationException.invalidValue("mcp.servers", mcp.source().map(Object::toString).orElse(null),
                                tool.spec().name(), "tool names that no other tool has (an MCP tool may not shadow another)");
                    }
                    tools.add(tool);
                }
                Injector injector = Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(level, leash), new AbstractModule() {
                    @Override
                    protected void configure() {
                        Tools bound = Tools.bind(binder());
                        tools.forEach(bound::add);
                        bind(AuditSink.class).toInstance(audit);
                        gate.ifPresent(g -> TierModule.approvalGate(binder()).toInstance(answeringNow(g)));
                    }
                });
                return new McpGateway(level, upstream, injector.getInstance(ToolExecutor.class), audit, principal);
            } catch (RuntimeException e) {
                upstream.close();
                throw e;
            }
        }
    }
}
