/**
 * Where a region's price for a dimension comes from when the table has none for that region: the
 * nearest region that has one, in the order below (same geography first), and us-east-1, the region
 * with the most figures, last. Prices differ between regions, so a stand-in line is marked `U` and
 * named in the estimate; it is never an exit.
 */

/** Nearest regions first. Every commercial region is listed (test/reports/cost-estimate.test.ts). */
export const STAND_IN_ORDER: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['us-east-2', 'us-west-2'],
  'us-east-2': ['us-east-1', 'us-west-2'],
  'us-west-1': ['us-west-2', 'us-east-1'],
  'us-west-2': ['us-east-1', 'us-east-2'],
  'ca-central-1': ['us-east-1', 'us-east-2'],
  'ca-west-1': ['ca-central-1', 'us-west-2'],
  'mx-central-1': ['us-east-2', 'us-east-1'],
  'sa-east-1': ['us-east-1'],
  'eu-west-1': ['eu-west-2', 'eu-central-1'],
  'eu-west-2': ['eu-west-1', 'eu-central-1'],
  'eu-west-3': ['eu-west-2', 'eu-central-1', 'eu-west-1'],
  'eu-central-1': ['eu-west-2', 'eu-west-1'],
  'eu-central-2': ['eu-central-1', 'eu-west-2'],
  'eu-north-1': ['eu-west-1', 'eu-central-1'],
  'eu-south-1': ['eu-central-1', 'eu-west-2'],
  'eu-south-2': ['eu-west-3', 'eu-west-1', 'eu-central-1'],
  'il-central-1': ['me-south-1', 'eu-central-1'],
  'me-central-1': ['me-south-1', 'eu-central-1'],
  'me-south-1': ['me-central-1', 'eu-central-1'],
  'me-west-1': ['me-central-1', 'me-south-1', 'eu-central-1'],
  'af-south-1': ['eu-west-2', 'eu-west-1'],
  'ap-south-1': ['ap-south-2', 'ap-southeast-1'],
  'ap-south-2': ['ap-south-1', 'ap-southeast-1'],
  'ap-southeast-1': ['ap-southeast-5', 'ap-southeast-3', 'ap-southeast-2'],
  'ap-southeast-2': ['ap-southeast-4', 'ap-southeast-1'],
  'ap-southeast-3': ['ap-southeast-1', 'ap-southeast-5'],
  'ap-southeast-4': ['ap-southeast-2', 'ap-southeast-1'],
  'ap-southeast-5': ['ap-southeast-1', 'ap-southeast-3'],
  'ap-southeast-6': ['ap-southeast-2', 'ap-southeast-4'],
  'ap-southeast-7': ['ap-southeast-1', 'ap-southeast-5'],
  'ap-northeast-1': ['ap-northeast-3', 'ap-northeast-2'],
  'ap-northeast-2': ['ap-northeast-1', 'ap-northeast-3'],
  'ap-northeast-3': ['ap-northeast-1', 'ap-northeast-2'],
  'ap-east-1': ['ap-east-2', 'ap-southeast-1', 'ap-northeast-1'],
  'ap-east-2': ['ap-east-1', 'ap-northeast-1'],
};

/** Regions tried after `region` itself, nearest first; then us-east-1 and eu-west-2, the regions with the most figures. */
export function standInCandidates(region: string): readonly string[] {
  return [...new Set([...(STAND_IN_ORDER[region] ?? []), 'us-east-1', 'eu-west-2'])].filter((candidate) => candidate !== region);
}
