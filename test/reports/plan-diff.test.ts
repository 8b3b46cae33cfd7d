import { describe, expect, it } from 'vitest';
import type { CfnResource, SynthesizedStack } from '../../src/reports/assembly-reader';
import { diffPlans, STATEFUL_REPLACEMENT_PROPERTIES } from '../../src/reports/plan-diff';
import { formatPlanDiff } from '../../src/reports/plan-diff-format';

function stack(stackName: string, resources: Record<string, CfnResource>, account = '111111111111'): SynthesizedStack {
  return {
    environment: 'prod', stackName, account, region: 'eu-west-2',
    template: { Resources: resources }, templateBytes: 0, terminationProtection: false, assetCount: 0,
  };
}

const cluster = (props: Record<string, unknown> = {}): CfnResource => ({
  Type: 'AWS::RDS::DBCluster',
  Properties: { Engine: 'aurora-mysql', EngineVersion: '8.0.mysql_aurora.3.10.4', DatabaseName: 'catalog', ...props },
  DeletionPolicy: 'Snapshot',
});
const topic: CfnResource = { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alarms' } };

describe('the difference between two plans', () => {
  it('says everything is new when there is no earlier synthesis', () => {
    const diff = diffPlans(undefined, [stack('data', { Catalog: cluster() })]);
    expect(diff.hasPrevious).toBe(false);
    expect(diff.stacks.map((s) => s.status)).toEqual(['added']);
    expect(diff.statefulLosses).toEqual([]);
    expect(formatPlanDiff(diff)).toMatch(/no earlier synthesis/);
  });

  it('lists added, changed (with the properties) and removed resources per stack', () => {
    const before = [stack('data', { Catalog: cluster(), Old: topic })];
    const after = [stack('data', { Catalog: cluster({ EngineVersion: '8.0.mysql_aurora.3.10.5' }), New: topic })];
    const [data] = diffPlans(before, after).stacks;
    expect(data).toEqual({
      stackName: 'data',
      status: 'changed',
      added: [{ logicalId: 'New', type: 'AWS::SNS::Topic', properties: [] }],
      changed: [{ logicalId: 'Catalog', type: 'AWS::RDS::DBCluster', properties: ['EngineVersion'] }],
      removed: [{ logicalId: 'Old', type: 'AWS::SNS::Topic', properties: [] }],
    });
  });

  it('calls out a change that replaces a stateful resource, with what happens to the old one', () => {
    const diff = diffPlans([stack('data', { Catalog: cluster() })], [stack('data', { Catalog: cluster({ DatabaseName: 'shop' }) })]);
    expect(diff.statefulLosses).toEqual([{
      stackName: 'data', logicalId: 'Catalog', type: 'AWS::RDS::DBCluster', kind: 'replaced', properties: ['DatabaseName'], deletionPolicy: 'Snapshot',
    }]);
    expect(formatPlanDiff(diff)).toContain('!! data: REPLACES AWS::RDS::DBCluster Catalog: DatabaseName changed, so CloudFormation creates a new one; the old one is deleted after a final snapshot');
  });

  it('says the deploy will fail when the replaced resource keeps its fixed name, and how to make the change', () => {
    const named = (properties: Record<string, unknown> = {}) => cluster({ DBClusterIdentifier: 'shop-prod-catalog', ...properties });
    const diff = diffPlans([stack('data', { Catalog: named() })], [stack('data', { Catalog: named({ DatabaseName: 'shop' }) })]);
    expect(diff.statefulLosses).toEqual([expect.objectContaining({ kind: 'replaced', properties: ['DatabaseName'], fixedName: 'shop-prod-catalog' })]);
    const text = formatPlanDiff(diff);
    expect(text).toContain('!! data: DEPLOY WILL FAIL: AWS::RDS::DBCluster Catalog: DatabaseName changed, which requires a replacement, and CloudFormation cannot replace a resource that keeps its fixed name shop-prod-catalog');
    expect(text).toMatch(/To make this change: keep the old value; .*restoreFromSnapshot/);
    expect(text).not.toContain('creates a new one');
  });

  it('calls a replacement that also changes the fixed name a replacement (the new name lets CloudFormation create it)', () => {
    const before = cluster({ DBClusterIdentifier: 'shop-prod-catalog' });
    const after = cluster({ DBClusterIdentifier: 'shop-prod-products', DatabaseName: 'shop' });
    const diff = diffPlans([stack('data', { Catalog: before })], [stack('data', { Catalog: after })]);
    expect(diff.statefulLosses[0]!.fixedName).toBeUndefined();
    expect(formatPlanDiff(diff)).toContain('REPLACES AWS::RDS::DBCluster Catalog: DBClusterIdentifier, DatabaseName changed, so CloudFormation creates a new one');
  });

  it('calls out a stateful resource whose logical id changed (a refactor) as removed, and a deleted one loudest', () => {
    const volume: CfnResource = { Type: 'AWS::EFS::FileSystem', Properties: { Encrypted: true } };
    const diff = diffPlans([stack('data', { MediaVolume: volume })], [stack('data', { MediaVolumeRenamed: volume })]);
    expect(diff.statefulLosses).toEqual([expect.objectContaining({ logicalId: 'MediaVolume', kind: 'removed', deletionPolicy: 'Delete' })]);
    expect(formatPlanDiff(diff)).toContain('REMOVES AWS::EFS::FileSystem MediaVolume (gone from the template, or its logical id changed); the old one is DELETED with its data');
  });

  it('warns loudly when a web service goes back to rolling from blue-green, and says how to avoid the gap', () => {
    const ecsService = (strategy?: string): CfnResource => ({ Type: 'AWS::ECS::Service', Properties: { DeploymentConfiguration: strategy ? { Strategy: strategy } : {} } });
    const diff = diffPlans([stack('shop-prod-service-web', { Web: ecsService('BLUE_GREEN') })], [stack('shop-prod-service-web', { Web: ecsService() })]);
    expect(diff.strategySwitches).toEqual([{ stackName: 'shop-prod-service-web', logicalId: 'Web', from: 'BLUE_GREEN' }]);
    expect(formatPlanDiff(diff)).toMatch(/\n {2}!! shop-prod-service-web: Web goes from BLUE_GREEN back to ROLLING, which deletes its alternate target group; .* Deploy an image once more with the current strategy first/);
  });

  it('does not call an in-place change of a stateful resource a replacement', () => {
    const diff = diffPlans([stack('data', { Catalog: cluster() })], [stack('data', { Catalog: cluster({ BackupRetentionPeriod: 35 }) })]);
    expect(diff.stacks[0]!.changed).toHaveLength(1);
    expect(diff.statefulLosses).toEqual([]);
  });

  it('never matches stacks of different accounts, and does not count a stack dropped from the app as a loss', () => {
    const diff = diffPlans([stack('data', { Catalog: cluster() }, '111111111111')], [stack('data', { Catalog: cluster() }, '222222222222')]);
    expect(diff.stacks.map((s) => s.status)).toEqual(['added', 'removed']);
    expect(diff.statefulLosses).toEqual([]);
    expect(formatPlanDiff(diff)).toContain('no longer in the app (a deploy does not delete it');
  });

  it('says so when nothing changed', () => {
    const same = [stack('data', { Catalog: cluster() })];
    expect(formatPlanDiff(diffPlans(same, same))).toBe('Changes since the previous plan: none.');
  });

  it('knows the replacing properties of every stateful type Portside creates', () => {
    expect(Object.keys(STATEFUL_REPLACEMENT_PROPERTIES).sort()).toEqual([
      'AWS::Backup::BackupVault', 'AWS::ECR::Repository', 'AWS::EFS::FileSystem', 'AWS::KMS::Key', 'AWS::Logs::LogGroup',
      'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::SecretsManager::Secret',
    ]);
  });
});
