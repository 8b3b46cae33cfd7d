import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/fakes.js';

let t: TestApp;
afterEach(async () => t.app.close());

describe('GET /products', () => {
  it('lists products in id order with a link to the next page', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/products?limit=2' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      products: [
        { id: 1, sku: 'MUG-001', name: 'Enamel mug', pricePence: 1200 },
        { id: 2, sku: 'TEA-002', name: 'Breakfast tea, 80 bags', pricePence: 450 },
      ],
      next: '/products?after=2&limit=2',
    });
  });

  it('ends the listing with next: null', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/products?after=2&limit=2' });

    expect(response.json()).toMatchObject({ products: [{ id: 3 }], next: null });
  });

  it.each(['limit=0', 'limit=101', 'limit=ten', 'after=-1'])('rejects ?%s with 400', async (query) => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: `/products?${query}` });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'bad_request' });
  });
});

describe('GET /products/:id', () => {
  it('returns the product', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/products/3' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 3, sku: 'TOWEL-003', name: 'Tea towel', pricePence: 800 });
  });

  it('answers 404 with a JSON error for a product that does not exist', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/products/42' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'product 42 does not exist' });
  });

  it.each(['0', '-1', '1.5', '1e3', '0x10', 'abc', '99999999999'])('rejects the id %s with 400 before asking the catalog', async (id) => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: `/products/${id}` });

    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/^id: product id (must be a positive whole number|is too large)$/);
    expect(t.catalog.calls).toBe(0);
  });
});
