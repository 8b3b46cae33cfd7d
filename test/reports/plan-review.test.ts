import { describe, expect, it } from 'vitest';
import type { CfnResource, SynthesizedStack } from '../../src/reports/assembly-reader';
import { diffPlans } from '../../src/reports/plan-diff';
import { PLAN_REVIEW_TEXT_MAX, reviewOf } from '../../src/reports/plan-review';

function stack(stackName: string, resources: Record<string, CfnResource>): SynthesizedStack {
  return {
    environment: 'prod', stackName, account: '222222222222', region: 'eu-west-2',
    template: { Resources: resources }, templateBytes: 0, terminationProtection: false, assetCount: 0,
  };
}

const cluster = (props: Record<string, unknown> = {}): CfnResource => ({
  Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', DatabaseName: 'catalog', ...props }, DeletionPolicy: 'Snapshot',
});
const bucket = (name: string): CfnResource => ({ Type: 'AWS::S3::Bucket', Properties: { BucketName: name } });
const topic: CfnResource = { Type: 'AWS::SNS::Topic', Properties: {} };
/** An ECS service deploying with `strategy` (none written: rolling, as CloudFormation reads it). */
const service = (strategy?: string): CfnResource => ({
  Type: 'AWS::ECS::Service', Properties: { DesiredCount: 2, DeploymentConfiguration: { MaximumPercent: 200, ...(strategy ? { Strategy: strategy } : {}) } },
});

describe('reviewOf', () => {
  it('needs no review when nothing stateful is lost, and says how many stacks change', () => {
    const review = reviewOf(diffPlans([stack('data', { Catalog: cluster() })], [stack('data', { Catalog: cluster(), Alarms: topic }), stack('web', {})]), 'deployed', 'prod');
    expect(review).toEqual({
      baseline: 'deployed', environment: 'prod', replacesStatefulResource: false, deployWillFail: false, switchesToRolling: false, needsReview: false, changedStacks: 2,
      text: 'Plan of prod against what is deployed: 2 stacks change; no stateful resource is replaced or removed.',
    });
    expect(reviewOf(diffPlans([stack('data', {})], [stack('data', {})]), 'last-plan').text).toBe('Plan of the app since the last plan: no changes.');
  });

  it('needs a review for a replacement, naming the stack, the resource, what changed and what happens to the old one', () => {
    const review = reviewOf(diffPlans([stack('data', { Catalog: cluster() })], [stack('data', { Catalog: cluster({ DatabaseName: 'shop' }) })]), 'deployed', 'prod');
    expect(review).toMatchObject({ replacesStatefulResource: true, deployWillFail: false, needsReview: true });
    expect(review.text).toBe('Plan of prod against what is deployed: 1 stateful resource at risk. data: Catalog (RDS::DBCluster) REPLACED: DatabaseName; old one deleted after a final snapshot.');
  });

  it('needs a review when a service goes back to rolling from a traffic-shifting strategy (its alternate target group may be serving), not for any other switch', () => {
    const review = reviewOf(diffPlans([stack('web', { Web: service('CANARY') })], [stack('web', { Web: service() })]), 'deployed', 'prod');
    expect(review).toMatchObject({ replacesStatefulResource: false, deployWillFail: false, switchesToRolling: true, needsReview: true });
    expect(review.text).toBe('Plan of prod against what is deployed: 1 service back to rolling. web: Web CANARY -> ROLLING deletes its alternate target group, which may be serving.');
    for (const [from, to] of [[undefined, 'BLUE_GREEN'], ['BLUE_GREEN', 'LINEAR'], ['ROLLING', undefined]] as const) {
      const other = reviewOf(diffPlans([stack('web', { Web: service(from) })], [stack('web', { Web: service(to) })]), 'deployed', 'prod');
      expect(other, `${from} -> ${to}`).toMatchObject({ switchesToRolling: false, needsReview: false });
    }
  });

  it('names a replacement that fails on a fixed name first, and a removed resource as removed', () => {
    const before = [stack('data', { Catalog: cluster({ DBClusterIdentifier: 'shop-catalog' }), Feeds: bucket('feeds') })];
    const after = [stack('data', { Catalog: cluster({ DBClusterIdentifier: 'shop-catalog', DatabaseName: 'shop' }) })];
    const review = reviewOf(diffPlans(before, after), 'deployed', 'prod');
    expect(review).toMatchObject({ replacesStatefulResource: true, deployWillFail: true, needsReview: true });
    expect(review.text).toBe('Plan of prod against what is deployed: 2 stateful resources at risk. data: Catalog (RDS::DBCluster) DEPLOY WILL FAIL: '
      + 'DatabaseName needs a replacement, but its name shop-catalog is fixed. Feeds (S3::Bucket) REMOVED; old one DELETED with its data.');
  });

  it(`stays one ASCII line of at most ${PLAN_REVIEW_TEXT_MAX} characters, counting what it leaves out`, () => {
    const names = Array.from({ length: 12 }, (_, i) => `Bucket${i}WithAFairlyLongLogicalId${'X'.repeat(20)}`);
    const before = stack('purchase-direct-prod-data', Object.fromEntries(names.map((name) => [name, bucket(`${name}-old`.toLowerCase())])));
    const after = stack('purchase-direct-prod-data', Object.fromEntries(names.map((name) => [name, bucket(name.toLowerCase())])));
    const { text } = reviewOf(diffPlans([before], [after]), 'deployed', 'prod');
    expect(text.length).toBeLessThanOrEqual(PLAN_REVIEW_TEXT_MAX);
    expect(text).toMatch(/^[\x20-\x7e]+$/);
    const shown = names.filter((name) => text.includes(name)).length;
    expect(shown).toBeGreaterThan(0);
    expect(text).toMatch(new RegExp(` \\.\\.\\. and ${names.length - shown} more \\(see the full plan\\)\\.$`));
  });

  it('shows the start of a single loss too long to fit, rather than nothing', () => {
    const long = `Bucket${'Y'.repeat(500)}`;
    const { text } = reviewOf(diffPlans([stack('data', { [long]: bucket('a') })], [stack('data', { [long]: bucket('b') })]), 'deployed', 'prod');
    expect(text.length).toBe(PLAN_REVIEW_TEXT_MAX);
    expect(text).toContain('data: BucketYYYY');
    expect(text).toMatch(/YYY\.\.\.$/);
  });
});
