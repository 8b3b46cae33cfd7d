import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { priceTableWithCache, readPriceCache } from '../../src/reports/cost/price-cache';
import { OFFER_MAPPINGS } from '../../src/reports/cost/price-list/offer-dimensions';
import { OfferFormatError, readOffer } from '../../src/reports/cost/price-list/offer-reader';
import { PriceUpdateError, updatePrices } from '../../src/reports/cost/price-list/update-prices';
import { PRICES } from '../../src/reports/cost/prices';
import { FixtureServer, fixtureProducts, offerFile, priceListRoutes, serve } from '../support/price-list-fixtures';

// The updater against Price List files served from 127.0.0.1: no outside network.

const ALL_OFFERS = OFFER_MAPPINGS.map((m) => m.offerCode);
const REGIONS = ['us-west-2', 'ap-southeast-4'];
let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const cacheFile = () => join(mkdtempSync(join(tmpdir(), 'portside-prices-')), 'prices.json');
const path = (offer: string, region: string) => `/offers/v1.0/aws/${offer}/20261120180413/${region}/index.json`;

/** A cache from a first successful update, to check later failures keep it byte for byte. */
async function previousCache(): Promise<{ file: string; bytes: Buffer }> {
  const file = cacheFile();
  const first = await serve(priceListRoutes(ALL_OFFERS, ['us-west-2']));
  await updatePrices({ regions: ['us-west-2'], offersUrl: first.url, cacheFile: file });
  await first.close();
  return { file, bytes: readFileSync(file) };
}

async function failure(run: () => Promise<unknown>): Promise<PriceUpdateError> {
  const error = await run().then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(PriceUpdateError);
  return error as PriceUpdateError;
}

describe('updatePrices', () => {
  it('reads every mapped offer for two regions into a cache of verified figures, each with its file and publication date', async () => {
    server = await serve(priceListRoutes(ALL_OFFERS, REGIONS));
    const file = cacheFile();
    const result = await updatePrices({ regions: REGIONS, offersUrl: server.url, cacheFile: file, now: () => new Date('2026-12-01T00:00:00Z') });
    expect(result.notFound).toEqual([]);
    const cache = readPriceCache(file)!;
    expect(Object.keys(cache.regions).sort()).toEqual(['ap-southeast-4', 'us-west-2']);
    const west = cache.regions['us-west-2']!;
    expect(west['fargate.x86.vcpuHour']).toMatchObject({ usd: 0.04048, unit: 'vCPU-hour', confidence: 'V' });
    expect(west['fargate.x86.vcpuHour']!.source).toEqual({
      url: `${server.url}${path('AmazonECS', 'us-west-2')}`, date: '2026-11-20',
      what: 'AWS Price List AmazonECS us-west-2, published 2026-11-20T18:04:13Z: USW2-Fargate-vCPU-Hours:perCPU at $0.04048 per hours',
    });
    // the application load balancer, not the network one; Aurora MySQL, not RDS MySQL or I/O-Optimized
    expect(west['alb.hour']!.usd).toBe(0.0252);
    expect(west['aurora.instance.db.r6g.large']!.usd).toBe(0.26);
    expect(west['aurora.instance.db.t4g.medium']!.usd).toBe(0.073);
    // per request → per million; a free first tier passed over; the first priced tier of S3 and endpoint bytes
    expect(west['aurora.ioMillion']!.usd).toBeCloseTo(0.2, 10);
    expect(west['sqs.standardMillionRequests']!.usd).toBeCloseTo(0.4, 10);
    expect(west['sqs.fifoMillionRequests']!.usd).toBeCloseTo(0.5, 10);
    expect(west['s3.standardGbMonth']!.usd).toBe(0.023);
    expect(west['vpce.gb']!.usd).toBe(0.01);
    expect(Object.values(west).every((price) => price.confidence === 'V')).toBe(true);
    expect(cache.regions['ap-southeast-4']!['fargate.x86.vcpuHour']!.usd).toBeCloseTo(0.04048 * 1.1, 10);
    expect(cache.offers).toHaveLength(ALL_OFFERS.length * 2);
    expect(cache.offers.every((o) => o.publicationDate === '2026-11-20T18:04:13Z' && o.url.startsWith(server!.url))).toBe(true);
    expect(cache.written).toBe('2026-12-01T00:00:00.000Z');

    // cost's table: the cache's figures for its regions, the bundled ones for the rest and for keys it lacks
    const table = priceTableWithCache(cache, file);
    expect(table.lookup('us-west-2', 'alb.hour')).toEqual({ price: west['alb.hour'] });
    expect(table.lookup('us-west-2', 'waf.webAclMonth')!.price).toEqual(PRICES['us-west-2']!['waf.webAclMonth']);
    expect(table.lookup('eu-west-2', 'alb.hour')!.price).toEqual(PRICES['eu-west-2']!['alb.hour']);
    expect(table.origin).toMatchObject({ kind: 'cache', file, cachedRegions: ['ap-southeast-4', 'us-west-2'] });
  });

  it('keeps the regions an earlier update read when it reads others', async () => {
    const { file } = await previousCache();
    server = await serve(priceListRoutes(ALL_OFFERS, ['ap-southeast-4']));
    await updatePrices({ regions: ['ap-southeast-4'], offersUrl: server.url, cacheFile: file });
    expect(Object.keys(readPriceCache(file)!.regions).sort()).toEqual(['ap-southeast-4', 'us-west-2']);
  });

  it('fails on a download cut off mid-body, in one line with a hint, and keeps the previous table byte for byte', async () => {
    const { file, bytes } = await previousCache();
    const body = JSON.stringify(offerFile('AmazonRDS', 'us-west-2', fixtureProducts('AmazonRDS', 'us-west-2')));
    server = await serve(priceListRoutes(ALL_OFFERS, ['us-west-2'], {
      [path('AmazonRDS', 'us-west-2')]: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        response.write(body.slice(0, body.length / 2), () => response.socket?.destroy());
      },
    }));
    const error = await failure(() => updatePrices({ regions: ['us-west-2'], offersUrl: server!.url, cacheFile: file }));
    expect(error.message).toMatch(/AmazonRDS\/20261120180413\/us-west-2\/index\.json (broke off|ended) after \d+ bytes/);
    expect(error.message).not.toContain('\n');
    expect(error.hint).toMatch(/previous price table is kept/);
    expect(readFileSync(file)).toEqual(bytes);
  });

  it('fails on a changed layout: no terms, a price that is not a number, terms before products', async () => {
    const { file, bytes } = await previousCache();
    const ecs = offerFile('AmazonECS', 'us-west-2', fixtureProducts('AmazonECS', 'us-west-2'));
    const noTerms = { ...ecs, terms: undefined };
    const notANumber = offerFile('AmazonECS', 'us-west-2', fixtureProducts('AmazonECS', 'us-west-2').map((p, i) => (i === 0 ? { ...p, usd: 'N/A' } : p)));
    const termsFirst = { terms: ecs.terms, products: ecs.products, formatVersion: 'v1.0', publicationDate: ecs.publicationDate };
    for (const [changed, message] of [[noTerms, /no terms\.OnDemand object/], [notANumber, /pricePerUnit\.USD is "N\/A", not a number/], [termsFirst, /terms come before products/]] as const) {
      server = await serve(priceListRoutes(ALL_OFFERS, ['us-west-2'], { [path('AmazonECS', 'us-west-2')]: JSON.stringify(changed) }));
      const error = await failure(() => updatePrices({ regions: ['us-west-2'], offersUrl: server!.url, cacheFile: file }));
      expect(error.message).toMatch(/^the Price List file changed its layout: /);
      expect(error.message).toMatch(message);
      expect(readFileSync(file)).toEqual(bytes);
      await server.close();
      server = undefined;
    }
  });

  it('fails on a region the Price List does not have (absent from region_index.json, or a 404) and on an HTTP error', async () => {
    const { file, bytes } = await previousCache();
    server = await serve(priceListRoutes(ALL_OFFERS, ['us-west-2']));
    const absent = await failure(() => updatePrices({ regions: ['us-west-2', 'ap-southeast-7'], offersUrl: server!.url, cacheFile: file }));
    expect(absent.message).toBe(`AmazonECS has no price list for ap-southeast-7 (not in ${server.url}/offers/v1.0/aws/AmazonECS/current/region_index.json)`);
    expect(readFileSync(file)).toEqual(bytes);
    await server.close();

    server = await serve(priceListRoutes(ALL_OFFERS, ['us-west-2'], { [path('AWSELB', 'us-west-2')]: { status: 404 } }));
    const missing = await failure(() => updatePrices({ regions: ['us-west-2'], offersUrl: server!.url, cacheFile: file }));
    expect(missing.message).toBe(`${server.url}${path('AWSELB', 'us-west-2')} answered HTTP 404`);
    expect(missing.hint).toMatch(/check the region code/);
    expect(readFileSync(file)).toEqual(bytes);
    await server.close();

    server = await serve(priceListRoutes(ALL_OFFERS, ['us-west-2'], { '/offers/v1.0/aws/AmazonECS/current/region_index.json': { status: 503 } }));
    const unavailable = await failure(() => updatePrices({ regions: ['us-west-2'], offersUrl: server!.url, cacheFile: file }));
    expect(unavailable.message).toMatch(/region_index\.json answered HTTP 503$/);
    expect(readFileSync(file)).toEqual(bytes);
  });

  it('writes no file when the first update fails', async () => {
    const file = cacheFile();
    server = await serve(priceListRoutes(ALL_OFFERS, ['us-west-2'], { [path('AmazonS3', 'us-west-2')]: { status: 500 } }));
    await failure(() => updatePrices({ regions: ['us-west-2'], offersUrl: server!.url, cacheFile: file }));
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a cache it did not write instead of reading it', () => {
    const file = cacheFile();
    writeFileSync(file, JSON.stringify({ portsidePriceCache: 1, regions: {} }));
    expect(() => readPriceCache(file)).toThrow(/is not a Portside price cache: written: /);
  });
});

describe('readOffer', () => {
  /** A multi-MB offer file of EC2-like products Portside skips, with one it keeps at the start and one at the end. */
  function largeOffer(count: number): string {
    const filler = Array.from({ length: count }, (_, i) => ({ usagetype: `USW2-BoxUsage:m${i}.large`, productFamily: 'Compute Instance', usd: '0.096', unit: 'Hrs', attributes: { instanceType: `m${i}.large`, operatingSystem: 'Linux', tenancy: 'Shared', description: 'x'.repeat(120) } }));
    const nat = fixtureProducts('AmazonEC2', 'us-west-2');
    return JSON.stringify(offerFile('AmazonEC2', 'us-west-2', [nat[0]!, ...filler, nat[1]!]));
  }

  it('parses a large file chunk by chunk as it arrives, keeping only the products asked for', async () => {
    const text = largeOffer(40_000);
    expect(text.length).toBeGreaterThan(20 * 1024 * 1024);
    const chunkSize = 64 * 1024;
    const events: string[] = [];
    async function* chunks() {
      for (let offset = 0; offset < text.length; offset += chunkSize) {
        events.push(`chunk ${offset / chunkSize}`);
        yield text.slice(offset, offset + chunkSize);
      }
    }
    const nat = OFFER_MAPPINGS.find((m) => m.offerCode === 'AmazonEC2')!;
    const offer = await readOffer(chunks(), (product) => {
      events.push(`product ${product.attributes.usagetype}`);
      return nat.dimensions.some((d) => d.match(product));
    });
    expect([...offer.products.values()].map((p) => p.attributes.usagetype)).toEqual(['USW2-NatGateway-Hours', 'USW2-NatGateway-Bytes']);
    expect([...offer.onDemand.keys()]).toEqual([...offer.products.keys()]);
    // The first product was judged long before the last chunk arrived: the body is never held whole.
    const lastChunk = events.lastIndexOf(`chunk ${Math.ceil(text.length / chunkSize) - 1}`);
    expect(events.indexOf('product USW2-NatGateway-Hours')).toBeLessThan(5);
    expect(events.indexOf('product USW2-BoxUsage:m20000.large')).toBeLessThan(lastChunk);
  });

  it('streams a 30 MB offer file over HTTP into the cache, keeping two of its 60,002 products', async () => {
    const text = largeOffer(60_000);
    server = await serve((p) => (p === '/offers/v1.0/aws/AmazonEC2/current/region_index.json'
      ? JSON.stringify({ regions: { 'us-west-2': { currentVersionUrl: path('AmazonEC2', 'us-west-2') } } })
      : p === path('AmazonEC2', 'us-west-2') ? text : undefined));
    const file = cacheFile();
    const result = await updatePrices({ regions: ['us-west-2'], offersUrl: server.url, cacheFile: file, offers: OFFER_MAPPINGS.filter((m) => m.offerCode === 'AmazonEC2') });
    expect(result.figures).toBe(2);
    expect(readPriceCache(file)!.regions['us-west-2']!['nat.hour']!.usd).toBe(0.045);
  });

  it('names a file that is not an offer file', async () => {
    async function* chunks() { yield '[1, 2, 3]'; }
    await expect(readOffer(chunks(), () => true)).rejects.toThrow(OfferFormatError);
  });
});
