import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { scaledManifest } from '../../bench/scaled-manifest';
import { buildApp } from '../../src/infra/app';
import { SERVICES_PER_DASHBOARD } from '../../src/infra/operations/environment-monitoring';
import { parseManifest } from '../../src/manifest';
import { readAssembly } from '../../src/reports/assembly-reader';
import { limitsOf } from '../../src/reports/check/limits';

/** The largest share of any CloudFormation limit a stack may use: room for the next features. */
const HEADROOM_PERCENT = 60;

describe('a platform of 100 services (the generated manifest `npm run bench` measures)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'portside-scale-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const { plan } = parseManifest(scaledManifest(100), 'portside-100.yaml');
  // cdk-nag is off here only for time: the property tests run it on random platforms of up to 20 services.
  const built = buildApp(plan, { outdir, compliance: false });
  const assembly = built.app.synth();
  const ids = assembly.stacksRecursively.map((artifact) => artifact.hierarchicalId);
  const limits = readAssembly(assembly).map((stack, index) => limitsOf({ ...stack, stack: ids[index]! }));

  it(`keeps every stack under ${HEADROOM_PERCENT} % of each CloudFormation limit (resources, template bytes, outputs, parameters, …)`, () => {
    const crowded = limits.flatMap((stack) => stack.usages
      .filter((usage) => usage.percent >= HEADROOM_PERCENT)
      .map((usage) => `${stack.stack}: ${usage.count} ${usage.limit} (${usage.percent} %)`));
    expect(crowded).toEqual([]);
    // The check can fail: the busiest stacks are measured, not empty.
    const busiest = Math.max(...limits.flatMap((stack) => stack.usages.map((usage) => usage.percent)));
    expect(busiest).toBeGreaterThan(20);
  });

  it('gives each service its own delivery stack and spreads the dashboards over operations stacks of 20 services', () => {
    expect(built.serviceDeliveries).toHaveLength(100);
    const parts = Math.ceil(100 / SERVICES_PER_DASHBOARD);
    for (const stage of built.stages) {
      expect([stage.operations, ...stage.moreDashboards].map((stack) => stack.stackName)).toEqual(
        Array.from({ length: parts }, (_, index) => `purchase-direct-${stage.stageName}-operations${index === 0 ? '' : `-${index + 1}`}`));
    }
    // Databases, volumes and the budget stay with the environment's first dashboard; further parts only show services.
    const [dev] = built.stages;
    const part2 = Template.fromStack(dev!.moreDashboards[0]!);
    part2.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    part2.resourceCountIs('AWS::Budgets::Budget', 0);
    part2.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'purchase-direct-dev-2' });
    expect(JSON.stringify(part2.toJSON())).toContain('services 21–40 of 100');
    const first = Template.fromStack(dev!.operations);
    first.resourceCountIs('AWS::Budgets::Budget', 1);
    first.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'purchase-direct-dev' });
    expect(ids).toHaveLength(
      built.stages.reduce((sum, stage) => sum + stage.stacks.length, 0) + 1 + 100 + (built.imageReplica ? 1 : 0)
      + built.foundations.length + built.drVaults.length + built.costAnomalies.length);
  });
});
