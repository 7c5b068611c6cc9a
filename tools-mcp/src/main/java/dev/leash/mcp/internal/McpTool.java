package dev.leash.mcp.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leash.api.tool.Provenance;
import dev.leash.api.tool.Target;
import dev.leash.api.tool.Tool;
import dev.leash.api.tool.ToolCall;
import dev.leash.api.tool.ToolContext;
import dev.leash.api.tool.ToolResult;
import dev.leash.api.tool.ToolSpec;
import dev.leash.mcp.McpConfig;
import dev.leash.mcp.McpTargets;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One tool of an MCP server as a Leash {@link Tool}: the impact decided at import, targets from
 * configuration, results untrusted unless configured trusted. Thread-safe (the SDK client is).
 */
public final class McpTool implements Tool {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolSpec spec;
    private final String server;
    private final String remoteName;
    private final McpConfig.Server config;
    private final McpSyncClient client;

    public McpTool(ToolSpec spec, String remoteName, McpConfig.Server config, McpSyncClient client) {
        this.spec = requireNonNull(spec, "spec is null");
        this.remoteName = requireNonNull(remoteName, "remoteName is null");
        this.config = requireNonNull(config, "config is null");
        this.server = config.name();
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public List<Target> targets(ToolCall call) {
        List<Target> targets = new ArrayList<>();
        config.settings(remoteName).targets().forEach((argument, kind) -> call.argument(argument).ifPresent(value -> {
            if (value.isArray()) {
                value.forEach(v -> targets.add(McpTargets.target(kind, text(v), config.root())));
            } else if (!value.isNull()) {
                targets.add(McpTargets.target(kind, text(value), config.root()));
            }
        }));
        return targets;
    }

    @Override
    public ToolResult execute(ToolCall call, ToolContext context) {
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = JSON.convertValue(call.arguments(), Map.class);
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(remoteName, arguments));
        String text = text(result);
        if (Boolean.TRUE.equals(result.isError())) {
            throw new McpToolError(server + " tool " + remoteName + " returned an error: " + text);
        }
        Provenance.Trust trust = config.settings(remoteName).resultTrust().orElse(Provenance.Trust.UNTRUSTED);
        String source = "mcp " + server + "/" + remoteName;
        return trust == Provenance.Trust.TRUSTED ? ToolResult.trusted(text, source) : ToolResult.untrusted(text, source);
    }

    /** The result's content as text: text blocks as they are, other blocks described. */
    static String text(McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        if (result.content() != null) {
            for (McpSchema.Content content : result.content()) {
                if (content instanceof McpSchema.TextContent t) {
                    parts.add(t.text());
                } else if (content instanceof McpSchema.ImageContent i) {
                    parts.add("[image " + i.mimeType() + ", " + (i.data() == null ? 0 : i.data().length()) + " base64 characters]");
                } else if (content instanceof McpSchema.AudioContent a) {
                    parts.add("[audio " + a.mimeType() + "]");
                } else if (content instanceof McpSchema.EmbeddedResource r) {
                    McpSchema.ResourceContents rc = r.resource();
                    parts.add(rc instanceof McpSchema.TextResourceContents trc ? trc.text() : "[resource " + rc.uri() + "]");
                } else if (content instanceof McpSchema.ResourceLink link) {
                    parts.add("[resource link " + link.uri() + "]");
                }
            }
        }
        if (parts.isEmpty() && result.structuredContent() != null) {
            parts.add(JSON.valueToTree(result.structuredContent()).toString());
        }
        return String.join("\n", parts);
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** The server answered the call with {@code isError: true}. */
    static final class McpToolError extends RuntimeException {
        McpToolError(String message) {
            super(message);
        }
    }
}
