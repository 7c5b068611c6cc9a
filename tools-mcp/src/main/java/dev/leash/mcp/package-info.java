/**
 * Tools from MCP servers under the tier's rules: {@link dev.leash.mcp.McpConfig} (the {@code mcp}
 * block of {@code leash.yaml}), {@link dev.leash.mcp.McpImport} (connect, list, judge),
 * {@link dev.leash.mcp.PinFile} (the lock file against rug pulls), {@link
 * dev.leash.mcp.DescriptionCheck} (tool poisoning), {@link dev.leash.mcp.McpTargets} (arguments as
 * allowlist targets).
 */
package dev.leash.mcp;
