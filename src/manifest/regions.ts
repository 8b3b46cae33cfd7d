/**
 * The commercial AWS regions (partition `aws`), so a region that does not exist, or one in another
 * partition (China, GovCloud, ISO), is refused at its line before anything is synthesized.
 *
 * A copy of aws-cdk-lib's region facts (`RegionInfo.regions`), not an import: `validate` and
 * `--help` load no CDK module. test/manifest/regions.test.ts fails when the installed aws-cdk-lib
 * knows a region this list does not, so an upgrade of the library brings the list along.
 */
export const COMMERCIAL_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2',
  'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'me-west-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2',
  'us-west-1', 'us-west-2',
]);

/** Regions of the other partitions, with their partition, for the message. */
export const OTHER_PARTITION_REGIONS: Readonly<Record<string, string>> = {
  'cn-north-1': 'aws-cn', 'cn-northwest-1': 'aws-cn', 'eu-isoe-west-1': 'aws-iso-e', 'eusc-de-east-1': 'aws-eusc',
  'us-gov-east-1': 'aws-us-gov', 'us-gov-west-1': 'aws-us-gov', 'us-iso-east-1': 'aws-iso', 'us-iso-west-1': 'aws-iso',
  'us-isob-east-1': 'aws-iso-b', 'us-isob-west-1': 'aws-iso-b', 'us-isof-east-1': 'aws-iso-f', 'us-isof-south-1': 'aws-iso-f',
};

/** The partition of a known non-commercial region (`aws-cn`, `aws-us-gov`, …), for the message. */
export function otherPartitionOf(region: string): string | undefined {
  return OTHER_PARTITION_REGIONS[region];
}
