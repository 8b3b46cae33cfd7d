/**
 * Aurora instance prices: us-east-1 is AWS-owned (V); every other region with an RDS price in the
 * price-list snapshot is derived from it by that region's RDS MySQL price ratio (U, the rule in each
 * note). A region without an RDS figure gets a stand-in region's derived price (../stand-ins.ts).
 */
import { p, PriceKey, RegionPrices } from '../price-types';
import { SOURCES } from '../price-sources';
import { RDS_MYSQL } from './regional-figures';

/** us-east-1 Aurora Standard on-demand instance prices, $/hour (AWS-owned, dated 2026-03-28). */
const AURORA_USE1: Readonly<Record<string, number>> = {
  'db.t3.medium': 0.082, 'db.t3.large': 0.164, 'db.t4g.medium': 0.073, 'db.t4g.large': 0.146,
  'db.r5.large': 0.29, 'db.r5.xlarge': 0.58, 'db.r5.2xlarge': 1.16, 'db.r5.4xlarge': 2.32, 'db.r5.8xlarge': 4.64,
  'db.r5.12xlarge': 6.96, 'db.r5.16xlarge': 9.28, 'db.r5.24xlarge': 13.92,
  'db.r6g.large': 0.26, 'db.r6g.xlarge': 0.519, 'db.r6g.2xlarge': 1.038, 'db.r6g.4xlarge': 2.076, 'db.r6g.8xlarge': 4.152,
  'db.r6g.12xlarge': 6.228, 'db.r6g.16xlarge': 8.304,
  'db.r7g.large': 0.276, 'db.r7g.xlarge': 0.553, 'db.r7g.2xlarge': 1.106, 'db.r7g.4xlarge': 2.211, 'db.r7g.8xlarge': 4.422,
  'db.r7g.12xlarge': 6.633, 'db.r7g.16xlarge': 8.844,
  'db.r8g.large': 0.276, 'db.r8g.xlarge': 0.552, 'db.r8g.2xlarge': 1.104, 'db.r8g.4xlarge': 2.208, 'db.r8g.8xlarge': 4.416,
};

/** The Aurora instance classes of `region`: none when the snapshot has no RDS price there. */
export function auroraInstances(region: string): RegionPrices {
  const regional = RDS_MYSQL[region];
  const use1 = RDS_MYSQL['us-east-1']!;
  if (!regional) return {};
  const entries = Object.entries(AURORA_USE1).map(([instanceClass, usd]) => {
    const key = `aurora.instance.${instanceClass}` as PriceKey;
    if (region === 'us-east-1') return [key, p(usd, 'instance-hour', 'V', SOURCES.auroraUse1)] as const;
    const burstable = /^db\.t/.test(instanceClass);
    const [here, there] = burstable ? [regional[0], use1[0]] : [regional[1], use1[1]];
    const derived = Math.round(usd * (here / there) * 10_000) / 10_000;
    return [key, p(derived, 'instance-hour', 'U', SOURCES.rdsRatios,
      `no ${region} Aurora price found: us-east-1 Aurora $${usd} × ${region}/us-east-1 RDS MySQL ${burstable ? 'db.t4g.medium' : 'db.r6g.large'} ratio ($${here}/$${there})`)] as const;
  });
  return Object.fromEntries(entries);
}
