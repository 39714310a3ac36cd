#!/usr/bin/env bash
# Re-runs the dev-stack verification end to end on a PRIVATE stack (own ports and state dir, so a
# running dev stack is left alone) and exits non-zero if any check fails:
#   install -> start -> smoke.py (IAM material in moto, plugin config in OpenBao, STS credentials,
#   moto auth enforced, allowed and refused calls) -> stop.
# Environment: JITGATE_SMOKE_MOTO_PORT (15000), JITGATE_SMOKE_BAO_PORT (18200), plus whatever
# stack.sh reads (JITGATE_INSTALL_DIR, JITGATE_AWS_PLUGIN, ...).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK="$ROOT/vault-config/stack.sh"
INSTALL_DIR="${JITGATE_INSTALL_DIR:-$ROOT/.jitgate}"
export JITGATE_MOTO_PORT="${JITGATE_SMOKE_MOTO_PORT:-15000}"
export JITGATE_BAO_PORT="${JITGATE_SMOKE_BAO_PORT:-18200}"
export JITGATE_STATE_DIR="${JITGATE_SMOKE_STATE_DIR:-$ROOT/.jitgate/smoke}"

"$STACK" install
# A fresh stack every time: moto keeps its state (and its auth counter) for its whole life.
"$STACK" stop >/dev/null
trap '"$STACK" stop >/dev/null 2>&1 || true' EXIT
"$STACK" start

eval "$("$STACK" env)"
engine="$(cut -d' ' -f1 <"$INSTALL_DIR/aws-plugin.source")"
echo "smoke: AWS engine in use: $(cat "$INSTALL_DIR/aws-plugin.source")"
JITGATE_AWS_ENGINE="$engine" "$JITGATE_VENV/bin/python" "$ROOT/vault-config/smoke.py"
