import mysql from 'mysql2/promise';
import type { DatabaseConfig } from '../config.js';
import { DatabaseTlsOptions, tlsConnectOptions } from './tls.js';
import { guard, withTimeout } from './unavailable.js';

export interface Product {
  readonly id: number;
  readonly sku: string;
  readonly name: string;
  /** Price in pence (GBP): money is never a float. */
  readonly pricePence: number;
}

/** The product catalog (Aurora MySQL), as the routes see it. */
export interface Catalog {
  /** Products in id order after `afterId` (keyset pagination: stable and cheap at any depth). */
  listProducts(page: { readonly afterId: number; readonly limit: number }): Promise<Product[]>;
  getProduct(id: number): Promise<Product | undefined>;
  /** The products among `ids` that exist (any order). */
  getProducts(ids: readonly number[]): Promise<Product[]>;
  /** Resolves when the database answers `SELECT 1` within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
}

export const CATALOG_TIMEOUTS = {
  /** TCP + TLS + authentication. */
  connectMs: 5_000,
  /** One query; mysql2 destroys the connection when it is exceeded. */
  queryMs: 5_000,
} as const;

/** Connection settings shared by the pool and the one-off migration connection. */
export function catalogConnectionOptions(config: DatabaseConfig, tls: DatabaseTlsOptions | undefined): mysql.ConnectionOptions {
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    connectTimeout: CATALOG_TIMEOUTS.connectMs,
    charset: 'utf8mb4',
    timezone: 'Z',
    enableKeepAlive: true,
    ...(tls ? { ssl: tlsConnectOptions(tls) } : {}),
  };
}

export function createCatalogPool(config: DatabaseConfig, tls: DatabaseTlsOptions | undefined, size: number): mysql.Pool {
  return mysql.createPool({
    ...catalogConnectionOptions(config, tls),
    connectionLimit: size,
    maxIdle: size,
    idleTimeout: 60_000,
    waitForConnections: true,
    // A bounded wait queue: past it a request fails fast (503) instead of piling up behind a slow database.
    queueLimit: size * 20,
  });
}

interface ProductRow extends mysql.RowDataPacket {
  id: number;
  sku: string;
  name: string;
  price_pence: number;
}

const PRODUCT_COLUMNS = 'id, sku, name, price_pence';

function toProduct(row: ProductRow): Product {
  return { id: row.id, sku: row.sku, name: row.name, pricePence: row.price_pence };
}

export class MysqlCatalog implements Catalog {
  constructor(private readonly pool: mysql.Pool) {}

  async listProducts(page: { readonly afterId: number; readonly limit: number }): Promise<Product[]> {
    const rows = await this.query(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id > ? ORDER BY id LIMIT ?`, [page.afterId, page.limit]);
    return rows.map(toProduct);
  }

  async getProduct(id: number): Promise<Product | undefined> {
    const rows = await this.query(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`, [id]);
    return rows[0] === undefined ? undefined : toProduct(rows[0]);
  }

  async getProducts(ids: readonly number[]): Promise<Product[]> {
    if (ids.length === 0) return [];
    const rows = await this.query(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id IN (?)`, [ids]);
    return rows.map(toProduct);
  }

  async ping(timeoutMs: number): Promise<void> {
    await guard('catalog', () => withTimeout(this.pool.query({ sql: 'SELECT 1', timeout: timeoutMs }), timeoutMs, 'catalog ping'));
  }

  /** Client-side escaping (`query`, not `execute`): no per-connection prepared-statement cache to grow. */
  private async query(sql: string, values: unknown[]): Promise<ProductRow[]> {
    return guard('catalog', async () => {
      const [rows] = await this.pool.query<ProductRow[]>({ sql, values, timeout: CATALOG_TIMEOUTS.queryMs });
      return rows;
    });
  }
}
