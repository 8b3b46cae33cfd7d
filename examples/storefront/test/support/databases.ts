/** Real database access for the integration tests and the load script. */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import { catalogConnectionOptions } from '../../src/db/catalog.js';
import { ordersConnectionOptions } from '../../src/db/orders.js';

/** The service configuration pointing at the local test servers (plaintext: they have no certificates). */
export function localConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, PORT: '1', DB_TLS: 'off', ...overrides });
}

/** The variables a storefront process needs to run against the local test servers. */
export function localServiceEnv(): Record<string, string> {
  const names = ['CATALOG_DB', 'ORDERS_DB'].flatMap((db) => ['HOST', 'PORT', 'NAME', 'USER', 'PASSWORD'].map((part) => `${db}_${part}`));
  return Object.fromEntries(names.map((name) => [name, process.env[name] ?? '']).concat([['DB_TLS', 'off']]));
}

export async function catalogConnection(config = localConfig()): Promise<mysql.Connection> {
  return mysql.createConnection(catalogConnectionOptions(config.catalog, undefined));
}

export async function ordersClient(config = localConfig()): Promise<pg.Client> {
  const client = new pg.Client(ordersConnectionOptions(config.orders, undefined));
  await client.connect();
  return client;
}

/** Drops everything the service creates, so a test starts from an empty database. */
export async function dropSchemas(): Promise<void> {
  const catalog = await catalogConnection();
  const orders = await ordersClient();
  try {
    await catalog.query('DROP TABLE IF EXISTS products, schema_migrations');
    await orders.query('DROP TABLE IF EXISTS order_lines, orders, schema_migrations');
  } finally {
    await Promise.all([catalog.end(), orders.end()]);
  }
}

export interface SeedProduct {
  readonly sku: string;
  readonly name: string;
  readonly pricePence: number;
}

/** Inserts products (or keeps existing ones with the same SKU) and returns their ids in order. */
export async function seedProducts(products: readonly SeedProduct[]): Promise<number[]> {
  const catalog = await catalogConnection();
  try {
    await catalog.query('INSERT IGNORE INTO products (sku, name, price_pence) VALUES ?', [products.map((p) => [p.sku, p.name, p.pricePence])]);
    const [rows] = await catalog.query<mysql.RowDataPacket[]>('SELECT id, sku FROM products WHERE sku IN (?)', [products.map((p) => p.sku)]);
    const ids = new Map(rows.map((row) => [String(row.sku), Number(row.id)]));
    return products.map((p) => ids.get(p.sku)!);
  } finally {
    await catalog.end();
  }
}
