import { RegionInfo } from 'aws-cdk-lib/region-info';
import { describe, expect, it } from 'vitest';
import { COMMERCIAL_REGIONS, OTHER_PARTITION_REGIONS } from '../../src/manifest/regions';

describe('the region list the manifest checks against', () => {
  it('is exactly the installed aws-cdk-lib\'s commercial regions, and its other partitions\' regions', () => {
    const known = RegionInfo.regions;
    expect([...COMMERCIAL_REGIONS].sort()).toEqual(known.filter((region) => region.partition === 'aws').map((region) => region.name).sort());
    expect(OTHER_PARTITION_REGIONS).toEqual(Object.fromEntries(known.filter((region) => region.partition !== 'aws').map((region) => [region.name, region.partition])));
  });
});
