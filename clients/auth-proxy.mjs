// A header-adding pass-through for clients that cannot send a bearer token (the conformance suite's
// server scenarios build a StreamableHTTPClientTransport without headers). It forwards every request
// to the gateway unchanged (method, path, headers including Host and Origin, body, streamed response)
// and adds only `Authorization: Bearer <token>` when the request has none. Test use only.
//
//   node clients/auth-proxy.mjs --listen 19791 --target http://127.0.0.1:19790 --token-file FILE
import http from "node:http";
import fs from "node:fs";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({
  options: { listen: { type: "string" }, target: { type: "string" }, "token-file": { type: "string" } },
});
if (!opts.listen || !opts.target || !opts["token-file"]) {
  console.error("usage: auth-proxy.mjs --listen PORT --target URL --token-file FILE");
  process.exit(2);
}
const target = new URL(opts.target);
const token = fs.readFileSync(opts["token-file"], "utf8").trim();

const server = http.createServer((req, res) => {
  const headers = { ...req.headers };
  if (!headers.authorization) headers.authorization = `Bearer ${token}`;
  const upstream = http.request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.rawHeaders.length ? rawToObject(up.rawHeaders) : {});
      res.flushHeaders();
      up.pipe(res);
    },
  );
  upstream.on("error", (e) => {
    if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
    res.end(`auth-proxy: ${e.message}`);
  });
  req.on("aborted", () => upstream.destroy());
  res.on("close", () => upstream.destroy());
  req.pipe(upstream);
});

/** Keeps repeated response headers (e.g. several Set-Cookie) as they came. */
function rawToObject(raw) {
  const out = {};
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i];
    if (k.toLowerCase() === "transfer-encoding" || k.toLowerCase() === "connection") continue;
    out[k] = k in out ? [].concat(out[k], raw[i + 1]) : raw[i + 1];
  }
  return out;
}

server.listen(Number(opts.listen), "127.0.0.1", () => console.error(`auth-proxy: 127.0.0.1:${opts.listen} -> ${target.origin}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { server.close(); process.exit(0); });
