import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createShutdown, type ShutdownPlan } from '../../src/shutdown.js';

/** A shutdown plan that records what happens, in order. */
function recordingPlan(overrides: Partial<ShutdownPlan> = {}) {
  const events: string[] = [];
  let exited: (code: number) => void = () => {};
  const exitCode = new Promise<number>((resolve) => { exited = resolve; });
  const plan: ShutdownPlan = {
    markDraining: () => events.push('draining'),
    closeServer: async () => { events.push('server closing'); await sleep(20); events.push('server drained'); },
    closeResources: [async () => { events.push('catalog pool closed'); }, async () => { events.push('orders pool closed'); }],
    deadlineMs: 1_000,
    log: { info: () => {}, error: (_details, message) => events.push(`error: ${message}`) },
    exit: (code) => { events.push(`exit ${code}`); exited(code); },
    ...overrides,
  };
  return { plan, events, exitCode };
}

describe('createShutdown', () => {
  it('marks the task draining, drains the server, then closes the pools and exits 0', async () => {
    const { plan, events, exitCode } = recordingPlan();

    await createShutdown(plan)('SIGTERM');

    expect(await exitCode).toBe(0);
    expect(events).toEqual(['draining', 'server closing', 'server drained', 'catalog pool closed', 'orders pool closed', 'exit 0']);
  });

  it('runs once however many signals arrive', async () => {
    const { plan, events } = recordingPlan();
    const shutdown = createShutdown(plan);

    await Promise.all([shutdown('SIGTERM'), shutdown('SIGTERM'), shutdown('SIGINT')]);

    expect(events.filter((event) => event === 'server closing')).toHaveLength(1);
    expect(events.filter((event) => event.startsWith('exit'))).toEqual(['exit 0']);
  });

  it('exits 1 at the deadline when in-flight work does not finish', async () => {
    const { plan, events, exitCode } = recordingPlan({ deadlineMs: 30, closeServer: () => new Promise(() => {}) });

    void createShutdown(plan)('SIGTERM');

    expect(await exitCode).toBe(1);
    expect(events).toEqual(['draining', 'error: shutdown deadline reached with work still in flight: exiting now', 'exit 1']);
  });

  it('still closes the other pool, and exits 1, when closing one fails', async () => {
    const { plan, events, exitCode } = recordingPlan({
      closeResources: [async () => { throw new Error('socket hang up'); }, async () => { events.push('orders pool closed'); }],
    });

    await createShutdown(plan)('SIGTERM');

    expect(await exitCode).toBe(1);
    expect(events).toContain('orders pool closed');
    expect(events).toContain('error: closing a resource failed');
  });
});
