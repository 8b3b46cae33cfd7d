#!/usr/bin/env bash
# Starts throwaway MariaDB and PostgreSQL servers on loopback for the integration tests and the load
# test, creates the databases and user they use, and prints the variables the service reads:
#
#   eval "$(bash scripts/start-databases.sh)"     # or: set -a; . /tmp/storefront-databases/env; set +a
#
# On a fresh Debian 12 machine running as root (as CI does) it first installs mariadb-server and
# postgresql. The servers run as their packages' unprivileged users (mysql, postgres), on
# non-default ports, with data under STOREFRONT_DB_DIR. Run it twice and the second run reuses the
# running servers; scripts/stop-databases.sh stops them and deletes everything.
#
# Settings (environment): STOREFRONT_DB_DIR (default /tmp/storefront-databases),
# STOREFRONT_MYSQL_PORT (33306), STOREFRONT_PG_PORT (55432), STOREFRONT_DB_WAIT_SECONDS (30).
set -euo pipefail

STATE_DIR="${STOREFRONT_DB_DIR:-/tmp/storefront-databases}"
MYSQL_PORT="${STOREFRONT_MYSQL_PORT:-33306}"
PG_PORT="${STOREFRONT_PG_PORT:-55432}"
WAIT_SECONDS="${STOREFRONT_DB_WAIT_SECONDS:-30}"
ENV_FILE="$STATE_DIR/env"
MYSQL_DIR="$STATE_DIR/mysql"
PG_DIR="$STATE_DIR/postgres"

log() { echo "start-databases: $*" >&2; }
die() { echo "start-databases: ERROR: $*" >&2; exit 1; }
is_root() { [[ "$(id -u)" == 0 ]]; }

# The newest installed PostgreSQL's binaries (Debian keeps them out of PATH).
pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n "$dir" && -x "$dir/initdb" ]] && echo "$dir"
}

mariadbd_bin() {
  command -v mariadbd 2>/dev/null || { [[ -x /usr/sbin/mariadbd ]] && echo /usr/sbin/mariadbd; }
}

# Runs a command as a service user when we are root (PostgreSQL refuses to run as root).
run_as() {
  local user="$1"; shift
  if is_root; then runuser -u "$user" -- "$@"; else "$@"; fi
}

install_missing_packages() {
  local missing=()
  mariadbd_bin > /dev/null || missing+=(mariadb-server)
  pg_bin > /dev/null || missing+=(postgresql)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  is_root || die "${missing[*]} not installed; install them (sudo apt-get install ${missing[*]}) or run this script as root"
  log "installing ${missing[*]}"
  # Debian starts a package's system-wide server on install; policy-rc.d answering 101 stops that
  # (these tests run their own servers). Only a policy file this script created is removed.
  local own_policy=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=true
  fi
  local status=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  } || status=$?
  [[ "$own_policy" == true ]] && rm -f /usr/sbin/policy-rc.d
  [[ $status -eq 0 ]] || die "apt-get could not install ${missing[*]} (exit $status)"
}

port_is_free() {
  ! (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

# Waits until `check` succeeds, for at most WAIT_SECONDS; on failure prints the server's log tail.
wait_until() {
  local name="$1" log_file="$2"; shift 2
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" > /dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      tail -n 30 "$log_file" >&2 2> /dev/null || true
      die "$name did not accept connections on 127.0.0.1 within ${WAIT_SECONDS}s (log: $log_file)"
    fi
    sleep 0.2
  done
}

mysql_admin_user() { if is_root; then echo root; else id -un; fi; }

mysql_is_up() {
  [[ -S "$MYSQL_DIR/run/mysqld.sock" ]] &&
    mariadb-admin --no-defaults --socket="$MYSQL_DIR/run/mysqld.sock" -u"$(mysql_admin_user)" ping
}

pg_is_up() {
  "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
}

start_mariadb() {
  local user_flag=()
  is_root && user_flag=(--user=mysql)
  mkdir -p "$MYSQL_DIR/data" "$MYSQL_DIR/run"
  is_root && chown -R mysql:mysql "$MYSQL_DIR"
  # --no-defaults: ignore /etc/mysql (the system server's datadir, socket and port).
  mariadb-install-db --no-defaults "${user_flag[@]}" --datadir="$MYSQL_DIR/data" --auth-root-authentication-method=socket \
    --skip-test-db > "$MYSQL_DIR/install.log" 2>&1 || { cat "$MYSQL_DIR/install.log" >&2; die "mariadb-install-db failed"; }
  setsid "$(mariadbd_bin)" --no-defaults "${user_flag[@]}" --datadir="$MYSQL_DIR/data" \
    --port="$MYSQL_PORT" --bind-address=127.0.0.1 --skip-name-resolve \
    --socket="$MYSQL_DIR/run/mysqld.sock" --pid-file="$MYSQL_DIR/run/mysqld.pid" --log-error="$MYSQL_DIR/server.log" \
    --skip-log-bin --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=0 --max-connections=300 \
    < /dev/null > /dev/null 2>&1 &
  wait_until "MariaDB" "$MYSQL_DIR/server.log" mysql_is_up
}

start_postgres() {
  local bin
  bin=$(pg_bin)
  mkdir -p "$PG_DIR/run"
  is_root && chown -R postgres:postgres "$PG_DIR"
  run_as postgres "$bin/initdb" -D "$PG_DIR/data" --username=postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --no-locale --no-sync > "$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  # Durability off: this data is thrown away, and the tests should measure the service, not fsync.
  run_as postgres "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t "$WAIT_SECONDS" \
    -o "-p $PG_PORT -k $PG_DIR/run -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start > /dev/null || { tail -n 30 "$PG_DIR/server.log" >&2; die "PostgreSQL did not start (log: $PG_DIR/server.log)"; }
  wait_until "PostgreSQL" "$PG_DIR/server.log" pg_is_up
}

create_databases() {
  local password="$1"
  mariadb --no-defaults --socket="$MYSQL_DIR/run/mysqld.sock" -u"$(mysql_admin_user)" <<SQL
CREATE DATABASE IF NOT EXISTS catalog CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS 'storefront'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER IF NOT EXISTS 'storefront'@'localhost' IDENTIFIED BY '$password';
GRANT ALL ON catalog.* TO 'storefront'@'127.0.0.1', 'storefront'@'localhost';
SQL
  run_as postgres "$(pg_bin)/psql" -q -X -v ON_ERROR_STOP=1 -h "$PG_DIR/run" -p "$PG_PORT" -U postgres -d postgres > /dev/null <<SQL
CREATE ROLE storefront LOGIN PASSWORD '$password';
CREATE DATABASE orders OWNER storefront;
SQL
}

write_env_file() {
  local password="$1"
  umask 077
  cat > "$ENV_FILE" <<ENV
CATALOG_DB_HOST=127.0.0.1
CATALOG_DB_PORT=$MYSQL_PORT
CATALOG_DB_NAME=catalog
CATALOG_DB_USER=storefront
CATALOG_DB_PASSWORD=$password
ORDERS_DB_HOST=127.0.0.1
ORDERS_DB_PORT=$PG_PORT
ORDERS_DB_NAME=orders
ORDERS_DB_USER=storefront
ORDERS_DB_PASSWORD=$password
DB_TLS=off
ENV
}

print_env() {
  sed 's/^/export /' "$ENV_FILE"
}

main() {
  install_missing_packages
  if [[ -f "$ENV_FILE" ]] && mysql_is_up && pg_is_up; then
    log "reusing the servers already running from $STATE_DIR"
    print_env
    return 0
  fi
  # Anything left from an earlier run that is not fully up is stopped and thrown away.
  if [[ -e "$STATE_DIR" ]]; then
    STOREFRONT_DB_DIR="$STATE_DIR" bash "$(dirname "$0")/stop-databases.sh" > /dev/null
  fi
  for port in "$MYSQL_PORT" "$PG_PORT"; do
    port_is_free "$port" || die "port $port on 127.0.0.1 is taken by another program; choose others with STOREFRONT_MYSQL_PORT / STOREFRONT_PG_PORT"
  done
  mkdir -p "$STATE_DIR"
  chmod 755 "$STATE_DIR"
  local started=$SECONDS password
  # A fresh random password each time: nothing to leak, and a wrong-password bug cannot pass by luck.
  password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  start_mariadb &
  local mariadb_job=$!
  start_postgres
  wait "$mariadb_job" || die "MariaDB did not start"
  create_databases "$password"
  write_env_file "$password"
  log "MariaDB on 127.0.0.1:$MYSQL_PORT and PostgreSQL on 127.0.0.1:$PG_PORT ready in $((SECONDS - started))s; variables in $ENV_FILE"
  print_env
}

main "$@"
