/**
 * `portside prices update`: for each region asked, each offer of OFFER_MAPPINGS is looked up in its
 * `region_index.json`, its regional offer file streamed, and the figures of the mapped keys kept
 * (confidence `V`, the file's URL and publication date as their source). Everything is read and
 * checked before the cache is written; any failure throws and leaves the previous cache untouched.
 */
import type { Price, PriceKey } from '../price-types';
import { PriceCache, readPriceCache, writePriceCache } from '../price-cache';
import { DownloadError, getSmallJson, getText } from './http-get';
import { keyOf, OFFER_MAPPINGS, OfferMapping } from './offer-dimensions';
import { Offer, OfferFormatError, OfferTerm, PriceDimension, readOffer } from './offer-reader';

export const AWS_OFFERS_URL = 'https://pricing.us-east-1.amazonaws.com';

export interface UpdatePricesOptions {
  readonly regions: readonly string[];
  /** Base URL of the Price List bulk API (AWS_OFFERS_URL; a local server in tests). */
  readonly offersUrl: string;
  readonly cacheFile: string;
  /** Progress, one line at a time. */
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
  /** Offers to read (all of OFFER_MAPPINGS when absent). */
  readonly offers?: readonly OfferMapping[];
}

export interface UpdatePricesResult {
  readonly file: string;
  readonly regions: readonly string[];
  readonly figures: number;
  /** Keys whose products were not found in an offer file: their bundled figure stays. */
  readonly notFound: readonly { readonly region: string; readonly offerCode: string; readonly keys: readonly string[] }[];
}

/** A failure of the update, with what to do about it; the cache was not touched. */
export class PriceUpdateError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

/** The lowest tier with a price (a free first tier, price 0, is passed over when a priced one follows). */
function tierOf(terms: readonly OfferTerm[], where: string): PriceDimension & { readonly usd: number } {
  const dimensions = terms.flatMap((term) => Object.values(term.priceDimensions)).map((dimension) => {
    const usd = dimension.pricePerUnit?.USD;
    if (typeof usd !== 'string' || !/^\d+(\.\d+)?(e-?\d+)?$/i.test(usd.trim())) {
      throw new OfferFormatError(`${where}: pricePerUnit.USD is ${JSON.stringify(usd)}, not a number`);
    }
    return { ...dimension, usd: Number(usd) };
  }).sort((a, b) => Number(a.beginRange ?? 0) - Number(b.beginRange ?? 0));
  if (dimensions.length === 0) throw new OfferFormatError(`${where}: no price dimension`);
  return dimensions.find((d) => d.usd > 0) ?? dimensions[0]!;
}

/** The figures of one offer file for the keys its mapping names. */
export function figuresOf(offer: Offer, mapping: OfferMapping, url: string, region: string): { figures: Map<PriceKey, Price>; notFound: string[] } {
  const figures = new Map<PriceKey, Price>();
  const found = new Map<PriceKey, { usd: number; sku: string }>();
  const date = offer.publicationDate.slice(0, 10);
  for (const product of offer.products.values()) {
    for (const dimension of mapping.dimensions.filter((d) => d.match(product))) {
      const key = keyOf(dimension, product);
      if (!key) continue;
      const terms = offer.onDemand.get(product.sku);
      if (!terms || terms.length === 0) throw new OfferFormatError(`${mapping.offerCode} ${region}: product ${product.sku} (${key}) has no on-demand term`);
      const tier = tierOf(terms, `${mapping.offerCode} ${region} ${product.sku}`);
      const usd = tier.usd * (dimension.scale ?? 1);
      const previous = found.get(key);
      if (previous && previous.usd !== usd) {
        throw new OfferFormatError(`${mapping.offerCode} ${region}: products ${previous.sku} and ${product.sku} both match ${key} at different prices ($${previous.usd}, $${usd})`);
      }
      found.set(key, { usd, sku: product.sku });
      figures.set(key, {
        usd, unit: dimension.unit, confidence: 'V',
        source: { url, date, what: `AWS Price List ${mapping.offerCode} ${region}, published ${offer.publicationDate}: ${product.attributes.usagetype ?? product.sku} at $${tier.usd} per ${tier.unit ?? 'unit'}${dimension.scale ? ` × ${dimension.scale}` : ''}` },
      });
    }
  }
  const notFound = mapping.dimensions.filter((d) => typeof d.key === 'string' && !figures.has(d.key)).map((d) => d.key as string);
  if (mapping.dimensions.some((d) => typeof d.key === 'function') && ![...figures.keys()].some((k) => k.startsWith('aurora.instance.'))) notFound.push('aurora.instance.*');
  return { figures, notFound };
}

/** The URL of an offer's current file for `region`, from its region_index.json. */
async function regionalUrl(base: string, offerCode: string, region: string): Promise<string> {
  const indexUrl = `${base}/offers/v1.0/aws/${offerCode}/current/region_index.json`;
  const index = (await getSmallJson(indexUrl)) as { regions?: Record<string, { currentVersionUrl?: unknown }> } | null;
  if (typeof index !== 'object' || index === null || typeof index.regions !== 'object' || index.regions === null) {
    throw new OfferFormatError(`${indexUrl} has no regions object`);
  }
  const entry = index.regions[region];
  if (!entry) throw new PriceUpdateError(`${offerCode} has no price list for ${region} (not in ${indexUrl})`, `check the region code; if AWS has not published ${offerCode} there, update the other regions only (--regions)`);
  if (typeof entry.currentVersionUrl !== 'string' || !entry.currentVersionUrl.startsWith('/')) throw new OfferFormatError(`${indexUrl}: regions.${region}.currentVersionUrl is not a path`);
  return `${base}${entry.currentVersionUrl}`;
}

/** Reads every offer for every region, then writes the cache (merged over the regions it already held). */
export async function updatePrices(options: UpdatePricesOptions): Promise<UpdatePricesResult> {
  const base = options.offersUrl.replace(/\/+$/, '');
  const log = options.log ?? (() => undefined);
  const offers = options.offers ?? OFFER_MAPPINGS;
  const previous = readPriceCache(options.cacheFile);
  const regions: Record<string, Record<string, Price>> = { ...(previous?.regions ?? {}) };
  const offerDates: PriceCache['offers'][number][] = (previous?.offers ?? []).filter((o) => !options.regions.includes(o.region));
  const notFound: { region: string; offerCode: string; keys: string[] }[] = [];
  let figures = 0;
  try {
    for (const region of options.regions) {
      const table: Record<string, Price> = {};
      for (const mapping of offers) {
        const url = await regionalUrl(base, mapping.offerCode, region);
        log(`reading ${mapping.offerCode} ${region}: ${url}`);
        const offer = await readOffer(getText(url), (product) => mapping.dimensions.some((d) => d.match(product)));
        const read = figuresOf(offer, mapping, url, region);
        for (const [key, price] of read.figures) table[key] = price;
        figures += read.figures.size;
        if (read.notFound.length > 0) notFound.push({ region, offerCode: mapping.offerCode, keys: read.notFound });
        offerDates.push({ region, offerCode: mapping.offerCode, publicationDate: offer.publicationDate, url });
      }
      regions[region] = table;
    }
  } catch (error) {
    if (error instanceof PriceUpdateError) throw error;
    if (error instanceof DownloadError) {
      throw new PriceUpdateError(error.message, error.status === 404
        ? 'the offer or region is not in the Price List: check the region code and --offers-url'
        : 'the previous price table is kept; run `portside prices update` again (a proxy or network failure cuts downloads short)');
    }
    if (error instanceof OfferFormatError) {
      throw new PriceUpdateError(`the Price List file changed its layout: ${error.message}`, 'the previous price table is kept; Portside reads the offer file format v1.0 (src/reports/cost/price-list/offer-reader.ts)');
    }
    if (error instanceof Error && /Parser cannot parse|unexpected|expected/i.test(error.message)) {
      throw new PriceUpdateError(`a Price List file is not complete JSON: ${error.message}`, 'the previous price table is kept; run `portside prices update` again');
    }
    throw error;
  }
  writePriceCache(options.cacheFile, {
    portsidePriceCache: 1,
    written: (options.now?.() ?? new Date()).toISOString(),
    offersUrl: base,
    offers: offerDates,
    regions,
  });
  return { file: options.cacheFile, regions: [...options.regions], figures, notFound };
}
