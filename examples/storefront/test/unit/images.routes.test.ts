import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { IMAGES, testApp, type TestApp } from '../support/fakes.js';

let t: TestApp;
afterEach(async () => t.app.close());

const upload = (id: string | number, contentType: string | undefined, payload: Buffer | Readable) =>
  t.app.inject({ method: 'POST', url: `/products/${id}/image`, headers: contentType ? { 'content-type': contentType } : {}, payload });

const storedFiles = () => readdirSync(path.join(t.mediaDir, 'products'));

describe('POST /products/:id/image', () => {
  it.each([['image/png', IMAGES.png, '1.png'], ['image/jpeg', IMAGES.jpeg, '1.jpg'], ['image/webp', IMAGES.webp, '1.webp']] as const)(
    'stores a %s under a name made from the product id only',
    async (contentType, image, file) => {
      t = await testApp();

      const response = await upload(1, contentType, image);

      expect(response.statusCode).toBe(201);
      expect(response.headers.location).toBe('/products/1/image');
      expect(response.json()).toEqual({ productId: 1, contentType, bytes: image.length });
      expect(storedFiles()).toEqual([file]);
    },
  );

  it('replaces an earlier image stored under another type', async () => {
    t = await testApp();
    await upload(2, 'image/png', IMAGES.png);

    await upload(2, 'image/webp', IMAGES.webp);

    expect(storedFiles()).toEqual(['2.webp']);
  });

  it('accepts a Content-Type with parameters', async () => {
    t = await testApp();

    const response = await upload(1, 'Image/PNG; charset=binary', IMAGES.png);

    expect(response.statusCode).toBe(201);
  });

  it.each(['text/plain', 'application/json', 'image/svg+xml', 'image/gif', 'multipart/form-data; boundary=x'])(
    'rejects Content-Type %s with 415 and stores nothing',
    async (contentType) => {
      t = await testApp();

      const response = await upload(1, contentType, Buffer.from('{"not":"an image"}'));

      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({ error: 'unsupported_media_type' });
      expect(t.catalog.calls).toBe(0);
    },
  );

  it('rejects a body that does not start like the declared type with 415', async () => {
    t = await testApp();

    const response = await upload(1, 'image/png', Buffer.from('<svg onload="alert(1)"></svg>'));

    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ error: 'unsupported_media_type', message: 'the body is not a image/png image' });
    expect(storedFiles()).toEqual([]);
  });

  it('rejects a declared length over the limit with 413 without reading the body', async () => {
    t = await testApp({ maxImageBytes: 100 });

    const response = await upload(1, 'image/png', Buffer.concat([IMAGES.png, Buffer.alloc(200)]));

    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'payload_too_large', message: 'images are limited to 100 bytes; this one is 272' });
    expect(t.catalog.calls).toBe(0);
  });

  it('rejects a streamed (chunked) body that grows past the limit with 413 and leaves no partial file', async () => {
    t = await testApp({ maxImageBytes: 100 });
    const chunks = [IMAGES.png, Buffer.alloc(60), Buffer.alloc(60)];

    const response = await upload(1, 'image/png', Readable.from(chunks));

    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'payload_too_large' });
    expect(storedFiles()).toEqual([]);
  });

  it('answers 404 for a product that does not exist', async () => {
    t = await testApp();

    const response = await upload(999, 'image/png', IMAGES.png);

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'product 999 does not exist' });
  });

  it.each(['..%2F..%2Fetc%2Fpasswd', '1%2F..%2F2', '1.png', '-1', '%00'])('rejects the path-like id %s with 400 and writes nothing', async (id) => {
    t = await testApp();

    const response = await upload(id, 'image/png', IMAGES.png);

    expect(response.statusCode).toBe(400);
    expect(readdirSync(t.mediaDir)).toEqual([]);
  });

  it.each(['..', '%2e%2e', '../..'])('never reaches the upload route with the dot segment %s', async (id) => {
    t = await testApp();

    const response = await upload(id, 'image/png', IMAGES.png);

    // The router resolves dot segments first, so these name no upload route at all.
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
    expect(readdirSync(t.mediaDir)).toEqual([]);
  });
});

describe('GET /products/:id/image', () => {
  it('returns the stored image with its type', async () => {
    t = await testApp();
    await upload(3, 'image/jpeg', IMAGES.jpeg);

    const response = await t.app.inject({ method: 'GET', url: '/products/3/image' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/jpeg');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.rawPayload.equals(IMAGES.jpeg)).toBe(true);
  });

  it('answers 404 when the product has no image', async () => {
    t = await testApp();

    const response = await t.app.inject({ method: 'GET', url: '/products/2/image' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'product 2 has no image' });
  });
});
