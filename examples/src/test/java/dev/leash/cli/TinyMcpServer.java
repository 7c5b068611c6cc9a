package dev.leash.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * A tiny MCP server over stdio for the command-line tests, on the MCP Java SDK: {@code
 * lookup(q)} (read-only by its hints) and {@code publish(text)} (no hints). The description of
 * {@code lookup} is the first argument, so a test can change it between two starts.
 */
public final class TinyMcpServer {

    private TinyMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        String description = args.length > 0 ? args[0] : "Looks up a word.";
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("q", Map.of("type", "string")));
        McpServer.sync(new StdioServerTransportProvider(new JacksonMcpJsonMapper(new ObjectMapper())))
                .serverInfo("tiny", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonSchemaValidator((s, c) -> io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse.asValid(null))
                .tools(tool("lookup", description, schema, new McpSchema.ToolAnnotations(null, true, null, null, null, null)),
                        tool("publish", "Publishes a text.", Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string"))), null))
                .build();
        Thread.currentThread().join();
    }

    private static McpServerFeatures.SyncToolSpecification tool(String name, String description, Map<String, Object> schema,
                                                                McpSchema.ToolAnnotations annotations) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(schema).annotations(annotations).build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder().addTextContent(name + " done").build())
                .build();
    }
}
