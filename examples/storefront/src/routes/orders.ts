import type { FastifyPluginAsync } from 'fastify';
import type { Catalog } from '../db/catalog.js';
import type { OrderLine, Orders } from '../db/orders.js';
import { notFound, unprocessable } from '../http-errors.js';
import { orderParams, orderRequest, parseOrThrow } from '../schemas.js';

/** Order bodies are small: a 50-line order is about 2 KiB. */
const ORDER_BODY_LIMIT_BYTES = 16 * 1024;

export const orderRoutes: FastifyPluginAsync<{ catalog: Catalog; orders: Orders }> = async (app, { catalog, orders }) => {
  app.post('/orders', { bodyLimit: ORDER_BODY_LIMIT_BYTES }, async (request, reply) => {
    const { items } = parseOrThrow(orderRequest, request.body);
    // Prices come from the catalog, never from the client.
    const products = new Map((await catalog.getProducts(items.map((item) => item.productId))).map((p) => [p.id, p]));
    const unknown = items.filter((item) => !products.has(item.productId)).map((item) => item.productId);
    if (unknown.length > 0) {
      throw unprocessable('unknown_product', `${unknown.length === 1 ? 'product' : 'products'} ${unknown.join(', ')} ${unknown.length === 1 ? 'does' : 'do'} not exist`);
    }
    const lines: OrderLine[] = items.map((item) => ({
      productId: item.productId,
      quantity: item.quantity,
      unitPricePence: products.get(item.productId)!.pricePence,
    }));
    const order = await orders.createOrder(lines);
    request.log.info({ orderId: order.id, lines: lines.length, totalPence: order.totalPence }, 'order placed');
    return reply.code(201).header('location', `/orders/${order.id}`).send(order);
  });

  app.get('/orders/:id', async (request) => {
    const { id } = parseOrThrow(orderParams, request.params);
    const order = await orders.getOrder(id);
    if (!order) throw notFound(`order ${id} does not exist`);
    return order;
  });
};
