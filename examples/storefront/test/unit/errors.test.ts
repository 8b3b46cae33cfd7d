import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../src/db/unavailable.js';
import { testApp, type TestApp } from '../support/fakes.js';

let t: TestApp;
afterEach(async () => t.app.close());

describe('error responses', () => {
  it('answers an unknown route with a JSON 404', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/nowhere?x=1' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no route for GET /nowhere' });
  });

  it('answers 503 with Retry-After when a database is unavailable, so clients retry instead of reporting a bug', async () => {
    t = await testApp();
    t.catalog.failure = new DatabaseUnavailableError('catalog', 'timeout', new Error('Query inactivity timeout'));

    const response = await t.app.inject({ method: 'GET', url: '/products' });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toEqual({ error: 'unavailable', message: 'the catalog database is unavailable; try again shortly' });
  });

  it('answers 500 without internal details for anything unexpected', async () => {
    t = await testApp();
    t.orders.failure = new Error('relation "orders" does not exist at character 13');

    const response = await t.app.inject({ method: 'POST', url: '/orders', payload: { items: [{ productId: 1, quantity: 1 }] } });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal_error', message: 'internal error' });
  });

  it('echoes the ALB trace id as the request id, or makes one up', async () => {
    t = await testApp();

    const traced = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678' } });
    const untraced = await t.app.inject({ method: 'GET', url: '/health' });

    expect(traced.headers['x-request-id']).toBe('Root=1-67891233-abcdef012345678912345678');
    expect(untraced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
