import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogPool, MysqlCatalog } from '../../src/db/catalog.js';
import { migrateOnStart } from '../../src/db/migrate-on-start.js';
import { createOrdersPool, PostgresOrders } from '../../src/db/orders.js';
import { DatabaseUnavailableError } from '../../src/db/unavailable.js';
import { dropSchemas, localConfig, seedProducts } from '../support/databases.js';

const config = localConfig();
const catalogPool = createCatalogPool(config.catalog, undefined, 4);
const ordersPool = createOrdersPool(config.orders, undefined, 4);
const catalog = new MysqlCatalog(catalogPool);
const orders = new PostgresOrders(ordersPool);
let ids: number[];

beforeAll(async () => {
  await dropSchemas();
  await migrateOnStart(config, undefined, { info: () => {} });
  ids = await seedProducts([
    { sku: 'MUG-001', name: 'Enamel mug', pricePence: 1200 },
    { sku: 'TEA-002', name: 'Breakfast tea, 80 bags', pricePence: 450 },
    { sku: 'SCARF-003', name: 'Wool scarf — “heritage”', pricePence: 2999 },
  ]);
});

afterAll(async () => {
  await Promise.all([catalogPool.end(), ordersPool.end()]);
});

describe('MysqlCatalog', () => {
  it('pages through products in id order', async () => {
    const first = await catalog.listProducts({ afterId: 0, limit: 2 });
    const rest = await catalog.listProducts({ afterId: first.at(-1)!.id, limit: 2 });

    expect([...first, ...rest].map((p) => p.sku)).toEqual(['MUG-001', 'TEA-002', 'SCARF-003']);
  });

  it('reads a product with its price in pence and its name intact (utf8mb4)', async () => {
    expect(await catalog.getProduct(ids[2]!)).toEqual({ id: ids[2], sku: 'SCARF-003', name: 'Wool scarf — “heritage”', pricePence: 2999 });
    expect(await catalog.getProduct(999_999)).toBeUndefined();
  });

  it('finds the products that exist among many ids in one query', async () => {
    const found = await catalog.getProducts([ids[0]!, 999_999, ids[1]!]);

    expect(found.map((p) => p.id).sort()).toEqual([ids[0], ids[1]].sort());
  });
});

describe('PostgresOrders', () => {
  it('stores an order with its lines and reads it back', async () => {
    const placed = await orders.createOrder([
      { productId: ids[0]!, quantity: 2, unitPricePence: 1200 },
      { productId: ids[1]!, quantity: 3, unitPricePence: 450 },
    ]);

    expect(placed).toMatchObject({ status: 'placed', currency: 'GBP', totalPence: 3750 });
    expect(placed.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await orders.getOrder(placed.id)).toEqual(placed);
  });

  it('stores nothing when a line is invalid (one transaction)', async () => {
    const before = await ordersPool.query('SELECT count(*)::int AS n FROM orders');

    await expect(orders.createOrder([{ productId: ids[0]!, quantity: 1, unitPricePence: 100 }, { productId: ids[1]!, quantity: 0, unitPricePence: 100 }]))
      .rejects.toThrow(/order_lines_quantity_check/);

    const after = await ordersPool.query('SELECT count(*)::int AS n FROM orders');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('returns undefined for an order that does not exist', async () => {
    expect(await orders.getOrder('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });
});

describe('when a database cannot answer', () => {
  it('reports a server that refuses connections as unavailable (connection)', async () => {
    const pool = createOrdersPool({ ...config.orders, port: 1 }, undefined, 1);
    try {
      await expect(new PostgresOrders(pool).getOrder('00000000-0000-4000-8000-000000000000'))
        .rejects.toMatchObject({ constructor: DatabaseUnavailableError, database: 'orders', reason: 'connection' });
    } finally {
      await pool.end();
    }
  });

  it('reports a rejected password as unavailable (authentication), as after a rotation', async () => {
    const pool = createCatalogPool({ ...config.catalog, password: 'rotated-away' }, undefined, 1);
    try {
      await expect(new MysqlCatalog(pool).getProduct(1))
        .rejects.toMatchObject({ constructor: DatabaseUnavailableError, database: 'catalog', reason: 'authentication' });
    } finally {
      await pool.end();
    }
  });

  it('answers the readiness probe within its timeout', async () => {
    await expect(catalog.ping(1_000)).resolves.toBeUndefined();
    await expect(orders.ping(1_000)).resolves.toBeUndefined();
  });
});
