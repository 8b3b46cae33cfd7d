/** The built service as a process, over real HTTP, against both real databases. */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchemas, seedProducts } from '../support/databases.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

let server: ServerProcess;
let ids: number[];

beforeAll(async () => {
  await dropSchemas();
  server = await startServer(); // migrates the empty databases on start
  ids = await seedProducts([
    { sku: 'MUG-001', name: 'Enamel mug', pricePence: 1200 },
    { sku: 'TEA-002', name: 'Breakfast tea, 80 bags', pricePence: 450 },
  ]);
});

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
});

const url = (route: string) => `${server.baseUrl}${route}`;

describe('the storefront service', () => {
  it('migrated both databases before it started listening', () => {
    const messages = server.logs.map((line) => line.msg);

    expect(messages).toContain('applied catalog migration 1: create products');
    expect(messages).toContain('applied orders migration 1: create orders and order_lines');
    expect(messages.indexOf('applied catalog migration 1: create products')).toBeLessThan(messages.findIndex((m) => String(m).startsWith('Server listening')));
  });

  it('is ready when both databases answer', async () => {
    const response = await fetch(url('/ready'));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', phase: 'ready', checks: { catalog: 'ok', orders: 'ok' } });
  });

  it('places an order against the catalog and reads it back', async () => {
    const placed = await fetch(url('/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ productId: ids[0], quantity: 2 }, { productId: ids[1], quantity: 1 }] }),
    });
    expect(placed.status).toBe(201);
    const order = await placed.json() as { id: string; totalPence: number };
    expect(order.totalPence).toBe(2850);

    const read = await fetch(url(placed.headers.get('location')!));

    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(order);
  });

  it('refuses an order for a product missing from the catalog with 422', async () => {
    const response = await fetch(url('/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ productId: 987_654, quantity: 1 }] }),
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: 'unknown_product', message: 'product 987654 does not exist' });
  });

  it('stores an uploaded image on the media volume and serves it back', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);

    const uploaded = await fetch(url(`/products/${ids[0]}/image`), { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    const served = await fetch(url(`/products/${ids[0]}/image`));

    expect(uploaded.status).toBe(201);
    expect(readdirSync(path.join(server.mediaDir, 'products'))).toEqual([`${ids[0]}.png`]);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('logs each request as JSON with its request id, and never a password', async () => {
    await fetch(url('/products'), { headers: { 'x-amzn-trace-id': 'Root=1-abc-logged' } });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const lines = server.logs.filter((line) => line.requestId === 'Root=1-abc-logged');
    expect(lines.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);
    expect(JSON.stringify(server.logs)).not.toContain(process.env.CATALOG_DB_PASSWORD);
  });

  it('does not log the load balancer health checks', async () => {
    await fetch(url('/health'), { headers: { 'x-amzn-trace-id': 'Root=1-abc-health' } });
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(server.logs.filter((line) => line.requestId === 'Root=1-abc-health')).toEqual([]);
  });
});
