import type { FastifyPluginAsync } from 'fastify';
import type { Readiness } from '../readiness.js';

/**
 * GET /health — liveness, the load balancer's health check (`healthCheckPath: /health`): the
 * process is up and its event loop answers. It calls no dependency, so a database blip never makes
 * ECS replace every task at once.
 *
 * GET /ready — readiness, for people and tools (deploy smoke tests, an operator's curl): 200 when
 * migrations are done and both databases answer within a second; 503 while starting, draining or
 * when a database is unreachable.
 */
export const healthRoutes: FastifyPluginAsync<{ readiness: Readiness }> = async (app, { readiness }) => {
  app.get('/health', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/ready', { logLevel: 'warn' }, async (_request, reply) => {
    const report = await readiness.check();
    return reply.code(report.ready ? 200 : 503).send({ status: report.ready ? 'ready' : 'not_ready', phase: report.phase, checks: report.checks });
  });
};
