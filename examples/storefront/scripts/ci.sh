#!/usr/bin/env bash
# The storefront example's whole CI, from a clean checkout (as root on a fresh Debian 12 machine,
# or as a developer with MariaDB and PostgreSQL installed): install exactly what the lock file says,
# type check + lint + unit tests, start real MariaDB and PostgreSQL on loopback, run the
# integration and SIGTERM drain tests against them, and always stop the databases afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

echo "storefront: node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund
npm test

trap 'bash scripts/stop-databases.sh' EXIT
eval "$(bash scripts/start-databases.sh)"
npm run test:integration

echo "storefront: CI passed in $((SECONDS - started)) s"
