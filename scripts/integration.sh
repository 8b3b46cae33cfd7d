#!/usr/bin/env bash
# `npm run test:integration`: everything that needs real databases, with ONE start of the servers.
#   1. start throwaway MariaDB and PostgreSQL on loopback (examples/storefront/scripts/start-databases.sh;
#      installs them with apt-get when missing, as root) and a non-superuser master user in each,
#      standing in for Aurora's (scripts/create-master-users.sh)
#   2. the database-users Lambda's integration tests (vitest.integration.config.mts)
#   3. the storefront's own user, svc_storefront (read-write on catalog and orders), provisioned by
#      that Lambda's code; then the storefront example's CI (npm ci, unit tests, integration and
#      drain tests) connected as that user
# The databases are always stopped and deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS

export STOREFRONT_DB_DIR="${STOREFRONT_DB_DIR:-/tmp/storefront-databases}"
trap 'bash "$root/examples/storefront/scripts/stop-databases.sh"' EXIT
bash examples/storefront/scripts/start-databases.sh > /dev/null
bash scripts/create-master-users.sh

npx vitest run --config vitest.integration.config.mts
echo "integration: database-users tests passed after $((SECONDS - started)) s"

npx tsx scripts/provision-storefront-users.ts
set -a
# shellcheck disable=SC1091
. "$STOREFRONT_DB_DIR/env"
set +a
[[ "$CATALOG_DB_USER" == svc_storefront && "$ORDERS_DB_USER" == svc_storefront ]] || { echo "integration: storefront env not pointed at svc_storefront" >&2; exit 1; }

cd examples/storefront
echo "storefront: node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund
npm test
npm run test:integration
echo "integration: all passed in $((SECONDS - started)) s"
