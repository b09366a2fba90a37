// Drives the Akashi MCP server with the official TypeScript SDK over streamable HTTP:
//   node mcp-client-check.mjs <url> <agent_id> <api_key>
// Lists and calls every tool, reads every resource (one through its template), gets every prompt,
// checks one tool error and one protocol error, ends the session. Exits 1 with a message on the
// first failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, agentId, apiKey] = process.argv.slice(2);
if (!url || !agentId || !apiKey) {
  console.error("usage: node mcp-client-check.mjs <url> <agent_id> <api_key>");
  process.exit(2);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/// The JSON a successful tool call returned (its text content, which equals structuredContent).
async function callTool(client, name, args = {}) {
  const result = await client.callTool({ name, arguments: args });
  const text = result.content?.[0]?.text;
  check(!result.isError, `${name} failed: ${text}`);
  const data = JSON.parse(text);
  check(JSON.stringify(data) === JSON.stringify(result.structuredContent), `${name}: structuredContent differs from text`);
  return data;
}

async function main() {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `ApiKey ${agentId}:${apiKey}` } },
  });
  const client = new Client({ name: "akashi-sdk-check", version: "1.0.0" });
  await client.connect(transport);

  const server = client.getServerVersion();
  check(server?.name === "akashi", `serverInfo.name is ${server?.name}`);
  check(transport.sessionId, "no session id after initialize");
  check(client.getInstructions()?.includes("akashi_check"), "instructions do not mention akashi_check");

  const { tools } = await client.listTools();
  const names = tools.map((tool) => tool.name).sort();
  const expected = ["akashi_assess", "akashi_check", "akashi_conflicts", "akashi_query", "akashi_recent",
                    "akashi_search", "akashi_stats", "akashi_trace"];
  check(JSON.stringify(names) === JSON.stringify(expected), `tools are ${names.join(", ")}`);
  for (const tool of tools) check(tool.inputSchema?.type === "object", `${tool.name} has no object inputSchema`);

  const traced = await callTool(client, "akashi_trace", {
    decision_type: "architecture",
    outcome: "use postgres for the decision log",
    confidence: 0.8,
    reasoning: "transactions and full-text search in one place",
    alternatives: JSON.stringify([{ label: "sqlite", rejection_reason: "single writer" }]),
  });
  check(typeof traced.decision_id === "string", "akashi_trace returned no decision_id");

  const checked = await callTool(client, "akashi_check", { decision_type: "architecture", query: "postgres" });
  check(checked.has_precedent && checked.decisions.some((d) => d.id === traced.decision_id), "akashi_check misses the traced decision");
  const queried = await callTool(client, "akashi_query", { decision_type: "architecture" });
  check(queried.decisions.some((d) => d.id === traced.decision_id), "akashi_query misses the traced decision");
  const searched = await callTool(client, "akashi_search", { query: "postgres" });
  check(searched.results.some((r) => r.decision.id === traced.decision_id), "akashi_search misses the traced decision");
  const recent = await callTool(client, "akashi_recent", { limit: 5 });
  check(recent.decisions[0]?.id === traced.decision_id, "akashi_recent does not start with the traced decision");
  const conflicts = await callTool(client, "akashi_conflicts", { status: "all" });
  check(Array.isArray(conflicts.conflicts), "akashi_conflicts returned no conflicts array");
  const assessed = await callTool(client, "akashi_assess", { decision_id: traced.decision_id, outcome: "correct" });
  check(assessed.assessor_agent_id === agentId, "akashi_assess names another assessor");
  const stats = await callTool(client, "akashi_stats");
  check(stats.decisions >= 1 && stats.assessments >= 1, `akashi_stats counts ${JSON.stringify(stats)}`);

  const bad = await client.callTool({ name: "akashi_trace", arguments: { decision_type: "architecture" } });
  check(bad.isError && bad.content[0].text.includes("\"outcome\""), "a missing argument was not an isError result");
  let protocolError = null;
  try {
    await client.callTool({ name: "akashi_nothing", arguments: {} });
  } catch (error) {
    protocolError = error;
  }
  check(protocolError?.code === -32602, `an unknown tool gave ${protocolError}`);

  const { resources } = await client.listResources();
  check(resources.length === 2, `resources: ${resources.map((r) => r.uri).join(", ")}`);
  for (const resource of resources) {
    const read = await client.readResource({ uri: resource.uri });
    JSON.parse(read.contents[0].text);
  }
  const session = JSON.parse((await client.readResource({ uri: "akashi://session/current" })).contents[0].text);
  check(session.agent_id === agentId && session.session_id === transport.sessionId, "session resource mismatch");
  const { resourceTemplates } = await client.listResourceTemplates();
  check(resourceTemplates[0]?.uriTemplate === "akashi://agent/{id}/history", "no history template");
  const history = JSON.parse((await client.readResource({ uri: `akashi://agent/${agentId}/history` })).contents[0].text);
  check(history.decisions.some((d) => d.id === traced.decision_id), "history misses the traced decision");

  const { prompts } = await client.listPrompts();
  check(prompts.length === 3, `prompts: ${prompts.map((p) => p.name).join(", ")}`);
  const promptArguments = {
    "before-decision": { decision_type: "architecture" },
    "after-decision": { decision_type: "architecture", outcome: "use postgres" },
    "agent-setup": {},
  };
  for (const prompt of prompts) {
    const got = await client.getPrompt({ name: prompt.name, arguments: promptArguments[prompt.name] });
    check(got.messages[0]?.content?.text?.length > 0, `prompt ${prompt.name} is empty`);
  }

  await client.ping();
  await transport.terminateSession();
  await client.close();
  console.log("mcp sdk check passed");
}

main().catch((error) => {
  console.error(`mcp sdk check failed: ${error?.stack ?? error}`);
  process.exit(1);
});
