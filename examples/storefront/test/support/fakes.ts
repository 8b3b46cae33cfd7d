/** In-memory stand-ins for the data layer, so route tests run without databases. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Catalog, Product } from '../../src/db/catalog.js';
import type { Order, OrderLine, Orders } from '../../src/db/orders.js';
import { MediaDirectory } from '../../src/media.js';
import { Readiness } from '../../src/readiness.js';

export const PRODUCTS: readonly Product[] = [
  { id: 1, sku: 'MUG-001', name: 'Enamel mug', pricePence: 1200 },
  { id: 2, sku: 'TEA-002', name: 'Breakfast tea, 80 bags', pricePence: 450 },
  { id: 3, sku: 'TOWEL-003', name: 'Tea towel', pricePence: 800 },
];

export class FakeCatalog implements Catalog {
  readonly products = new Map<number, Product>(PRODUCTS.map((p) => [p.id, p]));
  /** When set, every call rejects with it (a database that is down). */
  failure: Error | undefined;
  calls = 0;

  async listProducts(page: { afterId: number; limit: number }): Promise<Product[]> {
    this.touch();
    return [...this.products.values()].filter((p) => p.id > page.afterId).sort((a, b) => a.id - b.id).slice(0, page.limit);
  }

  async getProduct(id: number): Promise<Product | undefined> {
    this.touch();
    return this.products.get(id);
  }

  async getProducts(ids: readonly number[]): Promise<Product[]> {
    this.touch();
    return ids.flatMap((id) => this.products.get(id) ?? []);
  }

  async ping(): Promise<void> {
    this.touch();
  }

  private touch(): void {
    this.calls += 1;
    if (this.failure) throw this.failure;
  }
}

export class FakeOrders implements Orders {
  readonly orders = new Map<string, Order>();
  failure: Error | undefined;
  calls = 0;

  async createOrder(lines: readonly OrderLine[]): Promise<Order> {
    this.touch();
    const order: Order = {
      id: randomUUID(),
      status: 'placed',
      currency: 'GBP',
      totalPence: lines.reduce((sum, l) => sum + l.quantity * l.unitPricePence, 0),
      createdAt: new Date().toISOString(),
      lines: [...lines],
    };
    this.orders.set(order.id, order);
    return order;
  }

  async getOrder(id: string): Promise<Order | undefined> {
    this.touch();
    return this.orders.get(id);
  }

  async ping(): Promise<void> {
    this.touch();
  }

  private touch(): void {
    this.calls += 1;
    if (this.failure) throw this.failure;
  }
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly catalog: FakeCatalog;
  readonly orders: FakeOrders;
  readonly readiness: Readiness;
  readonly mediaDir: string;
}

/** The real application over fakes and a fresh temporary media directory; ready unless told otherwise. */
export async function testApp(options: { maxImageBytes?: number; ready?: boolean } = {}): Promise<TestApp> {
  const catalog = new FakeCatalog();
  const orders = new FakeOrders();
  const readiness = new Readiness({ catalog: () => catalog.ping(), orders: () => orders.ping() });
  if (options.ready ?? true) readiness.markReady();
  const mediaDir = mkdtempSync(path.join(tmpdir(), 'storefront-media-'));
  const maxImageBytes = options.maxImageBytes ?? 1024;
  const app = buildApp({
    catalog,
    orders,
    readiness,
    media: new MediaDirectory(mediaDir, maxImageBytes),
    maxImageBytes,
    logger: false,
  });
  app.addHook('onClose', async () => rmSync(mediaDir, { recursive: true, force: true }));
  await app.ready();
  return { app, catalog, orders, readiness, mediaDir };
}

/** Smallest valid heads of each accepted image type, padded with bytes. */
export const IMAGES = {
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]),
  webp: Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), Buffer.alloc(64, 3)]),
} as const;
