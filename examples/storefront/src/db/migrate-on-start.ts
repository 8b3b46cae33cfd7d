import mysql from 'mysql2/promise';
import pg from 'pg';
import type { Config } from '../config.js';
import { catalogConnectionOptions } from './catalog.js';
import { migrateCatalog, migrateOrders, type MigrationLog } from './migrations.js';
import { ordersConnectionOptions } from './orders.js';
import type { DatabaseTlsOptions } from './tls.js';

/** Migrates both databases, each over a dedicated connection opened and closed here. */
export async function migrateOnStart(config: Config, tls: DatabaseTlsOptions | undefined, log: MigrationLog): Promise<void> {
  await Promise.all([
    (async () => {
      const connection = await mysql.createConnection(catalogConnectionOptions(config.catalog, tls));
      try {
        await migrateCatalog(connection, log);
      } finally {
        await connection.end();
      }
    })(),
    (async () => {
      const client = new pg.Client(ordersConnectionOptions(config.orders, tls));
      await client.connect();
      try {
        await migrateOrders(client, log);
      } finally {
        await client.end();
      }
    })(),
  ]);
}
