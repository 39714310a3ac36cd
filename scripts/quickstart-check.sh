#!/usr/bin/env bash
# Runs the README's quick start as a new user would: `./jitgate dev` in the background, the README's
# example block against it, then Ctrl-C, and checks that everything it started has stopped.
# Uses its own ports and state folder so it never touches a developer's running `./jitgate dev`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JITGATE_PORT="${QS_PORT:-18480}" JITGATE_BAO_PORT="${QS_BAO_PORT:-18420}" JITGATE_MOTO_PORT="${QS_MOTO_PORT:-15420}"
export JITGATE_DEV_DIR="$ROOT/.jitgate/quickstart"
log="$ROOT/.jitgate/logs/quickstart-dev.log"
mkdir -p "$(dirname "$log")"
fail() { echo "quickstart-check: FAILED: $*" >&2; exit 1; }

for port in "$JITGATE_PORT" "$JITGATE_BAO_PORT" "$JITGATE_MOTO_PORT"; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then fail "port $port is already in use; stop what runs there first"; fi
done
rm -f "$JITGATE_DEV_DIR/agent.env"
# Job control on, as in a terminal: the job gets its own process group. A shell started in the
# background by a non-interactive one inherits SIGINT ignored, and bash cannot undo that for its
# children, so `./jitgate dev` is started through Python with SIGINT set back to its default.
set -m
python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
  ./jitgate dev >"$log" 2>&1 &
dev=$!
trap 'kill -INT -- -$dev 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  if [[ -f "$JITGATE_DEV_DIR/agent.env" ]] && curl -sf "http://127.0.0.1:$JITGATE_PORT/healthz" >/dev/null 2>&1; then break; fi
  kill -0 $dev 2>/dev/null || fail "./jitgate dev exited early; see $log"
  sleep 1
done
curl -sf "http://127.0.0.1:$JITGATE_PORT/healthz" >/dev/null || fail "the gateway did not come up in 180 s; see $log"

# The README's block, with its .jitgate/dev path pointed at this check's state folder.
block="$(sed -n '/<!-- quickstart:begin -->/,/<!-- quickstart:end -->/p' README.md | sed '1,2d;$d' | sed '$d')"
block="${block//.jitgate\/dev\//$JITGATE_DEV_DIR/}"
out="$(bash -euo pipefail -c "$block")" || fail "the README block failed: $out"
for expected in '"name":"whoami"' 'assumed-role/jitgate-tool-whoami/' 'This bucket holds the jitgate demo data.' '"key":"hello.txt"'; do
  grep -qF "$expected" <<<"$out" || fail "the README block's output lacks $expected: $out"
done
grep -q '"isError":true' <<<"$out" && fail "a README call failed: $out"
# The README's approval block (section "Approval tiers"), after the quick start block in the same shell.
ablock="$(sed -n '/<!-- approvals:begin -->/,/<!-- approvals:end -->/p' README.md | sed '1,2d;$d' | sed '$d')"
ablock="${ablock//.jitgate\/dev\//$JITGATE_DEV_DIR/}"
aout="$(bash -euo pipefail -c "$block
$ablock")" || fail "the README approval block failed: $aout"
grep -qF '"jitgate/reason":"approval_pending"' <<<"$aout" || fail "the README approval block's first call was not held: $aout"
grep -qF 'reports/q4.txt' <<<"$aout" || fail "approvals list did not show the held call: $aout"
grep -qF 'approved (by ' <<<"$aout" || fail "approvals approve did not approve the held call: $aout"
last="$(grep -F '"jsonrpc"' <<<"$aout" | tail -1)"
grep -qF '"isError":false' <<<"$last" || fail "the approved call did not run: $last"
# The admin API (configuration reference, "Admin API") answers the operator key and refuses the agent's token.
# shellcheck disable=SC1091
source "$JITGATE_DEV_DIR/admin.env"
source "$JITGATE_DEV_DIR/agent.env"
admin_out="$(curl -s -H "Authorization: Bearer $JITGATE_ADMIN_TOKEN" "$JITGATE_ADMIN_URL/admin/audit/records?task=TASK-1")"
grep -qF '"tool":"s3_write_object"' <<<"$admin_out" || fail "the admin API did not return the TASK-1 record: $admin_out"
agent_status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $JITGATE_TOKEN" "$JITGATE_ADMIN_URL/admin/audit/records")"
[[ "$agent_status" == 401 ]] || fail "the admin API accepted an agent's token (HTTP $agent_status)"

kill -INT -- -$dev
for _ in $(seq 1 30); do kill -0 $dev 2>/dev/null || break; sleep 1; done
kill -0 $dev 2>/dev/null && fail "./jitgate dev did not stop on Ctrl-C"
trap - EXIT
for port in "$JITGATE_PORT" "$JITGATE_BAO_PORT" "$JITGATE_MOTO_PORT"; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then fail "port $port still answers after Ctrl-C"; fi
done
./jitgate audit verify "$JITGATE_DEV_DIR/audit" >/dev/null || fail "the attribution log does not verify"
stopped="$(./jitgate audit query "$JITGATE_DEV_DIR/audit" --kind gateway_stopped --format json)"
[[ -n "$stopped" ]] || fail "the attribution log has no gateway_stopped record after Ctrl-C"
./jitgate audit query "$JITGATE_DEV_DIR/audit" --task TASK-1 | grep -q s3_write_object || fail "audit query did not find the TASK-1 call"
echo "quickstart-check: README quick start works (dev up, example calls served, a held call approved and run, admin API, Ctrl-C stopped all, audit verifies and answers queries)"
