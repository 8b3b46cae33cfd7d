import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Catalog } from './db/catalog.js';
import type { Orders } from './db/orders.js';
import { DatabaseUnavailableError } from './db/unavailable.js';
import { errorNameFor, HttpError } from './http-errors.js';
import type { Media } from './media.js';
import type { Readiness } from './readiness.js';
import { healthRoutes } from './routes/health.js';
import { imageRoutes } from './routes/images.js';
import { orderRoutes } from './routes/orders.js';
import { productRoutes } from './routes/products.js';
import { testRoutes } from './routes/test-routes.js';

export interface AppDependencies {
  readonly catalog: Catalog;
  readonly orders: Orders;
  readonly media: Media;
  readonly readiness: Readiness;
  readonly maxImageBytes: number;
  /** Pino options (see logger.ts), or false for silence in tests. */
  readonly logger: FastifyServerOptions['logger'];
  readonly testRoutes?: boolean;
}

/** The HTTP application: routes, error mapping, request ids. No sockets and no database connections of its own. */
export function buildApp(deps: AppDependencies): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    // The ALB's X-Amzn-Trace-Id becomes the request id, so a log line can be matched to the access log.
    requestIdHeader: 'x-amzn-trace-id',
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: () => randomUUID(),
    // Only the ALB can reach the task (security groups), so its X-Forwarded-For is the client address.
    trustProxy: true,
    // Longer than the ALB's 60 s idle timeout, so the ALB, not the task, closes idle connections (no 502s).
    keepAliveTimeout: 65_000,
    // While closing, requests on kept-alive connections get 503 + Connection: close.
    return503OnClosing: true,
    bodyLimit: 64 * 1024,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Draining: close each kept-alive connection after its in-flight response, or the server
    // would wait for the client's idle timeout before it could finish closing.
    if (deps.readiness.phase === 'draining') reply.header('connection', 'close');
  });

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ error: error.error, message: error.message });
    }
    if (error instanceof DatabaseUnavailableError) {
      const hint = error.reason === 'authentication'
        ? '; the password may have been rotated since this task started: force a new deployment of the service'
        : '';
      request.log.error({ err: error.cause, database: error.database, reason: error.reason }, `${error.message}${hint}`);
      return reply.code(503).header('retry-after', '1').send({ error: 'unavailable', message: `the ${error.database} database is unavailable; try again shortly` });
    }
    const statusCode = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (statusCode >= 400 && statusCode < 500) {
      // Fastify's own client errors: malformed JSON, wrong Content-Type, body over the limit.
      return reply.code(statusCode).send({ error: errorNameFor(statusCode), message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'internal error' });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` }));

  app.register(healthRoutes, { readiness: deps.readiness });
  app.register(productRoutes, { catalog: deps.catalog });
  app.register(orderRoutes, { catalog: deps.catalog, orders: deps.orders });
  app.register(imageRoutes, { catalog: deps.catalog, media: deps.media, maxImageBytes: deps.maxImageBytes });
  if (deps.testRoutes) {
    app.register(testRoutes, { probes: [(ms) => deps.catalog.ping(ms), (ms) => deps.orders.ping(ms)] });
  }
  return app;
}
