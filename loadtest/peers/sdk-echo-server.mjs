// The echo tool served by the official MCP TypeScript SDK (Streamable HTTP, one McpServer and
// transport per session, answers as SSE streams: the SDK's default), for the gateway-overhead
// benchmark. Not JSON responses: in that mode the 1.x transport keeps one entry per POST for the
// life of the session (typescript-sdk issue #2559), so under load its heap grew past 1.5 GB and its
// garbage collection stalled it for a second at a time (ADR 0010).
//   node sdk-echo-server.mjs PORT        (run from the folder whose node_modules has the SDK)
import http from "node:http";
import { randomUUID } from "node:crypto";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const port = Number(process.argv[2] || 19560);
const transports = new Map();

function newServer() {
  const server = new McpServer({ name: "sdk-echo", version: "1.0.0" });
  server.registerTool("echo", {
    description: "Answers with its arguments.",
    inputSchema: { text: z.string().max(4096).optional() },
  }, async (args) => ({
    content: [{ type: "text", text: JSON.stringify(args) }],
    structuredContent: { arguments: args },
  }));
  return server;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try { resolve(text ? JSON.parse(text) : undefined); } catch (e) { reject(e); }
    });
    req.on("error", reject);
  });
}

http.createServer(async (req, res) => {
  try {
    if (!req.url.startsWith("/mcp")) { res.writeHead(404).end(); return; }
    const body = req.method === "POST" ? await readBody(req) : undefined;
    const id = req.headers["mcp-session-id"];
    let transport = id ? transports.get(id) : undefined;
    if (!transport) {
      if (req.method !== "POST" || !isInitializeRequest(body)) {
        res.writeHead(400, { "content-type": "application/json" })
          .end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "no valid session" }, id: null }));
        return;
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => transports.set(sid, transport),
      });
      transport.onclose = () => { if (transport.sessionId) transports.delete(transport.sessionId); };
      await newServer().connect(transport);
    }
    await transport.handleRequest(req, res, body);
  } catch (e) {
    if (!res.headersSent) res.writeHead(500).end(String(e));
  }
}).listen(port, "127.0.0.1", () => console.log(`sdk-echo listening on http://127.0.0.1:${port}/mcp`));
