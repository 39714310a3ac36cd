// The official MCP TypeScript SDK client (@modelcontextprotocol/sdk, pinned in package.json) against
// jitgate, over Streamable HTTP (bearer token) and over stdio (the gateway's `stdio` command).
//
//   node clients/sdk-check.mjs --url URL --token TOKEN --stdio "java -jar JAR stdio --config FILE"
//
// Prints one line per check, "ok NAME" or "FAIL NAME: why", and exits non-zero if any failed.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: { url: { type: "string" }, token: { type: "string" }, stdio: { type: "string" }, "stdio-log": { type: "string" } },
});
if (!opts.url || !opts.token || !opts.stdio) {
  console.error("usage: sdk-check.mjs --url URL --token TOKEN --stdio 'COMMAND ARGS...' [--stdio-log FILE]");
  process.exit(2);
}

const EXAMPLE_TOOLS = ["dynamodb_get_customer", "dynamodb_query_orders", "s3_list_objects", "s3_read_object",
  "s3_write_object", "sqs_receive_messages", "sqs_send_message", "whoami", "whoami_iam_user"];
const README_TEXT = "This bucket holds the jitgate demo data.";
let failed = 0;

/** Runs one named check; an exception or a returned string is a failure. */
async function check(name, fn) {
  try {
    const problem = await fn();
    if (problem) { failed++; console.log(`FAIL ${name}: ${problem}`); } else { console.log(`ok ${name}`); }
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : String(e)}`.replace(/\s+/g, " "));
  }
}

const textOf = (result) => (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
const brief = (v) => JSON.stringify(v).slice(0, 300);

/** The checks both transports share: the example tools are listed and a read is served. */
async function listAndRead(client, label) {
  await check(`${label}: tools/list shows the eight example tools`, async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    const missing = EXAMPLE_TOOLS.filter((n) => !names.includes(n));
    if (missing.length) return `missing ${missing.join(", ")} in ${names.join(", ")}`;
    const read = tools.find((t) => t.name === "s3_read_object");
    if (read.inputSchema?.required?.join() !== "bucket,key") return `s3_read_object inputSchema.required is ${brief(read.inputSchema?.required)}`;
  });
  await check(`${label}: tools/call s3_read_object returns readme.txt`, async () => {
    const r = await client.callTool({ name: "s3_read_object", arguments: { bucket: "jitgate-demo", key: "readme.txt" } });
    if (r.isError) return `isError: ${textOf(r)}`;
    if (!textOf(r).includes(README_TEXT)) return `text lacks "${README_TEXT}": ${brief(r)}`;
  });
}

// ---- Streamable HTTP ----------------------------------------------------------------------------
const http = new StreamableHTTPClientTransport(new URL(opts.url), {
  requestInit: { headers: { Authorization: `Bearer ${opts.token}` } },
});
const client = new Client({ name: "jitgate-sdk-check", version: "1.0.0" });
await check("http: initialize negotiates 2025-11-25 with a session", async () => {
  await client.connect(http);
  if (!client.getServerCapabilities()?.tools) return `no tools capability: ${brief(client.getServerCapabilities())}`;
  if (http.protocolVersion !== "2025-11-25") return `protocol version ${http.protocolVersion}`;
  if (!http.sessionId) return "no Mcp-Session-Id";
});
if (failed === 0) {
  await listAndRead(client, "http");

  const key = `clients-check/sdk-${randomUUID()}.txt`;
  const text = `written by the TypeScript SDK client ${randomUUID()}`;
  await check("http: tools/call s3_write_object with _meta {purpose, taskId, prompt} writes the object", async () => {
    const r = await client.callTool({
      name: "s3_write_object", arguments: { bucket: "jitgate-demo", key, text },
      _meta: { purpose: "check the TypeScript SDK client", taskId: "CLIENTS-1", prompt: "write a note with the SDK" },
    });
    if (r.isError) return `isError: ${textOf(r)}`;
    if (r.structuredContent?.key !== key || r.structuredContent?.size !== Buffer.byteLength(text)) return `structuredContent ${brief(r.structuredContent)}`;
    const back = await client.callTool({ name: "s3_read_object", arguments: { bucket: "jitgate-demo", key } });
    if (back.isError || textOf(back) !== text) return `reading it back gave ${brief(back)}`;
  });
  await check("http: a write without a stated purpose is refused like an unknown tool (-32602)", async () => {
    try {
      const r = await client.callTool({ name: "s3_write_object", arguments: { bucket: "jitgate-demo", key, text: "no intent" } });
      return `it was served: ${brief(r)}`;
    } catch (e) {
      if (!(e instanceof McpError) || e.code !== -32602) return `wrong error: ${e}`;
    }
  });
  await check("http: tools/call whoami with a progress token streams notifications/progress, then the result", async () => {
    const seen = [];
    const r = await client.callTool({ name: "whoami", arguments: {} }, undefined, { onprogress: (p) => seen.push(p) });
    if (r.isError) return `isError: ${textOf(r)}`;
    if (!textOf(r).includes("assumed-role/jitgate-tool-whoami/")) return `not the tool's role: ${brief(r)}`;
    if (seen.length === 0) return "no progress notification arrived";
    for (let i = 0; i < seen.length; i++) {
      if (typeof seen[i].progress !== "number" || (i > 0 && !(seen[i].progress > seen[i - 1].progress))) return `progress not increasing: ${brief(seen)}`;
      if (seen[i].total !== undefined && seen[i].progress > seen[i].total) return `progress beyond total: ${brief(seen)}`;
    }
  });
  await check("http: DELETE ends the session", async () => {
    const id = http.sessionId;
    await http.terminateSession();
    const res = await fetch(opts.url, {
      method: "POST",
      headers: { Authorization: `Bearer ${opts.token}`, "Content-Type": "application/json", Accept: "application/json, text/event-stream",
        "Mcp-Session-Id": id, "MCP-Protocol-Version": "2025-11-25" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list", params: {} }),
    });
    if (res.status !== 404) return `the ended session still answers ${res.status}`;
  });
  await client.close();
}

await check("http: no token is refused with 401 and WWW-Authenticate", async () => {
  const bare = new Client({ name: "jitgate-sdk-check-no-token", version: "1.0.0" });
  try {
    await bare.connect(new StreamableHTTPClientTransport(new URL(opts.url)));
    await bare.close();
    return "initialize without a token succeeded";
  } catch (e) {
    const res = await fetch(opts.url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } } }) });
    if (res.status !== 401 || !/^Bearer/.test(res.headers.get("www-authenticate") ?? "")) return `status ${res.status}, WWW-Authenticate ${res.headers.get("www-authenticate")}`;
  }
});

// ---- stdio --------------------------------------------------------------------------------------
const [command, ...args] = opts.stdio.split(" ").filter(Boolean);
const stdio = new StdioClientTransport({ command, args, env: { ...process.env }, stderr: "pipe" });
let stderr = "";
const stdioClient = new Client({ name: "jitgate-sdk-check-stdio", version: "1.0.0" });
let connected = false;
await check("stdio: initialize over the gateway's stdio command", async () => {
  const started = stdioClient.connect(stdio);
  stdio.stderr?.on("data", (d) => { stderr += d; });
  await started;
  connected = true;
  if (!stdioClient.getServerCapabilities()?.tools) return `no tools capability: ${brief(stdioClient.getServerCapabilities())}`;
});
if (connected) {
  await listAndRead(stdioClient, "stdio");
  await stdioClient.close();
} else if (stderr) {
  console.log(`  stdio stderr: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
}
if (opts["stdio-log"]) { const fs = await import("node:fs"); fs.writeFileSync(opts["stdio-log"], stderr); }

process.exit(failed ? 1 : 0);
