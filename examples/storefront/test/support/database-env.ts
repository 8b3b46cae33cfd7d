/**
 * Setup for the integration tests: the database variables come from the environment, or from the
 * file scripts/start-databases.sh writes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const envFile = path.join(process.env.STOREFRONT_DB_DIR ?? '/tmp/storefront-databases', 'env');

if (!process.env.CATALOG_DB_HOST) {
  if (!existsSync(envFile)) {
    throw new Error(`the integration tests need MariaDB and PostgreSQL: run \`npm run db:start\` first (no ${envFile})`);
  }
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) process.env[match[1]!] ??= match[2];
  }
}
