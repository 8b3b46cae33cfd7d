/**
 * `npm run load`: a bounded mixed load against the built service on loopback, backed by the local
 * MariaDB and PostgreSQL (`npm run db:start` first). Prints what it measured; it asserts nothing,
 * and the numbers depend on the machine.
 *
 * Each connection repeats: GET /products, GET /products/:id, POST /orders, GET /orders/:id (the
 * order it just placed). The service runs in its own process, as in production, so the load
 * generator does not share its event loop.
 *
 * Settings (environment): LOAD_SECONDS (15), LOAD_CONNECTIONS (32), LOAD_LOG_LEVEL (warn: request
 * logging at info would measure the log pipe of this script), DB_POOL_SIZE (10).
 */
import '../test/support/database-env.js';
import autocannon from 'autocannon';
import pg from 'pg';
import { localConfig, seedProducts } from '../test/support/databases.js';
import { startServer } from '../test/support/server-process.js';

const seconds = Number(process.env.LOAD_SECONDS ?? 15);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 32);
const logLevel = process.env.LOAD_LOG_LEVEL ?? 'warn';
const poolSize = process.env.DB_POOL_SIZE ?? '10';

interface ConnectionContext {
  orderId?: string;
}

async function main(): Promise<void> {
  const server = await startServer({ LOG_LEVEL: logLevel, DB_POOL_SIZE: poolSize });
  try {
    const productIds = await seedProducts(Array.from({ length: 200 }, (_, i) => ({
      sku: `LOAD-${String(i + 1).padStart(4, '0')}`,
      name: `Load test product ${i + 1}`,
      pricePence: 100 + ((i * 37) % 5_000),
    })));
    const randomProduct = () => productIds[Math.floor(Math.random() * productIds.length)]!;
    const ordersBefore = await countOrders();
    let ordersPlaced = 0;

    console.log(`storefront load: ${seconds} s, ${connections} connections, pool ${poolSize} per database, log level ${logLevel}`);
    console.log('mix per connection: GET /products, GET /products/:id, POST /orders, GET /orders/:id (1:1:1:1)');
    const result = await autocannon({
      url: server.baseUrl,
      connections,
      duration: seconds,
      initialContext: {} satisfies ConnectionContext,
      requests: [
        { method: 'GET', path: '/products?limit=20' },
        { method: 'GET', setupRequest: (request) => ({ ...request, path: `/products/${randomProduct()}` }) },
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({
            ...request,
            path: '/orders',
            body: JSON.stringify({ items: [{ productId: randomProduct(), quantity: 1 + Math.floor(Math.random() * 3) }] }),
          }),
          onResponse: (status, body, context: ConnectionContext) => {
            if (status === 201) {
              ordersPlaced += 1;
              context.orderId = (JSON.parse(body) as { id: string }).id;
            }
          },
        },
        {
          method: 'GET',
          // No order placed on this connection yet (its POST failed): a falsy request makes autocannon start the cycle again.
          setupRequest: (request, context: ConnectionContext) => (context.orderId ? { ...request, path: `/orders/${context.orderId}` } : (null as never)),
        },
      ],
    });

    const ordersStored = (await countOrders()) - ordersBefore;
    const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => `${code}: ${stats.count}`).join(', ');
    console.log(`requests/s: average ${Math.round(result.requests.average)}, total ${result.requests.total} in ${result.duration.toFixed(1)} s`);
    console.log(`latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
    console.log(`responses: 2xx ${result['2xx']}, non-2xx ${result.non2xx} (${statuses}), errors ${result.errors}, timeouts ${result.timeouts}`);
    // Orders still in flight when the time ran out are stored but never counted as answered.
    console.log(`orders: ${ordersPlaced} answered 201, ${ordersStored} stored in PostgreSQL (the difference: orders in flight at the end)`);
  } finally {
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    console.log(`service: exited ${exit.code ?? exit.signal} after SIGTERM`);
  }
}

async function countOrders(): Promise<number> {
  const client = new pg.Client({ ...localConfig().orders });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

await main();
