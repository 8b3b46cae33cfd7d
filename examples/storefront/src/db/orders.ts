import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { DatabaseTlsOptions, tlsConnectOptions } from './tls.js';
import { guard, withTimeout } from './unavailable.js';

export interface OrderLine {
  readonly productId: number;
  readonly quantity: number;
  /** The catalog price when the order was placed: later price changes never alter an order. */
  readonly unitPricePence: number;
}

export interface Order {
  readonly id: string;
  readonly status: 'placed';
  readonly currency: 'GBP';
  readonly totalPence: number;
  readonly createdAt: string;
  readonly lines: readonly OrderLine[];
}

/** Orders (Aurora PostgreSQL), as the routes see them. */
export interface Orders {
  createOrder(lines: readonly OrderLine[]): Promise<Order>;
  getOrder(id: string): Promise<Order | undefined>;
  /** Resolves when the database answers `SELECT 1` within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
}

export const ORDERS_TIMEOUTS = {
  /** TCP + TLS + authentication, and the wait for a free pooled connection. */
  connectMs: 5_000,
  /** Server-side statement_timeout: PostgreSQL cancels the statement itself. */
  statementMs: 5_000,
  /** Client-side guard a little longer, for a server that stops answering altogether. */
  queryMs: 6_000,
} as const;

/** Connection settings shared by the pool and the one-off migration client. */
export function ordersConnectionOptions(config: DatabaseConfig, tls: DatabaseTlsOptions | undefined): pg.ClientConfig {
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
    application_name: 'storefront',
    connectionTimeoutMillis: ORDERS_TIMEOUTS.connectMs,
    keepAlive: true,
    ssl: tls ? tlsConnectOptions(tls) : false,
  };
}

export function createOrdersPool(config: DatabaseConfig, tls: DatabaseTlsOptions | undefined, size: number): pg.Pool {
  return new pg.Pool({
    ...ordersConnectionOptions(config, tls),
    max: size,
    idleTimeoutMillis: 60_000,
    statement_timeout: ORDERS_TIMEOUTS.statementMs,
    query_timeout: ORDERS_TIMEOUTS.queryMs,
  });
}

interface OrderRow {
  id: string;
  total_pence: string | number;
  created_at: Date;
}

interface LineRow {
  product_id: string | number;
  quantity: number;
  unit_price_pence: number;
}

function toOrder(order: OrderRow, lines: LineRow[]): Order {
  return {
    id: order.id,
    status: 'placed',
    currency: 'GBP',
    totalPence: Number(order.total_pence),
    createdAt: order.created_at.toISOString(),
    lines: lines.map((line) => ({ productId: Number(line.product_id), quantity: line.quantity, unitPricePence: line.unit_price_pence })),
  };
}

export class PostgresOrders implements Orders {
  constructor(private readonly pool: pg.Pool) {}

  async createOrder(lines: readonly OrderLine[]): Promise<Order> {
    const total = lines.reduce((sum, line) => sum + line.quantity * line.unitPricePence, 0);
    return guard('orders', async () => {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const order = await client.query<OrderRow>(
          "INSERT INTO orders (total_pence, currency) VALUES ($1, 'GBP') RETURNING id, total_pence, created_at",
          [total],
        );
        const inserted = await client.query<LineRow>(
          `INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_pence)
           SELECT $1, line_no, product_id, quantity, unit_price_pence
           FROM unnest($2::int[], $3::bigint[], $4::int[], $5::int[]) AS l(line_no, product_id, quantity, unit_price_pence)
           RETURNING product_id, quantity, unit_price_pence`,
          [order.rows[0]!.id, lines.map((_, i) => i + 1), lines.map((l) => l.productId), lines.map((l) => l.quantity), lines.map((l) => l.unitPricePence)],
        );
        await client.query('COMMIT');
        return toOrder(order.rows[0]!, inserted.rows);
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => { broken = rollbackError; });
        throw error;
      } finally {
        // A connection that could not even roll back is discarded, never handed to the next request.
        client.release(broken);
      }
    });
  }

  async getOrder(id: string): Promise<Order | undefined> {
    return guard('orders', async () => {
      const result = await this.pool.query<OrderRow & LineRow>(
        `SELECT o.id, o.total_pence, o.created_at, l.product_id, l.quantity, l.unit_price_pence
         FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.id = $1 ORDER BY l.line_no`,
        [id],
      );
      return result.rows[0] === undefined ? undefined : toOrder(result.rows[0], result.rows);
    });
  }

  async ping(timeoutMs: number): Promise<void> {
    await guard('orders', () => withTimeout(this.pool.query('SELECT 1'), timeoutMs, 'orders ping'));
  }
}
