import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TagResult } from '../../src/cli/cost-tags/cost-allocation-tags';
import { portsideAsync } from '../support/cli';
import { FakeCostExplorer } from '../support/fake-cost-explorer';

const MANAGEMENT_KEY = 'AKIDMANAGEMENT';
const MEMBER_KEY = 'AKIDMEMBER';

describe('portside cost-tags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portside-cost-tags-'));
  let fake: FakeCostExplorer | undefined;
  afterEach(async () => fake?.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `portside cost-tags` on the reference manifest against a fresh fake, with the access key given and no AWS config files. */
  async function costTags(setUp: (fake: FakeCostExplorer) => void, accessKey: string, args: string[] = []) {
    fake = new FakeCostExplorer();
    fake.memberAccessKeys.add(MEMBER_KEY);
    setUp(fake);
    const endpoint = await fake.listen();
    return portsideAsync(['cost-tags', ...args], {
      AWS_ENDPOINT_URL_COST_EXPLORER: endpoint,
      AWS_ACCESS_KEY_ID: accessKey,
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_SESSION_TOKEN: '',
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
  }

  it('activates the inactive keys Portside tags with (project, environment, service, the manifest\'s CostCentre), leaves active ones, and names the ones not seen yet', async () => {
    const run = await costTags((f) => {
      f.tags.set('project', 'Active');
      f.tags.set('environment', 'Inactive');
      f.tags.set('CostCentre', 'Inactive');
    }, MANAGEMENT_KEY, ['--json']);
    expect(run.status, run.stderr).toBe(0);
    const { tags } = JSON.parse(run.stdout) as { tags: TagResult[] };
    expect(tags).toEqual([
      { tagKey: 'project', outcome: 'active' },
      { tagKey: 'environment', outcome: 'activated' },
      { tagKey: 'service', outcome: 'not seen yet' },
      { tagKey: 'CostCentre', outcome: 'activated' },
    ]);
    expect(fake!.calls).toEqual([
      { operation: 'ListCostAllocationTags', keys: ['project', 'environment', 'service', 'CostCentre'] },
      { operation: 'UpdateCostAllocationTagsStatus', keys: ['environment', 'CostCentre'] },
    ]);
    expect(fake!.tags.get('environment')).toBe('Active');
  });

  it('changes nothing with --dry-run, and says what it would do', async () => {
    const run = await costTags((f) => f.tags.set('service', 'Inactive'), MANAGEMENT_KEY, ['--dry-run']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/ service +would activate +inactive: activated without --dry-run/);
    expect(run.stdout).toMatch(/not seen yet: the environment budgets and the cost by service need them; run again tomorrow\n$/);
    expect(fake!.calls.map((call) => call.operation)).toEqual(['ListCostAllocationTags']);
    expect(fake!.tags.get('service')).toBe('Inactive');
  });

  it('exits 1 naming a key Cost Explorer refuses, after activating the others', async () => {
    const run = await costTags((f) => {
      for (const key of ['project', 'environment', 'service']) f.tags.set(key, 'Inactive');
      f.refusals.set('service', 'TagKeysNotFoundException');
    }, MANAGEMENT_KEY);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/ service +refused +TagKeysNotFoundException: refused by the fake/);
    expect(run.stdout).toMatch(/1 tag key refused \(exit 1\)\n$/);
    expect(fake!.tags.get('project')).toBe('Active');
  });

  it('tells a member account\'s caller, in one line, to run it with the management account\'s credentials', async () => {
    const run = await costTags(() => undefined, MEMBER_KEY);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^portside: Cost Explorer refused to list or activate cost allocation tags \(AccessDeniedException: Linked account/);
    expect(run.stderr).toMatch(/\nhint: cost allocation tags are activated once, in the organization's management \(payer\) account/);
    expect(run.stdout).toBe('');
  });
});
