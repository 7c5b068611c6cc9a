/** The guarded MCP gateway: one MCP server that puts every call of any MCP client through a tier. */
package dev.leash.mcp.gateway;
