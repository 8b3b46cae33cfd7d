/**
 * Provisions the storefront example's own database users on the local test servers with the
 * database-users Lambda's provisioning code (the same onEvent the Custom::DatabaseUser resource
 * runs), then points $STOREFRONT_DB_DIR/env at them, so the storefront's tests run as a
 * least-privilege service user instead of an all-powerful one:
 *   svc_storefront, read-write, on catalog (MariaDB) and on orders (PostgreSQL)
 * Needs scripts/create-master-users.sh to have run (the master credentials). Run with tsx.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AwsApi, ClusterInfo } from '../src/lambda/database-users/aws-clients';
import type { Engine } from '../src/lambda/database-users/names';
import { onDatabaseUserEvent } from '../src/lambda/database-users/provision';
import { connector } from '../src/lambda/database-users/sql-session';

const USERNAME = 'svc_storefront';

function readEnv(file: string): Map<string, string> {
  const entries = readFileSync(file, 'utf8').split('\n').map((line) => /^([A-Z_]+)=(.*)$/.exec(line)).filter((match) => match !== null);
  return new Map(entries.map((match) => [match[1]!, match[2]!]));
}

async function main(): Promise<void> {
  const stateDir = process.env.STOREFRONT_DB_DIR ?? '/tmp/storefront-databases';
  const master = readEnv(path.join(stateDir, 'aurora-master.env'));
  const envFile = path.join(stateDir, 'env');
  const storefront = readEnv(envFile);
  const password = randomBytes(24).toString('base64url');
  const get = (env: Map<string, string>, name: string) => {
    const value = env.get(name);
    if (value === undefined) throw new Error(`${name} missing`);
    return value;
  };

  // Local stand-ins for what the Lambda reads from AWS: the clusters and the secrets.
  const secrets = new Map<string, string>([
    ['master-mysql', JSON.stringify({ username: get(master, 'PORTSIDE_IT_MYSQL_MASTER_USER'), password: get(master, 'PORTSIDE_IT_MYSQL_MASTER_PASSWORD') })],
    ['master-postgres', JSON.stringify({ username: get(master, 'PORTSIDE_IT_PG_MASTER_USER'), password: get(master, 'PORTSIDE_IT_PG_MASTER_PASSWORD') })],
    ['svc-storefront', JSON.stringify({ username: USERNAME, password })],
  ]);
  const clusters: Record<string, ClusterInfo> = {
    catalog: { engine: 'mysql', host: get(master, 'PORTSIDE_IT_MYSQL_HOST'), port: Number(get(master, 'PORTSIDE_IT_MYSQL_PORT')), masterSecretArn: 'master-mysql' },
    orders: { engine: 'postgres', host: get(master, 'PORTSIDE_IT_PG_HOST'), port: Number(get(master, 'PORTSIDE_IT_PG_PORT')), masterSecretArn: 'master-postgres' },
  };
  const unused = async (): Promise<never> => {
    throw new Error('not used by provisioning');
  };
  const aws: AwsApi = {
    describeCluster: async (id) => clusters[id],
    getSecretString: async (id) => secrets.get(id),
    describeSecret: unused,
    randomPassword: unused,
    putPendingSecret: unused,
    moveCurrent: unused,
  };
  const deps = { aws, connect: connector(undefined), log: (message: string) => console.error(`provision-storefront-users: ${message}`) };

  for (const [cluster, database] of [['catalog', 'catalog'], ['orders', 'orders']] as const) {
    await onDatabaseUserEvent(
      { RequestType: 'Create', ResourceProperties: { ClusterIdentifier: cluster, DatabaseName: database, Username: USERNAME, Access: 'read-write', SecretArn: 'svc-storefront' } },
      deps,
    );
  }

  const prefixes: Record<Engine, string> = { mysql: 'CATALOG_DB', postgres: 'ORDERS_DB' };
  for (const prefix of Object.values(prefixes)) {
    storefront.set(`${prefix}_USER`, USERNAME);
    storefront.set(`${prefix}_PASSWORD`, password);
  }
  writeFileSync(envFile, [...storefront].map(([name, value]) => `${name}=${value}\n`).join(''), { mode: 0o600 });
}

main().catch((error: unknown) => {
  console.error(`provision-storefront-users: ${(error as Error).message}`);
  process.exit(1);
});
