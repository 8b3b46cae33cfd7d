#!/usr/bin/env bash
# Creates, on the local servers examples/storefront/scripts/start-databases.sh started, a stand-in
# for the Aurora master user that is NOT a superuser (as on Aurora), and writes its credentials to
# $STOREFRONT_DB_DIR/aurora-master.env for the database-users integration tests and provisioning:
#   MariaDB:    portside_master@'%' with ALL PRIVILEGES ON *.* WITH GRANT OPTION (Aurora's master
#               has a similar global set, without SUPER)
#   PostgreSQL: portside_master LOGIN CREATEROLE CREATEDB, owner of the orders database (Aurora's
#               master also has rds_superuser, which it does not need here)
set -euo pipefail

STATE_DIR="${STOREFRONT_DB_DIR:-/tmp/storefront-databases}"
MYSQL_PORT="${STOREFRONT_MYSQL_PORT:-33306}"
PG_PORT="${STOREFRONT_PG_PORT:-55432}"
MASTER_ENV="$STATE_DIR/aurora-master.env"

run_as() {
  local user="$1"; shift
  if [[ "$(id -u)" == 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}
mysql_admin_user() { if [[ "$(id -u)" == 0 ]]; then echo root; else id -un; fi; }

[[ -f "$STATE_DIR/env" ]] || { echo "create-master-users: start the databases first (no $STATE_DIR/env)" >&2; exit 1; }
if [[ -f "$MASTER_ENV" ]]; then
  echo "create-master-users: reusing $MASTER_ENV" >&2
  exit 0
fi

password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
mariadb --no-defaults --socket="$STATE_DIR/mysql/run/mysqld.sock" -u"$(mysql_admin_user)" <<SQL
CREATE USER 'portside_master'@'%' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'portside_master'@'%' WITH GRANT OPTION;
SQL
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run_as postgres "$pg_bin/psql" -q -X -v ON_ERROR_STOP=1 -h "$STATE_DIR/postgres/run" -p "$PG_PORT" -U postgres -d postgres > /dev/null <<SQL
CREATE ROLE portside_master LOGIN CREATEROLE CREATEDB PASSWORD '$password';
ALTER DATABASE orders OWNER TO portside_master;
SQL

umask 077
cat > "$MASTER_ENV" <<ENV
PORTSIDE_IT_MYSQL_HOST=127.0.0.1
PORTSIDE_IT_MYSQL_PORT=$MYSQL_PORT
PORTSIDE_IT_MYSQL_MASTER_USER=portside_master
PORTSIDE_IT_MYSQL_MASTER_PASSWORD=$password
PORTSIDE_IT_PG_HOST=127.0.0.1
PORTSIDE_IT_PG_PORT=$PG_PORT
PORTSIDE_IT_PG_MASTER_USER=portside_master
PORTSIDE_IT_PG_MASTER_PASSWORD=$password
ENV
echo "create-master-users: portside_master in MariaDB and PostgreSQL; credentials in $MASTER_ENV" >&2
