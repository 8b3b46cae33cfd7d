/**
 * The price table `portside cost` estimates from, as one lookup: a region's own figure (from the
 * Price List cache when it holds the region, else the bundled table), or a named stand-in region's,
 * marked `U`. The shapes are in price-types.ts, the figures in bundled/, the stand-in order in
 * stand-ins.ts.
 */
import { BUNDLED_PRICES } from './bundled';
import type { Price, PriceKey, RegionPrices } from './price-types';
import { standInCandidates } from './stand-ins';

export type { Confidence, Price, PriceKey, PriceSource, RegionPrices } from './price-types';

/** The bundled table: every commercial region (what each lacks is priced from a stand-in). */
export const PRICES: Readonly<Record<string, RegionPrices>> = BUNDLED_PRICES;

export const SUPPORTED_REGIONS: readonly string[] = Object.keys(PRICES);

/** A price as a line uses it: the region's own, or `standInFrom` another region's. */
export interface ResolvedPrice {
  readonly price: Price;
  /** The region whose figure stands in (absent when the region has its own). */
  readonly standInFrom?: string;
}

/** Where the figures of a table come from, for the report's header. */
export interface PriceTableOrigin {
  /** `bundled`: src/reports/cost/bundled; `cache`: a `portside prices update` file, over the bundled table. */
  readonly kind: 'bundled' | 'cache';
  /** The cache file (kind `cache`). */
  readonly file?: string;
  /** Regions the cache holds (kind `cache`). */
  readonly cachedRegions?: readonly string[];
  /** Each offer file read: its publication date (kind `cache`). */
  readonly offers?: readonly { readonly region: string; readonly offerCode: string; readonly publicationDate: string; readonly url: string }[];
}

export class PriceTable {
  constructor(
    /** Figures per region; a region absent here has only stand-ins. */
    readonly regions: Readonly<Record<string, RegionPrices>>,
    readonly origin: PriceTableOrigin = { kind: 'bundled' },
  ) {}

  /** The region's own figure, else the nearest stand-in region's (marked `U`), else undefined. */
  lookup(region: string, key: PriceKey): ResolvedPrice | undefined {
    const own = this.regions[region]?.[key];
    if (own) return { price: own };
    for (const candidate of standInCandidates(region)) {
      const price = this.regions[candidate]?.[key];
      if (price) {
        return {
          standInFrom: candidate,
          price: { ...price, confidence: 'U', note: `no ${region} figure: the ${candidate} price stands in${price.note ? `; ${price.note}` : ''}` },
        };
      }
    }
    return undefined;
  }

  /** Oldest and newest source dates of a region's own figures, for the report's header. */
  dates(region: string): { readonly oldest: string; readonly newest: string } {
    const dates = Object.values(this.regions[region] ?? {}).map((price) => price!.source.date).sort();
    return { oldest: dates[0] ?? '', newest: dates[dates.length - 1] ?? '' };
  }
}

/** The bundled table alone (no cache). */
export const BUNDLED_TABLE = new PriceTable(PRICES);

/** Oldest and newest source dates of a region's bundled figures. */
export function priceDates(region: string): { readonly oldest: string; readonly newest: string } {
  return BUNDLED_TABLE.dates(region);
}
