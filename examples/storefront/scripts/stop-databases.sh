#!/usr/bin/env bash
# Stops the servers scripts/start-databases.sh started and deletes their data. Safe to run when
# nothing is running.
set -euo pipefail

STATE_DIR="${STOREFRONT_DB_DIR:-/tmp/storefront-databases}"
WAIT_SECONDS="${STOREFRONT_DB_WAIT_SECONDS:-30}"

log() { echo "stop-databases: $*" >&2; }

run_as() {
  local user="$1"; shift
  if [[ "$(id -u)" == 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

# Sends SIGTERM to the process in a pid file and waits for it to go; SIGKILL after WAIT_SECONDS.
stop_pid_file() {
  local name="$1" pid_file="$2" pid
  [[ -f "$pid_file" ]] || return 0
  pid=$(head -n 1 "$pid_file")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2> /dev/null || return 0
  kill -TERM "$pid"
  local deadline=$((SECONDS + WAIT_SECONDS))
  while kill -0 "$pid" 2> /dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name (pid $pid) ignored SIGTERM for ${WAIT_SECONDS}s: killing it"
      kill -KILL "$pid" 2> /dev/null || true
      break
    fi
    sleep 0.2
  done
  log "stopped $name"
}

if [[ -f "$STATE_DIR/postgres/data/postmaster.pid" ]]; then
  pg_ctl=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)/pg_ctl
  run_as postgres "$pg_ctl" -D "$STATE_DIR/postgres/data" -m fast -w -t "$WAIT_SECONDS" stop > /dev/null 2>&1 ||
    stop_pid_file PostgreSQL "$STATE_DIR/postgres/data/postmaster.pid"
  log "stopped PostgreSQL"
fi
stop_pid_file MariaDB "$STATE_DIR/mysql/run/mysqld.pid"
rm -rf "$STATE_DIR"
