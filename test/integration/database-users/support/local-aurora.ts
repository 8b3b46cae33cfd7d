/**
 * The local MariaDB and PostgreSQL (scripts/integration.sh) standing in for Aurora clusters: a
 * fake DescribeDBClusters pointing at them, their master credentials in the fake Secrets Manager,
 * and helpers to log in as a service user the way a task would.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { secretsApi, type ClusterInfo } from '../../../../src/lambda/database-users/aws-clients';
import type { HandlerDeps } from '../../../../src/lambda/database-users/deps';
import type { Engine } from '../../../../src/lambda/database-users/names';
import { connector, withSession, type Connect, type SqlSession } from '../../../../src/lambda/database-users/sql-session';
import { FakeSecretsManager } from '../../../support/fake-secrets-manager';

export const ENGINES: readonly Engine[] = ['mysql', 'postgres'];

interface LocalServer {
  readonly host: string;
  readonly port: number;
  readonly masterUser: string;
  readonly masterPassword: string;
}

/** Reads $STOREFRONT_DB_DIR/aurora-master.env (scripts/create-master-users.sh) unless the variables are set. */
function loadEnv(): void {
  if (process.env.PORTSIDE_IT_MYSQL_PORT) return;
  const file = path.join(process.env.STOREFRONT_DB_DIR ?? '/tmp/storefront-databases', 'aurora-master.env');
  if (!existsSync(file)) throw new Error(`the database-users integration tests need MariaDB and PostgreSQL: run \`bash scripts/integration.sh\` (no ${file})`);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) process.env[match[1]!] ??= match[2];
  }
}

export function localServer(engine: Engine): LocalServer {
  loadEnv();
  const prefix = engine === 'mysql' ? 'PORTSIDE_IT_MYSQL' : 'PORTSIDE_IT_PG';
  const value = (name: string) => {
    const v = process.env[`${prefix}_${name}`];
    if (!v) throw new Error(`${prefix}_${name} is not set`);
    return v;
  };
  return { host: value('HOST'), port: Number(value('PORT')), masterUser: value('MASTER_USER'), masterPassword: value('MASTER_PASSWORD') };
}

/** Plaintext: the local servers have no certificates (production uses rdsTls()). */
export const localConnect: Connect = connector(undefined);

/** A name nobody else in this run uses (users are cluster-wide, tests share the servers). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(3).toString('hex')}`;
}

export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}

export interface LocalAurora {
  readonly secrets: FakeSecretsManager;
  readonly deps: HandlerDeps;
  /** Cluster identifier per engine, as the custom resource names it. */
  readonly clusterId: Readonly<Record<Engine, string>>;
  /** Runs `work` as the master user in `database`. */
  asMaster<T>(engine: Engine, database: string | undefined, work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Runs `work` as a service user, as a task would log in. */
  asUser<T>(engine: Engine, database: string, username: string, password: string, work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** A fresh database owned by the master user. */
  createDatabase(engine: Engine, prefix: string): Promise<string>;
  close(): Promise<void>;
}

/** Two local "clusters" (one per engine) behind the fake Secrets Manager and a fake RDS. */
export async function localAurora(options: { connect?: Connect } = {}): Promise<LocalAurora> {
  const secrets = new FakeSecretsManager();
  const client = await secrets.client();
  const clusterId = { mysql: 'purchase-direct-test-catalog', postgres: 'purchase-direct-test-orders' } as const;
  const clusters = new Map<string, ClusterInfo>();
  for (const engine of ENGINES) {
    const server = localServer(engine);
    const masterSecretArn = secrets.createSecret(`rds!cluster-${engine}`, JSON.stringify({ username: server.masterUser, password: server.masterPassword }));
    clusters.set(clusterId[engine], { engine, host: server.host, port: server.port, masterSecretArn });
  }
  const logs: string[] = [];
  const deps: HandlerDeps = {
    // DescribeDBClusters speaks the XML query protocol: faked at the interface, as the brief allows.
    aws: { ...secretsApi(client), describeCluster: async (id) => clusters.get(id) },
    connect: options.connect ?? localConnect,
    log: (message) => logs.push(message),
  };
  const asMaster = <T>(engine: Engine, database: string | undefined, work: (session: SqlSession) => Promise<T>) => {
    const server = localServer(engine);
    return withSession(localConnect, { engine, host: server.host, port: server.port, database, username: server.masterUser, password: server.masterPassword }, work);
  };
  return {
    secrets,
    deps,
    clusterId,
    asMaster,
    asUser(engine, database, username, password, work) {
      const server = localServer(engine);
      return withSession(localConnect, { engine, host: server.host, port: server.port, database, username, password }, work);
    },
    async createDatabase(engine, prefix) {
      const name = uniqueName(prefix);
      await asMaster(engine, undefined, (session) => session.query(`CREATE DATABASE ${name}`));
      return name;
    },
    async close() {
      client.destroy();
      await secrets.close();
    },
  };
}

/**
 * A connection factory whose sessions fail on the `failAt`-th statement of the run (counted over
 * all sessions): a failure half-way through provisioning. Later statements (ROLLBACK, the
 * compensating DROP USER) pass, as they would after a real mid-run error.
 */
export function failingConnect(failAt: number): { connect: Connect; statements: () => number } {
  let count = 0;
  const connect: Connect = async (target) => {
    const session = await localConnect(target);
    return {
      engine: session.engine,
      close: () => session.close(),
      async query(sql, params) {
        count += 1;
        if (count === failAt) throw new Error(`injected failure at statement ${failAt}: ${sql.slice(0, 60)}`);
        return session.query(sql, params);
      },
    };
  };
  return { connect, statements: () => count };
}
