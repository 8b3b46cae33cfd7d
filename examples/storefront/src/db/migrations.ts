/**
 * Schema migrations, run by every task at start before it listens.
 *
 * Several tasks start at once during a deployment, so each runner takes a database-wide advisory
 * lock first (MySQL GET_LOCK, PostgreSQL pg_advisory_lock): one task migrates, the others wait and
 * then find nothing left to do. Applied versions are recorded in `schema_migrations`; every
 * statement is also idempotent (IF NOT EXISTS), because MySQL commits DDL implicitly and a task
 * can die between a CREATE and its record.
 *
 * Migrations only ever add: a released image must keep working against the schema of the next one
 * (rolling deployments run both at once).
 */
import mysql from 'mysql2/promise';
import pg from 'pg';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export interface MigrationLog {
  info(details: object, message: string): void;
}

/** How long a task waits for another task's migration before giving up (ECS then replaces it). */
export const MIGRATION_LOCK_WAIT_SECONDS = 30;

export const CATALOG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create products',
    statements: [
      `CREATE TABLE IF NOT EXISTS products (
         id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
         sku VARCHAR(64) NOT NULL,
         name VARCHAR(200) NOT NULL,
         price_pence INT UNSIGNED NOT NULL,
         created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
         UNIQUE KEY products_sku (sku)
       ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
  },
];

export const ORDERS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create orders and order_lines',
    statements: [
      `CREATE TABLE IF NOT EXISTS orders (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         total_pence bigint NOT NULL CHECK (total_pence >= 0),
         currency char(3) NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE TABLE IF NOT EXISTS order_lines (
         order_id uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
         line_no int NOT NULL,
         product_id bigint NOT NULL,
         quantity int NOT NULL CHECK (quantity > 0),
         unit_price_pence int NOT NULL CHECK (unit_price_pence >= 0),
         PRIMARY KEY (order_id, line_no)
       )`,
    ],
  },
];

/** Migrates the catalog over `connection` (a dedicated connection: MySQL named locks belong to a session). */
export async function migrateCatalog(
  connection: mysql.Connection,
  log: MigrationLog,
  migrations: readonly Migration[] = CATALOG_MIGRATIONS,
): Promise<number[]> {
  // Named locks are server-wide, so the name carries the schema.
  const [[schema]] = await connection.query<mysql.RowDataPacket[]>('SELECT DATABASE() AS name');
  const lockName = `storefront-migrations:${String(schema?.name)}`.slice(0, 64);
  const [[lock]] = await connection.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS acquired', [lockName, MIGRATION_LOCK_WAIT_SECONDS]);
  if (lock?.acquired !== 1) {
    throw new Error(`catalog migration lock ${lockName} not acquired within ${MIGRATION_LOCK_WAIT_SECONDS} s: another task is still migrating`);
  }
  try {
    await connection.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INT NOT NULL PRIMARY KEY,
      name VARCHAR(200) NOT NULL,
      applied_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    const applied: number[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.version))) {
      for (const statement of migration.statements) await connection.query(statement);
      await connection.query('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [migration.version, migration.name]);
      log.info({ database: 'catalog', version: migration.version }, `applied catalog migration ${migration.version}: ${migration.name}`);
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await connection.query('SELECT RELEASE_LOCK(?)', [lockName]);
  }
}

/** An arbitrary constant naming the orders migration lock (pg advisory locks are keyed by a bigint). */
const ORDERS_MIGRATION_LOCK_KEY = '7301202547126153000';

/** Migrates the orders database over `client` (a dedicated session: it holds the advisory lock). */
export async function migrateOrders(
  client: pg.ClientBase,
  log: MigrationLog,
  migrations: readonly Migration[] = ORDERS_MIGRATIONS,
): Promise<number[]> {
  // lock_timeout bounds the wait for the advisory lock, as GET_LOCK's timeout does in MySQL.
  await client.query(`SET lock_timeout = '${MIGRATION_LOCK_WAIT_SECONDS}s'`);
  await client.query('SET statement_timeout = 0');
  await client.query('SELECT pg_advisory_lock($1)', [ORDERS_MIGRATION_LOCK_KEY]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version int PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    const applied: number[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.version))) {
      // PostgreSQL DDL is transactional: a migration and its record commit together or not at all.
      await client.query('BEGIN');
      try {
        for (const statement of migration.statements) await client.query(statement);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      log.info({ database: 'orders', version: migration.version }, `applied orders migration ${migration.version}: ${migration.name}`);
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [ORDERS_MIGRATION_LOCK_KEY]);
  }
}
