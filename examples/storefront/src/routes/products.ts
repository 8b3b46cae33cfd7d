import type { FastifyPluginAsync } from 'fastify';
import type { Catalog } from '../db/catalog.js';
import { notFound } from '../http-errors.js';
import { parseOrThrow, productListQuery, productParams } from '../schemas.js';

export const productRoutes: FastifyPluginAsync<{ catalog: Catalog }> = async (app, { catalog }) => {
  app.get('/products', async (request) => {
    const { limit, after } = parseOrThrow(productListQuery, request.query);
    const products = await catalog.listProducts({ afterId: after, limit });
    const last = products.at(-1);
    return { products, next: products.length === limit && last ? `/products?after=${last.id}&limit=${limit}` : null };
  });

  app.get('/products/:id', async (request) => {
    const { id } = parseOrThrow(productParams, request.params);
    const product = await catalog.getProduct(id);
    if (!product) throw notFound(`product ${id} does not exist`);
    return product;
  });
};
