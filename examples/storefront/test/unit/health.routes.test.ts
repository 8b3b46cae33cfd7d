import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/fakes.js';

let t: TestApp;
afterEach(async () => t.app.close());

const down = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('GET /health (the load balancer health check)', () => {
  it('answers 200 without calling either database', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(t.catalog.calls + t.orders.calls).toBe(0);
  });

  it('stays 200 while both databases are down, so ECS does not replace every task during a database blip', async () => {
    t = await testApp();
    t.catalog.failure = down();
    t.orders.failure = down();

    const response = await t.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
  });
});

describe('GET /ready', () => {
  it('answers 200 when migrations are done and both databases answer', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', phase: 'ready', checks: { catalog: 'ok', orders: 'ok' } });
  });

  it('answers 503 naming the database that does not answer', async () => {
    t = await testApp();
    t.orders.failure = down();

    const response = await t.app.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'not_ready', phase: 'ready', checks: { catalog: 'ok', orders: 'unreachable' } });
  });

  it('answers 503 before migrations have finished, without asking the databases', async () => {
    t = await testApp({ ready: false });

    const response = await t.app.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'not_ready', phase: 'starting', checks: {} });
    expect(t.catalog.calls + t.orders.calls).toBe(0);
  });

  it('answers 503 while draining after SIGTERM', async () => {
    t = await testApp();
    t.readiness.markDraining();

    const response = await t.app.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'not_ready', phase: 'draining' });
  });
});

describe('while draining', () => {
  it('answers in-flight and kept-alive requests with Connection: close, so the server can finish closing', async () => {
    t = await testApp();
    t.readiness.markDraining();

    const response = await t.app.inject({ method: 'GET', url: '/products/1' });

    expect(response.statusCode).toBe(200);
    expect(response.headers.connection).toBe('close');
  });
});
