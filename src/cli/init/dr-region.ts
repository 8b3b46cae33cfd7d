import { COMMERCIAL_REGIONS } from '../../manifest/regions';

/**
 * A default disaster-recovery region for a primary region: a neighbour in the same geography (data
 * residency usually stays within it), so a starter manifest needs no choice the user may not know
 * how to make. `portside init --dr-region` overrides it.
 */
const NEIGHBOURS: Readonly<Record<string, string>> = {
  'us-east-1': 'us-west-2', 'us-east-2': 'us-west-2', 'us-west-1': 'us-west-2', 'us-west-2': 'us-east-1',
  'ca-central-1': 'ca-west-1', 'ca-west-1': 'ca-central-1', 'mx-central-1': 'us-east-2', 'sa-east-1': 'us-east-1',
  'eu-west-1': 'eu-central-1', 'eu-west-2': 'eu-west-1', 'eu-west-3': 'eu-central-1', 'eu-central-1': 'eu-west-1',
  'eu-central-2': 'eu-central-1', 'eu-north-1': 'eu-central-1', 'eu-south-1': 'eu-central-1', 'eu-south-2': 'eu-west-3',
  'ap-northeast-1': 'ap-northeast-3', 'ap-northeast-3': 'ap-northeast-1', 'ap-northeast-2': 'ap-northeast-1',
  'ap-southeast-1': 'ap-southeast-2', 'ap-southeast-2': 'ap-southeast-4', 'ap-southeast-4': 'ap-southeast-2',
  'ap-south-1': 'ap-south-2', 'ap-south-2': 'ap-south-1', 'me-central-1': 'me-south-1', 'me-south-1': 'me-central-1',
};

export function defaultDrRegion(region: string): string {
  const neighbour = NEIGHBOURS[region];
  if (neighbour) return neighbour;
  // Otherwise another region of the same geography (the prefix), else us-east-1.
  const geography = region.split('-')[0];
  const sameGeography = [...COMMERCIAL_REGIONS].filter((candidate) => candidate !== region && candidate.split('-')[0] === geography).sort();
  return sameGeography[0] ?? (region === 'us-east-1' ? 'us-west-2' : 'us-east-1');
}
