package dev.leash.cli;

import dev.leash.api.ConfigurationException;
import dev.leash.api.SafetyLevel;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.core.audit.SecretMasker;
import dev.leash.mcp.ImportedTool;
import dev.leash.mcp.McpConfig;
import dev.leash.mcp.McpImport;
import dev.leash.mcp.PinFile;
import dev.leash.mcp.gateway.McpGateway;
import dev.leash.tiers.LevelSelection;
import dev.leash.tiers.config.LeashConfig;
import dev.leash.tools.StandardTools;
import dev.leash.tools.file.FileToolsConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leash mcp pin|serve}: pin the definitions of the configured MCP servers' tools in the
 * lock file beside {@code leash.yaml}, and serve them (with the standard file tools when {@code
 * backends.files.root} is set) as one guarded MCP server.
 */
@Command(name = "mcp",
        mixinStandardHelpOptions = true,
        description = "MCP servers under the tier: pin their tools, or serve them through a guarded MCP gateway.",
        subcommands = {McpCommand.Pin.class, McpCommand.Serve.class})
public final class McpCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code leash mcp pin --config FILE [--tool NAME]... [--accept NAME]...} */
    @Command(name = "pin", mixinStandardHelpOptions = true,
            description = {"Record the hash of each MCP tool's definition in the lock file beside the config.",
                "A server's first pin takes every tool it lists; later, a new tool is pinned only when configured "
                    + "under mcp.servers.<s>.tools or named with --tool. A changed tool is pinned again."})
    static final class Pin implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The deployment's leash.yaml.")
        Path config;

        @Option(names = "--tool", paramLabel = "NAME", description = "Also pin this new tool (<server>_<tool>).")
        List<String> tools = new ArrayList<>();

        @Option(names = "--accept", paramLabel = "NAME", description = "Accept the poisoning flags of this tool after "
                + "reading its description: it is then offered above Level 1.")
        List<String> accept = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try {
                return pin();
            } catch (ConfigurationException e) {
                spec.commandLine().getErr().println("leash: " + e.getMessage());
                return 2;
            }
        }

        private int pin() {
            LeashConfig.load(config);
            McpConfig mcp = McpConfig.load(config);
            if (mcp.servers().isEmpty()) {
                throw ConfigurationException.missing("mcp.servers", config.toString(), "the MCP servers to pin");
            }
            PinFile before = PinFile.load(mcp.lockFile());
            PrintWriter out = spec.commandLine().getOut();
            try (McpImport servers = McpImport.connect(mcp, before)) {
                PinFile after = servers.pin(before, tools, accept, Clock.systemUTC());
                after.save();
                for (ImportedTool tool : servers.tools()) {
                    String state = after.pin(tool.name()).map(p -> tool.status() == ImportedTool.Status.PINNED
                            ? (p.reviewed() ? "pinned, reviewed" : "pinned") : (p.reviewed() ? "pinned now, reviewed" : "pinned now"))
                            .orElse(tool.problem().map(p -> "not pinned: " + p)
                                    .orElse("not pinned: new; configure it under mcp.servers." + tool.server() + ".tools or pass --tool " + tool.name()));
                    out.println(tool.name() + "  " + tool.impact().label() + "  " + state
                            + (tool.flags().isEmpty() ? "" : "  FLAGGED: " + String.join("; ", tool.flags())));
                }
                out.println("lock file: " + after.file());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code leash mcp serve --config FILE [--level N] [--stdio | --port N] [--audit FILE]} */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serve the configured MCP servers' tools as one MCP server, every call through the tier.",
                "Refused calls come back as MCP tool errors naming the rule."})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The deployment's leash.yaml.")
        Path config;

        @Option(names = "--level", paramLabel = "N", description = "Safety level 1, 2 or 3 (default: LEASH_SAFETY_LEVEL, "
                + "then safety.level in the config file, then 1).")
        String level;

        @Option(names = "--stdio", description = "Serve over standard input and output (the default).")
        boolean stdio;

        @Option(names = "--port", paramLabel = "N", description = "Serve streamable HTTP on 127.0.0.1:N/mcp instead (0: any free port).")
        Integer port;

        @Option(names = "--audit", paramLabel = "FILE", description = "The hash-chained audit log (default: leash-audit/mcp-gateway.jsonl).")
        Path audit = Path.of("leash-audit", "mcp-gateway.jsonl");

        @Option(names = "--principal", paramLabel = "NAME", description = "Who the calls are made for, in the audit log (default: mcp-client).")
        String principal = "mcp-client";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private final Map<String, String> env;

        Serve() {
            this(System.getenv());
        }

        Serve(Map<String, String> env) {
            this.env = Map.copyOf(env);
        }

        @Override
        public Integer call() throws Exception {
            if (stdio && port != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--stdio and --port exclude each other");
            }
            if (port != null && (port < 0 || port > 65535)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
            }
            try {
                return serve();
            } catch (ConfigurationException e) {
                spec.commandLine().getErr().println("leash: " + e.getMessage());
                return 2;
            }
        }

        private int serve() throws Exception {
            LeashConfig leash = LeashConfig.load(config);
            McpConfig mcp = McpConfig.load(config);
            SafetyLevel chosen = LevelSelection.select(level, env, leash).level();
            List<dev.leash.api.tool.Tool> standard = leash.backends().filesRoot()
                    .map(root -> StandardTools.files(FileToolsConfig.of(root))).orElse(List.of());
            PrintWriter err = spec.commandLine().getErr();
            java.nio.file.Files.createDirectories(audit.toAbsolutePath().getParent());
            try (JsonlAuditSink sink = JsonlAuditSink.open(audit, SecretMasker.of(leash.safety().secrets().values()));
                 McpGateway gateway = McpGateway.builder(leash, mcp, chosen).audit(sink).tools(standard).principal(principal)
                         .stdio(port == null).build()) {
                err.println("leash mcp gateway at " + chosen + ": " + gateway.offeredTools().size() + " tools offered; audit log " + audit);
                gateway.upstream().tools().forEach(t -> t.refusal(chosen).ifPresent(r ->
                        err.println("  not offered: " + t.name() + " (" + r.rule() + "): " + r.reason())));
                if (port == null) {
                    err.flush();
                    gateway.serveStdio(System.in, System.out);
                } else {
                    try (McpGateway.HttpEndpoint endpoint = gateway.serveHttp(port)) {
                        err.println("serving " + endpoint.url() + " (Ctrl-C to stop)");
                        err.flush();
                        CountDownLatch stop = new CountDownLatch(1);
                        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                        stop.await();
                    }
                }
            }
            return 0;
        }
    }
}
