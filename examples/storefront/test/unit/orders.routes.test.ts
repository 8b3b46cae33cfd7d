import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/fakes.js';

let t: TestApp;
afterEach(async () => t.app.close());

const postOrder = (body: unknown) => t.app.inject({ method: 'POST', url: '/orders', payload: body as object });

describe('POST /orders', () => {
  it('places an order priced from the catalog and answers 201 with its location', async () => {
    t = await testApp();

    const response = await postOrder({ items: [{ productId: 1, quantity: 2 }, { productId: 2, quantity: 1 }] });

    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(response.headers.location).toBe(`/orders/${order.id}`);
    expect(order).toMatchObject({
      status: 'placed',
      currency: 'GBP',
      totalPence: 2 * 1200 + 450,
      lines: [{ productId: 1, quantity: 2, unitPricePence: 1200 }, { productId: 2, quantity: 1, unitPricePence: 450 }],
    });
  });

  it('ignores any price the client sends: unknown fields are rejected', async () => {
    t = await testApp();

    const response = await postOrder({ items: [{ productId: 1, quantity: 1, unitPricePence: 1 }] });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'bad_request', message: 'items.0: unknown field unitPricePence' });
  });

  it('answers 422 naming the products that do not exist, and stores nothing', async () => {
    t = await testApp();

    const response = await postOrder({ items: [{ productId: 1, quantity: 1 }, { productId: 77, quantity: 1 }, { productId: 78, quantity: 3 }] });

    expect(response.statusCode).toBe(422);
    expect(response.json()).toEqual({ error: 'unknown_product', message: 'products 77, 78 do not exist' });
    expect(t.orders.orders.size).toBe(0);
  });

  it.each([
    ['a zero quantity', { items: [{ productId: 1, quantity: 0 }] }, 'items.0.quantity: must be at least 1'],
    ['a fractional quantity', { items: [{ productId: 1, quantity: 1.5 }] }, 'items.0.quantity: must be a whole number'],
    ['a quantity as text', { items: [{ productId: 1, quantity: '2' }] }, 'items.0.quantity: must be a whole number'],
    ['a huge quantity', { items: [{ productId: 1, quantity: 101 }] }, 'items.0.quantity: must be at most 100'],
    ['a negative product id', { items: [{ productId: -1, quantity: 1 }] }, 'items.0.productId: must be a product id'],
    ['no items', { items: [] }, 'items: must list at least one item'],
    ['a repeated product', { items: [{ productId: 1, quantity: 1 }, { productId: 1, quantity: 2 }] }, 'items: must name each product once (add the quantities together)'],
    ['no body fields', {}, 'items: must be a list of { productId, quantity }'],
    ['a JSON array', [], 'the body must be a JSON object'],
  ])('rejects %s with 400 and says what to fix', async (_case, body, message) => {
    t = await testApp();

    const response = await postOrder(body);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'bad_request', message });
    expect(t.orders.calls).toBe(0);
  });

  it('rejects malformed JSON with 400', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'POST', url: '/orders', headers: { 'content-type': 'application/json' }, payload: '{"items": [' });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'bad_request' });
  });

  it('rejects a body that is not JSON with 415', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'POST', url: '/orders', headers: { 'content-type': 'application/xml' }, payload: '<order/>' });

    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: 'unsupported_media_type' });
  });

  it('rejects a body over 16 KiB with 413', async () => {
    t = await testApp();

    const response = await postOrder({ items: [{ productId: 1, quantity: 1 }], padding: 'x'.repeat(20_000) });

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'payload_too_large' });
  });
});

describe('GET /orders/:id', () => {
  it('returns an order that was placed', async () => {
    t = await testApp();
    const placed = (await postOrder({ items: [{ productId: 3, quantity: 4 }] })).json();

    const response = await t.app.inject({ method: 'GET', url: `/orders/${placed.id}` });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(placed);
  });

  it('answers 404 for an order that does not exist', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/orders/0b0e4f3a-5b7c-4d2e-9f10-111122223333' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'order 0b0e4f3a-5b7c-4d2e-9f10-111122223333 does not exist' });
  });

  it('answers 400 for an id that is not a UUID', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/orders/42' });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'bad_request', message: 'id: order id must be a UUID' });
  });
});
