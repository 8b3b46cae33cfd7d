import type mysql from 'mysql2/promise';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrateCatalog, migrateOrders } from '../../src/db/migrations.js';
import { catalogConnection, dropSchemas, ordersClient } from '../support/databases.js';

const quiet = { info: () => {} };

beforeEach(dropSchemas);

describe('migrateCatalog (MariaDB, GET_LOCK)', () => {
  it('creates the schema on an empty database and records the version', async () => {
    const connection = await catalogConnection();
    try {
      expect(await migrateCatalog(connection, quiet)).toEqual([1]);

      const [versions] = await connection.query<mysql.RowDataPacket[]>('SELECT version FROM schema_migrations');
      expect(versions.map((row) => row.version)).toEqual([1]);
      await connection.query("INSERT INTO products (sku, name, price_pence) VALUES ('X-1', 'x', 100)");
    } finally {
      await connection.end();
    }
  });

  it('lets six tasks start at once: one migrates, the others wait for its lock and find nothing to do', async () => {
    const connections = await Promise.all(Array.from({ length: 6 }, () => catalogConnection()));
    try {
      const applied = await Promise.all(connections.map((connection) => migrateCatalog(connection, quiet)));

      expect(applied.flat()).toEqual([1]);
    } finally {
      await Promise.all(connections.map((connection) => connection.end()));
    }
  });

  it('waits while another session holds the migration lock', async () => {
    const holder = await catalogConnection();
    const migrator = await catalogConnection();
    try {
      await holder.query("SELECT GET_LOCK('storefront-migrations:catalog', 0)");
      const started = Date.now();
      setTimeout(() => void holder.query("SELECT RELEASE_LOCK('storefront-migrations:catalog')"), 500);

      await migrateCatalog(migrator, quiet);

      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    } finally {
      await Promise.all([holder.end(), migrator.end()]);
    }
  });
});

describe('migrateOrders (PostgreSQL, pg_advisory_lock)', () => {
  it('creates the schema on an empty database and records the version', async () => {
    const client = await ordersClient();
    try {
      expect(await migrateOrders(client, quiet)).toEqual([1]);

      const { rows } = await client.query('SELECT version FROM schema_migrations');
      expect(rows).toEqual([{ version: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('lets six tasks start at once: one migrates, the others find nothing to do', async () => {
    const clients = await Promise.all(Array.from({ length: 6 }, () => ordersClient()));
    try {
      const applied = await Promise.all(clients.map((client) => migrateOrders(client, quiet)));

      expect(applied.flat()).toEqual([1]);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it('rolls a failing migration back entirely and records nothing', async () => {
    const client = await ordersClient();
    try {
      const broken = [{ version: 1, name: 'half broken', statements: ['CREATE TABLE half (id int)', 'SELECT no_such_function()'] }];

      await expect(migrateOrders(client, quiet, broken)).rejects.toThrow(/no_such_function/);

      const { rows } = await client.query("SELECT to_regclass('half') AS half, (SELECT count(*) FROM schema_migrations)::int AS recorded");
      expect(rows).toEqual([{ half: null, recorded: 0 }]);
      // The lock was released: a correct migration runs straight after.
      expect(await migrateOrders(client, quiet)).toEqual([1]);
    } finally {
      await client.end();
    }
  });
});
