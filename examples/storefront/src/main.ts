/**
 * The process: read the configuration, migrate, listen, drain on SIGTERM.
 * Run as `node dist/main.js` (PID 1 in the image, exec-form CMD).
 */
import { buildApp } from './app.js';
import { ConfigError, describeConfig, loadConfig, type Config } from './config.js';
import { createCatalogPool, MysqlCatalog } from './db/catalog.js';
import { migrateOnStart } from './db/migrate-on-start.js';
import { createOrdersPool, PostgresOrders } from './db/orders.js';
import { databaseTls } from './db/tls.js';
import { loggerOptions } from './logger.js';
import { MediaDirectory } from './media.js';
import { Readiness } from './readiness.js';
import { createShutdown, onTerminationSignals } from './shutdown.js';

/** The configuration, or exit 1 with one plain line (no stack) naming every variable to fix. */
function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`storefront: ${error.message}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const tls = databaseTls(config.databaseTls, config.databaseCaFile);
  const catalogPool = createCatalogPool(config.catalog, tls, config.databasePoolSize);
  const ordersPool = createOrdersPool(config.orders, tls, config.databasePoolSize);
  const catalog = new MysqlCatalog(catalogPool);
  const orders = new PostgresOrders(ordersPool);
  const readiness = new Readiness({ catalog: (ms) => catalog.ping(ms), orders: (ms) => orders.ping(ms) });

  const app = buildApp({
    catalog,
    orders,
    media: new MediaDirectory(config.mediaDir, config.maxImageBytes),
    readiness,
    maxImageBytes: config.maxImageBytes,
    logger: loggerOptions(config.logLevel),
    testRoutes: config.testRoutes,
  });
  // An idle pooled connection that breaks (failover, network) emits here; without a listener it would crash the process.
  ordersPool.on('error', (error) => app.log.warn({ err: error }, 'idle orders connection closed'));

  const shutdown = createShutdown({
    markDraining: () => readiness.markDraining(),
    closeServer: () => app.close(),
    closeResources: [() => catalogPool.end(), () => ordersPool.end()],
    deadlineMs: config.shutdownTimeoutMs,
    log: app.log,
    exit: (code) => process.exit(code),
  });
  onTerminationSignals(shutdown);

  app.log.info({ config: describeConfig(config) }, 'starting');
  try {
    // Before listening: the load balancer never sees a task whose schema is not ready.
    await migrateOnStart(config, tls, app.log);
    readiness.markReady();
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    if (readiness.phase === 'draining') return; // SIGTERM during start-up: the shutdown owns the exit.
    app.log.fatal({ err: error }, 'start-up failed');
    await Promise.allSettled([catalogPool.end(), ordersPool.end()]);
    process.exit(1);
  }
}

await main();
