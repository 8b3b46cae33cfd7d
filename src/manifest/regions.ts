/**
 * The commercial AWS regions (partition `aws`), from aws-cdk-lib's region facts, so a region that
 * does not exist, or one in another partition (China, GovCloud, ISO), is refused at its line
 * before anything is synthesized.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';

export const COMMERCIAL_REGIONS: ReadonlySet<string> = new Set(
  RegionInfo.regions.filter((region) => region.partition === 'aws').map((region) => region.name),
);

/** The partition of a known non-commercial region (`aws-cn`, `aws-us-gov`, …), for the message. */
export function otherPartitionOf(region: string): string | undefined {
  const found = RegionInfo.regions.find((candidate) => candidate.name === region);
  return found && found.partition !== 'aws' ? found.partition : undefined;
}
