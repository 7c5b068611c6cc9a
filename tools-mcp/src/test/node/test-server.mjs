// A tiny MCP server for the tests: its tools are read from the JSON file named on the command
// line at each start, so a test can change a tool's description between two starts (a rug pull)
// or add a tool. Each tool is { name, description, inputSchema, annotations?, result?, error? }:
// a tool with error: true answers every call with isError.
import { readFileSync } from "node:fs";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const tools = JSON.parse(readFileSync(process.argv[2], "utf8"));
const server = new Server({ name: "leash-test-server", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: tools.map(({ result, error, ...definition }) => definition),
}));
server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const tool = tools.find((t) => t.name === request.params.name);
  if (!tool) {
    return { isError: true, content: [{ type: "text", text: `no tool ${request.params.name}` }] };
  }
  const text = `${tool.result ?? "done"} ${JSON.stringify(request.params.arguments ?? {})}`;
  return { isError: Boolean(tool.error), content: [{ type: "text", text }] };
});
await server.connect(new StdioServerTransport());
