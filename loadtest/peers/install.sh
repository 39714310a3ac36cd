#!/usr/bin/env bash
# Installs the peer MCP servers of the gateway-overhead benchmark under .jitgate/peers (ignored):
#   node/    the official TypeScript SDK (@modelcontextprotocol/sdk), npm ci from package-lock.json
#   fastmcp/ a virtualenv with FastMCP (PyPI fastmcp)
#   contextforge/ a virtualenv with the ContextForge gateway (PyPI mcp-contextforge-gateway)
# Each part is redone only when its pinned requirement file changes. Usage: install.sh [node|fastmcp|contextforge]...
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
DIR="${JITGATE_INSTALL_DIR:-$ROOT/.jitgate}/peers"
mkdir -p "$DIR/logs"
die() { printf 'peers: %s\n' "$*" >&2; exit 1; }

stamp_ok() { [[ -f "$DIR/$1/.installed" && "$(cat "$DIR/$1/.installed")" == "$2" ]]; }

install_node() {
  local want; want="$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -d' ' -f1)"
  stamp_ok node "$want" && return 0
  printf 'peers: installing the TypeScript SDK (npm ci, log %s)\n' "$DIR/logs/node.log" >&2
  rm -rf "$DIR/node"; mkdir -p "$DIR/node"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$DIR/node/"
  (cd "$DIR/node" && npm ci --no-audit --no-fund --ignore-scripts) >"$DIR/logs/node.log" 2>&1 \
    || die "npm ci failed; see $DIR/logs/node.log"
  echo "$want" >"$DIR/node/.installed"
}

install_venv() { # NAME REQUIREMENTS
  local name="$1" req="$2" want; want="$(sha256sum "$req" | cut -d' ' -f1)"
  stamp_ok "$name" "$want" && return 0
  printf 'peers: installing %s into a virtualenv (log %s)\n' "$name" "$DIR/logs/$name.log" >&2
  rm -rf "$DIR/$name"
  { python3 -m venv "$DIR/$name" && "$DIR/$name/bin/pip" install --disable-pip-version-check -q -r "$req"; } \
    >"$DIR/logs/$name.log" 2>&1 || die "pip install of $name failed; see $DIR/logs/$name.log (last line: $(tail -1 "$DIR/logs/$name.log"))"
  echo "$want" >"$DIR/$name/.installed"
}

parts=("$@"); [[ ${#parts[@]} -gt 0 ]] || parts=(node fastmcp contextforge)
for part in "${parts[@]}"; do
  case "$part" in
    node) install_node ;;
    fastmcp) install_venv fastmcp "$HERE/requirements-fastmcp.txt" ;;
    contextforge) install_venv contextforge "$HERE/requirements-contextforge.txt" ;;
    *) die "unknown part '$part' (node, fastmcp, contextforge)" ;;
  esac
done
