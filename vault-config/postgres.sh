#!/usr/bin/env bash
# A throwaway PostgreSQL for the attribution log's PostgreSQL sink (tests only).
#
#   vault-config/postgres.sh start STATE_DIR   install PostgreSQL from the OS packages if missing,
#                                              initdb STATE_DIR/pg, start it on JITGATE_PG_PORT (55432),
#                                              create database jitgate, an owner and the gateway's
#                                              append-only user; writes STATE_DIR/postgres.env
#   vault-config/postgres.sh stop STATE_DIR    stops it (idempotent)
#
# The gateway's user (jitgate_gateway) may only SELECT and INSERT the attribution table: no UPDATE,
# DELETE or TRUNCATE. The owner (jitgate_owner) created the table and could change it; tests use it
# to play an attacker with database access.
set -euo pipefail
PORT="${JITGATE_PG_PORT:-55432}"
cmd="${1:-}" state="${2:-}"
[[ -n "$cmd" && -n "$state" ]] || { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
die() { printf 'jitgate postgres: %s\n' "$*" >&2; exit 1; }
pgdir="$state/pg"
data="$pgdir/data"

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -z "$dir" ]]; then
    if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      printf 'jitgate postgres: installing PostgreSQL from the Debian packages\n' >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >"$state/logs/postgres-install.log" 2>&1 \
        || die "apt-get install postgresql failed; see $state/logs/postgres-install.log"
      dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    else
      die "PostgreSQL is missing: install it, e.g. 'apt-get install -y postgresql'"
    fi
  fi
  echo "$dir"
}

# as_pg CMD...: runs CMD as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$state/logs"
    bin="$(pg_bin)"
    rm -rf "$pgdir"; mkdir -p "$data"
    owner_pw="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    gateway_pw="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    printf '%s\n' "$owner_pw" >"$state/pg-owner-password"
    printf '%s\n' "$gateway_pw" >"$state/pg-gateway-password"
    chmod 600 "$state/pg-owner-password" "$state/pg-gateway-password"
    cp "$state/pg-owner-password" "$pgdir/initdb-password"
    if [[ $EUID -eq 0 ]]; then chown -R postgres "$pgdir"; fi
    as_pg "$bin/initdb" -D "$data" -U jitgate_owner -A scram-sha-256 --pwfile="$pgdir/initdb-password" >"$state/logs/postgres-initdb.log" 2>&1 \
      || die "initdb failed; see $state/logs/postgres-initdb.log"
    rm -f "$pgdir/initdb-password"
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
      -o "-p $PORT -k $data -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" start >/dev/null \
      || die "PostgreSQL did not start; see $data/server.log"
    export PGPASSWORD="$owner_pw"
    psql -q -h 127.0.0.1 -p "$PORT" -U jitgate_owner -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE jitgate" >/dev/null
    psql -q -h 127.0.0.1 -p "$PORT" -U jitgate_owner -d jitgate -v ON_ERROR_STOP=1 >/dev/null <<SQL
CREATE ROLE jitgate_gateway LOGIN PASSWORD '$gateway_pw';
\i $(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/postgres-schema.sql
SQL
    cat >"$state/postgres.env" <<ENV
JITGATE_PG_URL=postgresql://127.0.0.1:$PORT/jitgate
JITGATE_PG_GATEWAY_USER=jitgate_gateway
JITGATE_PG_GATEWAY_PASSWORD_FILE=$state/pg-gateway-password
JITGATE_PG_OWNER_USER=jitgate_owner
JITGATE_PG_OWNER_PASSWORD_FILE=$state/pg-owner-password
ENV
    echo "postgres: running (postgresql://127.0.0.1:$PORT/jitgate)"
    ;;
  stop)
    [[ -f "$data/postmaster.pid" ]] || exit 0
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) die "unknown command $cmd" ;;
esac
