// Drives the Leash MCP gateway with the official TypeScript SDK client, as any MCP client would.
// argv[2]: the gateway command as a JSON array (stdio), or its URL (streamable HTTP);
// argv[3]: the calls, [{ name, arguments }].
// Prints { tools: [...], results: [{ name, isError, text }] } as one JSON line.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const target = process.argv[2];
const calls = JSON.parse(process.argv[3]);
let transport;
if (target.startsWith("http")) {
  transport = new StreamableHTTPClientTransport(new URL(target));
} else {
  const [command, ...args] = JSON.parse(target);
  transport = new StdioClientTransport({ command, args, env: process.env, stderr: "inherit" });
}
const client = new Client({ name: "leash-test-client", version: "1.0.0" });
await client.connect(transport);
const listed = await client.listTools();
const tools = listed.tools.map((t) => ({ name: t.name, annotations: t.annotations ?? {} }));
const results = [];
for (const call of calls) {
  const result = await client.callTool({ name: call.name, arguments: call.arguments });
  results.push({
    name: call.name,
    isError: Boolean(result.isError),
    text: (result.content ?? []).map((c) => c.text ?? "").join("\n"),
  });
}
console.log(JSON.stringify({ server: client.getServerVersion(), tools, results }));
await client.close();
