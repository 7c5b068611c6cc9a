package dev.leash.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Stage;
import dev.leash.api.SafetyLevel;
import dev.leash.api.approval.ApprovalGate;
import dev.leash.api.audit.AuditSink;
import dev.leash.api.plan.PlannerFactory;
import dev.leash.api.plan.Step;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.core.loop.AgentLoop;
import dev.leash.core.loop.LoopSettings;
import dev.leash.core.plan.ScriptedPlanner;
import dev.leash.core.tool.Tools;
import dev.leash.tiers.TierModule;
import dev.leash.tiers.Tiers;
import dev.leash.tiers.alert.InMemoryAlertSink;
import dev.leash.tiers.config.LeashConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Configurations and agents the MCP tests share. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** {@code mcp.servers.fs}: the real server-filesystem over stdio, rooted at {@code data}. */
    static String filesystemServer(Path data) {
        return "    fs:\n"
                + "      command: [node, \"" + NodeModules.home().resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js") + "\", \"" + data + "\"]\n"
                + "      root: \"" + data + "\"\n"
                + "      trust_annotations: true\n"
                + "      tools:\n"
                + "        write_file: { impact: write, targets: { path: path } }\n"
                + "        read_text_file: { targets: { path: path } }\n"
                + "        list_directory: { targets: { path: path } }\n";
    }

    /** {@code mcp.servers.<name>}: the test server, its tools read from {@code definitions} at each start. */
    static String testServer(String name, Path definitions, String extra) {
        return "    " + name + ":\n"
                + "      command: [node, \"" + NodeModules.home().resolve("test-server.mjs") + "\", \"" + definitions + "\"]\n"
                + extra;
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the config, connects, pins everything the servers list (as {@code leash mcp pin} does the first time). */
    static void pinAll(Path config) {
        McpConfig mcp = McpConfig.load(config);
        PinFile pins = PinFile.load(mcp.lockFile());
        try (McpImport servers = McpImport.connect(mcp, pins)) {
            servers.pin(pins, List.of(), List.of(), java.time.Clock.systemUTC()).save();
        }
    }

    static ToolCall call(String id, String tool, String json) {
        try {
            return ToolCall.of(id, tool, (ObjectNode) JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** An agent at {@code level} with these tools, playing {@code steps}. */
    static AgentLoop agent(SafetyLevel level, LeashConfig config, List<Tool> tools, AuditSink audit, ApprovalGate reviewer,
                           List<Step> steps) {
        PlannerFactory planner = ScriptedPlanner.factory(steps);
        return Guice.createInjector(Stage.PRODUCTION, Tiers.moduleFor(level, config), new AbstractModule() {
            @Override
            protected void configure() {
                Tools bound = Tools.bind(binder());
                tools.forEach(bound::add);
                bind(AuditSink.class).toInstance(audit);
                bind(PlannerFactory.class).toInstance(planner);
                bind(LoopSettings.class).toInstance(LoopSettings.defaults());
                TierModule.approvalGate(binder()).toInstance(reviewer);
                TierModule.alertSink(binder()).toInstance(new InMemoryAlertSink());
            }
        }).getInstance(AgentLoop.class);
    }
}
