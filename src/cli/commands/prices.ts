import { AWS_OFFERS_URL, PriceUpdateError, updatePrices, UpdatePricesResult } from '../../reports/cost/price-list/update-prices';
import { PriceCacheError } from '../../reports/cost/price-cache';
import { COMMERCIAL_REGIONS } from '../../manifest/regions';
import type { PortsidePlan } from '../../manifest/plan';
import { EXIT, UserError } from '../errors';

/** The regions a manifest puts stacks in: each environment's and its DR region, and the delivery region. */
export function manifestRegions(plan: PortsidePlan): string[] {
  return [...new Set([...plan.environments.flatMap((e) => [e.region, e.drRegion]), plan.delivery.region])].sort();
}

export interface PricesUpdateOptions {
  /** Regions to read; the manifest's when absent. */
  readonly regions: readonly string[];
  readonly offersUrl?: string;
  /** The cache file (bin/ resolves the default: PORTSIDE_PRICES_FILE, XDG_CACHE_HOME, ~/.cache). */
  readonly cacheFile: string;
  readonly json?: boolean;
}

function summary(result: UpdatePricesResult): string {
  const lines = [`${result.file}: ${result.figures} figures from the AWS Price List for ${result.regions.join(', ')}`];
  for (const missing of result.notFound) {
    lines.push(`  not in ${missing.offerCode} ${missing.region}: ${missing.keys.join(', ')} (the bundled figure stays)`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `portside prices update`: reads the regions' offer files from AWS's public Price List (no
 * credentials) into the cache `portside cost` prices from. Any failure exits 1 with the previous
 * cache untouched.
 */
export async function runPricesUpdate(options: PricesUpdateOptions, write: (text: string) => void, log: (line: string) => void): Promise<number> {
  const unknown = options.regions.filter((region) => !COMMERCIAL_REGIONS.has(region));
  if (options.regions.length === 0 || unknown.length > 0) {
    throw new UserError(options.regions.length === 0 ? 'no region to update' : `not a commercial AWS region: ${unknown.join(', ')}`,
      'name the regions: --regions us-west-2,ap-southeast-2 (or run it beside a portside.yaml to read the manifest\'s)');
  }
  try {
    const result = await updatePrices({ regions: options.regions, offersUrl: options.offersUrl ?? AWS_OFFERS_URL, cacheFile: options.cacheFile, log });
    write(options.json ? `${JSON.stringify(result, null, 2)}\n` : summary(result));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof PriceUpdateError) throw new UserError(error.message, error.hint, EXIT.failed);
    if (error instanceof PriceCacheError) throw new UserError(error.message, `delete ${options.cacheFile} and run the update again`, EXIT.failed);
    throw error;
  }
}
