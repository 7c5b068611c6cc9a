/** Implementation of the MCP integration: the tool adapter and the SDK's schema validator. */
package dev.leash.mcp.internal;
