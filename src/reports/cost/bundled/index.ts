/**
 * The bundled price table: every commercial region, each with the figures found for it (the
 * multi-region sources, the Aurora derivation, the closely read reference regions, in that order of
 * precedence, the last winning). Kept in the repository on purpose: the estimate is reproducible
 * offline and every change to a price is a reviewed commit. `portside prices update` reads newer,
 * verified figures from AWS's Price List into a cache that takes precedence (../price-cache.ts).
 */
import { COMMERCIAL_REGIONS } from '../../../manifest/regions';
import type { RegionPrices } from '../price-types';
import { auroraInstances } from './aurora';
import { REFERENCE_REGIONS } from './reference-regions';
import { regionalFigures } from './regional-figures';

export const BUNDLED_PRICES: Readonly<Record<string, RegionPrices>> = Object.fromEntries([...COMMERCIAL_REGIONS].sort().map((region) => [
  region,
  { ...regionalFigures(region), ...auroraInstances(region), ...(REFERENCE_REGIONS[region] ?? {}) },
]));
