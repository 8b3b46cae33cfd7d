import type { FastifyPluginAsync } from 'fastify';
import type { Readable } from 'node:stream';
import type { Catalog } from '../db/catalog.js';
import { IMAGE_TYPES, ImageContentMismatchError, ImageTooLargeError, isImageType, type Media } from '../media.js';
import { notFound, payloadTooLarge, unsupportedMediaType } from '../http-errors.js';
import { parseOrThrow, productParams } from '../schemas.js';

const ACCEPTED = Object.keys(IMAGE_TYPES).join(', ');

/**
 * POST /products/:id/image — the raw image as the body, Content-Type one of the allow-list
 * (no multipart: one file per request, streamed straight to the media volume).
 * GET /products/:id/image — the stored image with its type.
 */
export const imageRoutes: FastifyPluginAsync<{ catalog: Catalog; media: Media; maxImageBytes: number }> = async (app, options) => {
  const { catalog, media, maxImageBytes } = options;

  // In this plugin only: no JSON or text parsers, just the image types, handed over unread as
  // streams. Any other Content-Type is answered 415 by Fastify before a byte of the body is read.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(Object.keys(IMAGE_TYPES), (_request, payload, done) => done(null, payload));

  app.post('/products/:id/image', async (request, reply) => {
    const { id } = parseOrThrow(productParams, request.params);
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!isImageType(contentType) || request.body === undefined) {
      throw unsupportedMediaType(`send the image as the body with Content-Type ${ACCEPTED}`);
    }
    const declaredLength = Number(request.headers['content-length']);
    if (declaredLength > maxImageBytes) {
      reply.header('connection', 'close');
      throw payloadTooLarge(`images are limited to ${maxImageBytes} bytes; this one is ${declaredLength}`);
    }
    if (!(await catalog.getProduct(id))) throw notFound(`product ${id} does not exist`);
    try {
      const stored = await media.saveProductImage(id, contentType, request.body as Readable);
      request.log.info({ productId: id, contentType, bytes: stored.bytes }, 'product image stored');
      return reply.code(201).header('location', `/products/${id}/image`).send({ productId: id, ...stored });
    } catch (error) {
      if (error instanceof ImageTooLargeError) {
        // The rest of the body is not worth reading: close the connection after answering.
        reply.header('connection', 'close');
        throw payloadTooLarge(error.message);
      }
      if (error instanceof ImageContentMismatchError) throw unsupportedMediaType(error.message);
      throw error;
    }
  });

  app.get('/products/:id/image', async (request, reply) => {
    const { id } = parseOrThrow(productParams, request.params);
    const image = await media.openProductImage(id);
    if (!image) throw notFound(`product ${id} has no image`);
    return reply
      .type(image.contentType)
      .header('content-length', image.bytes)
      .header('cache-control', 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .send(image.stream);
  });
};
