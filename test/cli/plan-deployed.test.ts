import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { planBaselineDir } from '../../src/cli/plan-baseline';
import { readPreviousAssembly, SynthesizedStack } from '../../src/reports/assembly-reader';
import type { PlanReview } from '../../src/reports/plan-review';
import { portsideAsync } from '../support/cli';
import { FakeCloudFormation } from '../support/fake-cloudformation';

const DEV_LOOKUP_ROLE = 'arn:aws:iam::111111111111:role/cdk-hnb659fds-lookup-role-111111111111-eu-west-2';

describe('portside plan --deployed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portside-plan-deployed-'));
  let synthesized: SynthesizedStack[];
  let fake: FakeCloudFormation;
  let endpoint: string;

  beforeAll(async () => {
    // What the reference manifest's dev environment synthesizes to: the templates "deployed" below.
    const reference = await portsideAsync(['plan', '--env', 'dev', '--out', join(dir, 'reference')]);
    expect(reference.status, reference.stderr).toBe(0);
    synthesized = readPreviousAssembly(join(dir, 'reference'))!.filter((stack) => stack.environment === 'dev');
    expect(synthesized.length).toBe(8);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh fake AWS with `stacks` deployed in their own account and region (as JSON, as the CDK deploys). */
  async function deployed(stacks: readonly SynthesizedStack[], body = (stack: SynthesizedStack) => JSON.stringify(stack.template)): Promise<void> {
    await fake?.close();
    fake = new FakeCloudFormation();
    for (const stack of stacks) fake.deploy(stack.account, stack.region, stack.stackName, body(stack));
    endpoint = await fake.listen();
  }

  /** `portside plan --deployed --env dev` against the fake, with dummy credentials and no AWS config files. */
  async function planDeployed(name: string) {
    const run = await portsideAsync(['plan', '--deployed', '--env', 'dev', '--out', join(dir, name), '--summary-file', join(dir, `${name}.json`)], {
      AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
      AWS_ENDPOINT_URL_STS: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDPORTSIDETEST',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_SESSION_TOKEN: '',
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      // The SDK's notice that it will need Node 22 from 2027 on: not this test's subject.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    const review = existsSync(join(dir, `${name}.json`)) ? JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as PlanReview : undefined;
    return { ...run, review };
  }

  afterAll(async () => fake?.close());

  it('finds no change when CloudFormation has the synthesized templates, read through the lookup role of their account and region', async () => {
    // GIVEN every dev stack deployed as synthesized, the network stack's template in YAML
    await deployed(synthesized, (stack) => (stack.stackName.endsWith('-network') ? stringify(stack.template) : JSON.stringify(stack.template)));
    // WHEN
    const run = await planDeployed('unchanged');
    // THEN
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Changes against the deployed stacks: none.');
    expect(fake.templateReads.map((read) => read.stackName).sort()).toEqual(synthesized.map((stack) => stack.stackName).sort());
    expect(new Set(fake.templateReads.map((read) => `${read.account} ${read.region} ${read.templateStage}`))).toEqual(new Set(['111111111111 eu-west-2 Original']));
    expect(new Set(fake.assumedRoles.map((role) => `${role.roleArn} ${role.region} ${role.sessionName}`))).toEqual(new Set([`${DEV_LOOKUP_ROLE} eu-west-2 portside-plan`]));
    expect(run.review).toMatchObject({ baseline: 'deployed', environment: 'dev', needsReview: false, replacesStatefulResource: false, deployWillFail: false, changedStacks: 0 });
    // --deployed never makes a last plan
    expect(existsSync(planBaselineDir(join(dir, 'unchanged')))).toBe(false);
  });

  it('reports a database replacement and a replacement that fails on a fixed name, in the output and the summary, and leaves the last plan alone', async () => {
    // GIVEN a deployed data stack whose catalog cluster had another identifier and database name,
    // and whose orders cluster another database name under the same identifier
    const data = synthesized.find((stack) => stack.stackName === 'purchase-direct-dev-data')!;
    const clusters = Object.entries(data.template.Resources).filter(([, resource]) => resource.Type === 'AWS::RDS::DBCluster');
    const catalog = clusters.find(([, r]) => r.Properties!.DatabaseName === 'catalog')![0];
    const orders = clusters.find(([, r]) => r.Properties!.DatabaseName === 'orders')![0];
    const before = structuredClone(data.template) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
    Object.assign(before.Resources[catalog]!.Properties, { DBClusterIdentifier: 'purchase-direct-dev-products', DatabaseName: 'products' });
    Object.assign(before.Resources[orders]!.Properties, { DatabaseName: 'sales' });
    await deployed(synthesized, (stack) => JSON.stringify(stack === data ? before : stack.template));
    // … and a last plan in place, marked so a move would show
    const out = join(dir, 'replaced');
    cpSync(join(dir, 'reference'), planBaselineDir(out), { recursive: true });
    writeFileSync(join(planBaselineDir(out), 'marker'), 'the last plan');
    // WHEN
    const run = await planDeployed('replaced');
    // THEN
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Changes against the deployed stacks: 1 stack');
    expect(run.stdout).toContain('2 stateful resources would be replaced or removed');
    expect(run.stdout).toContain(`!! purchase-direct-dev-data: REPLACES AWS::RDS::DBCluster ${catalog}: DBClusterIdentifier, DatabaseName changed, so CloudFormation creates a new one; the old one is deleted after a final snapshot`);
    expect(run.stdout).toContain(`!! purchase-direct-dev-data: DEPLOY WILL FAIL: AWS::RDS::DBCluster ${orders}: DatabaseName changed`);
    expect(run.review).toMatchObject({ needsReview: true, replacesStatefulResource: true, deployWillFail: true, changedStacks: 1 });
    expect(run.review!.text.length).toBeLessThanOrEqual(450);
    expect(run.review!.text).toBe(`Plan of dev against what is deployed: 2 stateful resources at risk. purchase-direct-dev-data: ${orders} (RDS::DBCluster) DEPLOY WILL FAIL: `
      + `DatabaseName needs a replacement, but its name purchase-direct-dev-orders is fixed. ${catalog} (RDS::DBCluster) REPLACED: DBClusterIdentifier, DatabaseName; old one deleted after a final snapshot.`);
    expect(readFileSync(join(planBaselineDir(out), 'marker'), 'utf8')).toBe('the last plan');
  });

  it('calls a stack CloudFormation does not have new', async () => {
    // GIVEN every dev stack deployed but the storefront's
    await deployed(synthesized.filter((stack) => stack.stackName !== 'purchase-direct-dev-service-storefront'));
    // WHEN
    const run = await planDeployed('new-stack');
    // THEN
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Changes against the deployed stacks: 1 stack\n  + purchase-direct-dev-service-storefront: new stack, not deployed yet\n');
    expect(fake.templateReads.map((read) => read.stackName)).toContain('purchase-direct-dev-service-storefront');
    expect(run.review).toMatchObject({ needsReview: false, changedStacks: 1 });
  });
});
