#!/usr/bin/env bash
# Starts the ContextForge gateway (PyPI mcp-contextforge-gateway, installed by install.sh) in front of
# an upstream MCP server, for the gateway-overhead benchmark:
#   contextforge.sh DIR PORT UPSTREAM_MCP_URL
# DIR gets a fresh SQLite database, an env file with generated secrets (never committed), cf.log and,
# once it serves, cf.pid, url (the virtual server's MCP URL) and token (a bearer JWT for it).
# Its own rate limits (100 MCP requests a minute by default) are switched off so they do not cap
# the benchmark. The upstream is registered as a federated gateway (Streamable HTTP); its tools are put on one
# virtual server, whose /servers/<id>/mcp endpoint is what the load goes to.
set -euo pipefail
DIR="${1:?usage: contextforge.sh DIR PORT UPSTREAM_MCP_URL}" PORT="${2:?port}" UPSTREAM="${3:?upstream MCP URL}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${JITGATE_INSTALL_DIR:-$ROOT/.jitgate}/peers/contextforge"
die() { printf 'contextforge: %s\n' "$*" >&2; exit 1; }
[[ -x "$VENV/bin/mcpgateway" ]] || die "$VENV has no mcpgateway (run loadtest/peers/install.sh contextforge)"
rm -rf "$DIR"; mkdir -p "$DIR"; DIR="$(cd "$DIR" && pwd)"
secret() { head -c 32 /dev/urandom | base64 | tr -d '/+=' ; }
PASSWORD="Bench-$(secret)-9a!"
cat >"$DIR/cf.env" <<ENV
DATABASE_URL=sqlite:///$DIR/cf.db
JWT_SECRET_KEY=$(secret)
AUTH_ENCRYPTION_SECRET=$(secret)
PLATFORM_ADMIN_EMAIL=admin@example.com
PLATFORM_ADMIN_PASSWORD=$PASSWORD
MCPGATEWAY_ADMIN_API_ENABLED=true
MCPGATEWAY_UI_ENABLED=false
SSRF_PROTECTION_ENABLED=false
SSRF_ALLOW_LOCALHOST=true
SSRF_ALLOW_PRIVATE_NETWORKS=true
LOG_LEVEL=ERROR
RATE_LIMITING_ENABLED=false
TOOL_RATE_LIMIT=1000000
TOOL_CONCURRENT_LIMIT=1000
HOST=127.0.0.1
PORT=$PORT
ENV
chmod 600 "$DIR/cf.env"
(cd "$DIR" && set -a && source ./cf.env && set +a && exec "$VENV/bin/mcpgateway" --host 127.0.0.1 --port "$PORT") >"$DIR/cf.log" 2>&1 &
echo $! >"$DIR/cf.pid"
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do curl -sf "$BASE/health" >/dev/null 2>&1 && break; kill -0 "$(cat "$DIR/cf.pid")" 2>/dev/null || die "it exited; see $DIR/cf.log"; sleep 0.3; done
curl -sf "$BASE/health" >/dev/null || die "no answer on $BASE/health within 90 s; see $DIR/cf.log"
json() { "$VENV/bin/python" -c "import sys, json; d = json.load(sys.stdin); print($1)"; }
TOKEN="$(curl -sf -X POST "$BASE/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"admin@example.com\",\"password\":\"$PASSWORD\"}" | json 'd["access_token"]')" || die "login failed; see $DIR/cf.log"
auth=(-H "Authorization: Bearer $TOKEN" -H 'content-type: application/json')
curl -sf -X POST "$BASE/gateways" "${auth[@]}" \
  -d "{\"name\":\"upstream\",\"url\":\"$UPSTREAM\",\"transport\":\"STREAMABLEHTTP\"}" >"$DIR/gateway.json" \
  || die "registering the upstream $UPSTREAM failed: $(curl -s -X POST "$BASE/gateways" "${auth[@]}" -d "{\"name\":\"upstream2\",\"url\":\"$UPSTREAM\",\"transport\":\"STREAMABLEHTTP\"}")"
TOOLS="$(curl -sf "$BASE/tools" "${auth[@]}" | json '",".join(json.dumps(t["id"]) for t in (d if isinstance(d, list) else d.get("items", d.get("tools", []))))')"
[[ -n "$TOOLS" ]] || die "the upstream's tools did not show up in $BASE/tools"
SERVER="$(curl -sf -X POST "$BASE/servers" "${auth[@]}" -d "{\"server\":{\"name\":\"echo\",\"associated_tools\":[$TOOLS]}}" | json 'd["id"]')" \
  || die "creating the virtual server failed"
echo "$BASE/servers/$SERVER/mcp" >"$DIR/url"
echo "$TOKEN" >"$DIR/token"; chmod 600 "$DIR/token"
curl -s "$BASE/tools" "${auth[@]}" | json '[t["name"] for t in (d if isinstance(d, list) else d.get("items", d.get("tools", [])))]' >"$DIR/tools.txt"
printf 'contextforge: serving %s (tools: %s)\n' "$(cat "$DIR/url")" "$(cat "$DIR/tools.txt")" >&2
