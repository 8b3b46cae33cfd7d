/**
 * The Price List cache `portside prices update` writes and `portside cost` reads: a compact JSON
 * table of the figures read from AWS's Price List for some regions, each offer file's publication
 * date and URL. Validated on read (a hand-edited or half-written file is an error, never a silent
 * fallback) and written to a temporary file renamed into place, so a failed update leaves the
 * previous table as it was.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { BUNDLED_PRICES } from './bundled';
import type { RegionPrices } from './price-types';
import { PriceTable } from './prices';

export { defaultPriceCacheFile } from './price-cache-file';

export const CACHE_FORMAT = 1;

const priceSchema = z.object({
  usd: z.number().finite().nonnegative(),
  unit: z.string().min(1),
  confidence: z.enum(['V', 'S', 'U']),
  source: z.object({ url: z.string().url(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), what: z.string() }),
  note: z.string().optional(),
}).strict();

const cacheSchema = z.object({
  portsidePriceCache: z.literal(CACHE_FORMAT),
  written: z.string(),
  offersUrl: z.string(),
  offers: z.array(z.object({ region: z.string(), offerCode: z.string(), publicationDate: z.string(), url: z.string() }).strict()),
  regions: z.record(z.string(), z.record(z.string(), priceSchema)),
}).strict();

export type PriceCache = z.infer<typeof cacheSchema>;

export class PriceCacheError extends Error {}

/** The cache at `file`, or undefined when there is none; throws PriceCacheError when it is not a cache Portside wrote. */
export function readPriceCache(file: string): PriceCache | undefined {
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PriceCacheError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = cacheSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PriceCacheError(`${file} is not a Portside price cache: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The bundled table with the cache's figures over it (per key: what the cache lacks stays bundled). */
export function priceTableWithCache(cache: PriceCache | undefined, file: string): PriceTable {
  if (!cache) return new PriceTable(BUNDLED_PRICES);
  const regions: Record<string, RegionPrices> = { ...BUNDLED_PRICES };
  for (const [region, prices] of Object.entries(cache.regions)) regions[region] = { ...(BUNDLED_PRICES[region] ?? {}), ...(prices as RegionPrices) };
  return new PriceTable(regions, { kind: 'cache', file, cachedRegions: Object.keys(cache.regions).sort(), offers: cache.offers });
}

/** Writes `cache` to `file` through a temporary file in the same directory, renamed only once fully written. */
export function writePriceCache(file: string, cache: PriceCache): void {
  const checked = cacheSchema.parse(cache);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(checked, null, 1)}\n`);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}
