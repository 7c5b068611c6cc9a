package dev.leash.mcp;

import dev.leash.api.SafetyLevel;
import dev.leash.core.audit.JsonlAuditSink;
import dev.leash.mcp.gateway.McpGateway;
import dev.leash.tiers.config.LeashConfig;
import java.nio.file.Path;
import java.util.List;

/** The gateway as its own process over stdio, for MCP clients in other languages: {@code CONFIG LEVEL AUDIT_FILE}. */
public final class GatewayProcess {

    private GatewayProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        try (JsonlAuditSink audit = JsonlAuditSink.open(Path.of(args[2]), List.of());
             McpGateway gateway = McpGateway.builder(LeashConfig.load(config), McpConfig.load(config),
                     SafetyLevel.of(Integer.parseInt(args[1]))).audit(audit).build()) {
            gateway.serveStdio(System.in, System.out);
        }
        System.exit(0);
    }
}
