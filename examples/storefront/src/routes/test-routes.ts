import type { FastifyPluginAsync } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { parseOrThrow } from '../schemas.js';

const slowQuery = z.object({
  ms: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().max(20_000)).default(1_000),
});

/**
 * Routes for the drain test, registered only with STOREFRONT_TEST_ROUTES=on (refused in production).
 * GET /__test/slow waits, then uses both database pools: it succeeds only if shutdown let it finish
 * and kept the pools open until it had.
 */
export const testRoutes: FastifyPluginAsync<{ probes: Array<(timeoutMs: number) => Promise<void>> }> = async (app, { probes }) => {
  app.get('/__test/slow', async (request) => {
    const { ms } = parseOrThrow(slowQuery, request.query);
    await sleep(ms);
    await Promise.all(probes.map((probe) => probe(2_000)));
    return { sleptMs: ms };
  });
};
