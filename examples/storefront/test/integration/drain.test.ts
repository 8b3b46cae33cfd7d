/**
 * SIGTERM as ECS sends it, to the built service as a real process: in-flight requests finish, new
 * connections are refused, the pools close after the last request, and the process exits 0 before
 * its deadline; past the deadline it exits 1 rather than wait for SIGKILL.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { spawnService, startServer, type ServerProcess } from '../support/server-process.js';

/** Resolves with 'refused' or 'accepted' for one new TCP connection. */
function tryConnect(port: number): Promise<'refused' | 'accepted'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve('accepted'); });
    socket.once('error', () => resolve('refused'));
  });
}

/** Waits until `count` requests to `path` have reached the service (its "incoming request" log lines). */
async function arrived(server: ServerProcess, path: string, count: number, withinMs = 5_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  const seen = () => server.logs.filter((line) => line.msg === 'incoming request' && (line.req as { url?: string } | undefined)?.url?.startsWith(path)).length;
  while (seen() < count) {
    if (Date.now() > deadline) throw new Error(`only ${seen()} of ${count} requests to ${path} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const TEST_ROUTES = { STOREFRONT_TEST_ROUTES: 'on' };

describe('graceful shutdown on SIGTERM', () => {
  it('finishes every in-flight request with 2xx, refuses new connections, and exits 0 before the deadline', async () => {
    const server = await startServer({ ...TEST_ROUTES, SHUTDOWN_TIMEOUT_MS: '8000' });
    const inFlight = Array.from({ length: 20 }, () => fetch(`${server.baseUrl}/__test/slow?ms=1500`).then(async (r) => ({ status: r.status, body: await r.json() as { sleptMs: number } })));
    let settled = 0;
    inFlight.forEach((request) => void request.finally(() => { settled += 1; }));
    await arrived(server, '/__test/slow', 20);

    const signalled = Date.now();
    server.child.kill('SIGTERM');

    // New connections are refused while the slow requests are still running.
    let refusedAfterMs = -1;
    while (Date.now() - signalled < 1_000) {
      if ((await tryConnect(server.port)) === 'refused') { refusedAfterMs = Date.now() - signalled; break; }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(refusedAfterMs).toBeGreaterThanOrEqual(0);
    expect(settled).toBe(0);

    const responses = await Promise.all(inFlight);
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(responses.every((r) => r.body.sleptMs === 1500)).toBe(true);

    const exit = await server.exited;
    const exitedAfterMs = Date.now() - signalled;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(exitedAfterMs).toBeLessThan(8_000);
    expect(server.logs.map((line) => line.msg)).toEqual(expect.arrayContaining(['SIGTERM received: draining', 'drained: exiting']));
  });

  it('exits 1 at its deadline, before ECS would SIGKILL it, when a request outlives the deadline', async () => {
    const server = await startServer({ ...TEST_ROUTES, SHUTDOWN_TIMEOUT_MS: '1500' });
    const stuck = fetch(`${server.baseUrl}/__test/slow?ms=10000`).catch((error: unknown) => error);
    await arrived(server, '/__test/slow', 1);

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;

    expect(exit).toEqual({ code: 1, signal: null });
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_400);
    expect(Date.now() - signalled).toBeLessThan(4_000);
    expect(server.logs.map((line) => line.msg)).toContain('shutdown deadline reached with work still in flight: exiting now');
    await stuck;
  });
});

describe('start-up', () => {
  it('stops with one line naming the missing variable, and exit status 1', async () => {
    const server = await spawnService({ ORDERS_DB_HOST: '' });

    const exit = await server.exited;

    expect(exit).toEqual({ code: 1, signal: null });
    expect(server.stderr()).toBe('storefront: invalid configuration: ORDERS_DB_HOST is empty\n');
  });
});
