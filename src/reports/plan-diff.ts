/**
 * What changed between two syntheses of the app, stack by stack and resource by resource, with the
 * changes that make CloudFormation replace a stateful resource (new database, new volume, new key:
 * the old one's data is gone unless it is retained) called out on their own.
 */
import type { CfnResource, SynthesizedStack } from './assembly-reader';

/**
 * Resource types that hold data (or, for keys, make data readable), and the properties whose change
 * makes CloudFormation create a new resource and delete the old one ("Update requires: Replacement"
 * in each type's CloudFormation reference). A changed logical id replaces any resource.
 */
export const STATEFUL_REPLACEMENT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::RDS::DBCluster': [
    'AvailabilityZones', 'DatabaseName', 'DBClusterIdentifier', 'DBSubnetGroupName', 'Engine', 'EngineMode', 'KmsKeyId',
    'MasterUsername', 'RestoreToTime', 'RestoreType', 'SnapshotIdentifier', 'SourceDBClusterIdentifier', 'SourceRegion',
    'StorageEncrypted', 'UseLatestRestorableTime',
  ],
  'AWS::RDS::DBInstance': ['DBClusterIdentifier', 'DBInstanceIdentifier', 'DBSubnetGroupName', 'Engine', 'KmsKeyId', 'StorageEncrypted'],
  'AWS::EFS::FileSystem': ['AvailabilityZoneName', 'Encrypted', 'KmsKeyId', 'PerformanceMode'],
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::SQS::Queue': ['FifoQueue', 'QueueName'],
  'AWS::KMS::Key': ['KeySpec', 'KeyUsage', 'MultiRegion'],
  'AWS::Backup::BackupVault': ['BackupVaultName', 'EncryptionKeyArn'],
  'AWS::ECR::Repository': ['EncryptionConfiguration', 'RepositoryName'],
  'AWS::Logs::LogGroup': ['LogGroupClass', 'LogGroupName'],
  'AWS::SecretsManager::Secret': ['Name'],
};

/**
 * The property that gives a stateful type a fixed (custom) name. CloudFormation cannot replace a
 * resource whose custom name stays the same ("cannot update a stack when a custom-named resource
 * requires replacing"): the deploy fails instead.
 */
export const FIXED_NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::RDS::DBCluster': 'DBClusterIdentifier',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Backup::BackupVault': 'BackupVaultName',
  'AWS::ECR::Repository': 'RepositoryName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SecretsManager::Secret': 'Name',
};

/** The custom name that makes a replacement fail: set, and the same before and after. */
function fixedNameOf(type: string, before: CfnResource, after: CfnResource): string | undefined {
  const property = FIXED_NAME_PROPERTIES[type];
  const name = property === undefined ? undefined : after.Properties?.[property];
  if (name === undefined || JSON.stringify(name) !== JSON.stringify(before.Properties?.[property])) {
    return undefined;
  }
  return typeof name === 'string' ? name : JSON.stringify(name);
}

export interface ResourceChange {
  readonly logicalId: string;
  readonly type: string;
  /** Top-level properties (and DeletionPolicy/UpdateReplacePolicy/Condition) that differ; empty for added or removed. */
  readonly properties: readonly string[];
}

/** A stateful resource CloudFormation would delete or replace: the loud part of the diff. */
export interface StatefulLoss {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  /** `replaced` (a replacing property changed) or `removed` (gone from the template, or its logical id changed). */
  readonly kind: 'replaced' | 'removed';
  /** The properties that force the replacement. */
  readonly properties: readonly string[];
  /** What CloudFormation does with the old resource: `Retain`, `Snapshot` or `Delete`. */
  readonly deletionPolicy: string;
  /**
   * A replacement of a resource that keeps its custom name: CloudFormation refuses it and the
   * deploy fails (the name it keeps is given).
   */
  readonly fixedName?: string;
}

/**
 * An ECS service leaving blue-green, canary or linear for rolling. After an odd number of
 * traffic-shifting deployments its tasks serve from the alternate target group, which the rolling
 * template deletes: traffic stops until the rolling deployment registers tasks in the primary group.
 */
export interface StrategySwitch {
  readonly stackName: string;
  readonly logicalId: string;
  /** `BLUE_GREEN`, `CANARY` or `LINEAR`. */
  readonly from: string;
}

/** The strategy an ECS service's template deploys with: ROLLING when it names none. */
function strategyOf(resource: CfnResource | undefined): string {
  const configuration = resource?.Properties?.DeploymentConfiguration as { Strategy?: unknown } | undefined;
  return typeof configuration?.Strategy === 'string' ? configuration.Strategy : 'ROLLING';
}

export interface StackDiff {
  readonly stackName: string;
  /** `added` / `removed`: the whole stack is new, or gone from the app (CloudFormation keeps it until deleted). */
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly added: readonly ResourceChange[];
  readonly removed: readonly ResourceChange[];
  readonly changed: readonly ResourceChange[];
}

/**
 * What a plan is compared with: the templates of the last `portside plan` (`.portside/last-plan`),
 * or the templates CloudFormation has deployed (`plan --deployed`).
 */
export type PlanBaseline = 'last-plan' | 'deployed';

export interface PlanDiff {
  /** False when cdk.out held no earlier synthesis: everything is new. */
  readonly hasPrevious: boolean;
  readonly stacks: readonly StackDiff[];
  readonly statefulLosses: readonly StatefulLoss[];
  /** Services going back to rolling from a traffic-shifting strategy: a person decides when. */
  readonly strategySwitches: readonly StrategySwitch[];
}

const COMPARED_ATTRIBUTES = ['DeletionPolicy', 'UpdateReplacePolicy', 'Condition'] as const;

function changedProperties(before: CfnResource, after: CfnResource): string[] {
  const keys = new Set([...Object.keys(before.Properties ?? {}), ...Object.keys(after.Properties ?? {})]);
  const properties = [...keys].filter((key) => JSON.stringify(before.Properties?.[key]) !== JSON.stringify(after.Properties?.[key]));
  const attributes = COMPARED_ATTRIBUTES.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return [...properties.sort(), ...attributes];
}

function diffStack(stackName: string, before: SynthesizedStack | undefined, after: SynthesizedStack | undefined): { diff: StackDiff; losses: StatefulLoss[]; switches: StrategySwitch[] } {
  const old = before?.template.Resources ?? {};
  const now = after?.template.Resources ?? {};
  const entry = (logicalId: string, resource: CfnResource, properties: string[] = []): ResourceChange => ({ logicalId, type: resource.Type, properties });
  const added = Object.entries(now).filter(([id]) => !(id in old)).map(([id, r]) => entry(id, r));
  const removed = Object.entries(old).filter(([id]) => !(id in now)).map(([id, r]) => entry(id, r));
  const changed = Object.entries(now)
    .filter(([id]) => id in old)
    .map(([id, r]) => entry(id, r, changedProperties(old[id]!, r)))
    .filter((change) => change.properties.length > 0);

  const deletionPolicy = (resource: CfnResource | undefined) => resource?.DeletionPolicy ?? 'Delete';
  const losses: StatefulLoss[] = [
    ...removed.filter((r) => r.type in STATEFUL_REPLACEMENT_PROPERTIES).map((r): StatefulLoss => ({
      stackName, logicalId: r.logicalId, type: r.type, kind: 'removed', properties: [], deletionPolicy: deletionPolicy(old[r.logicalId]),
    })),
    ...changed.flatMap((c): StatefulLoss[] => {
      const replacing = c.properties.filter((p) => STATEFUL_REPLACEMENT_PROPERTIES[c.type]?.includes(p));
      const fixedName = fixedNameOf(c.type, old[c.logicalId]!, now[c.logicalId]!);
      return replacing.length === 0 ? [] : [{
        stackName, logicalId: c.logicalId, type: c.type, kind: 'replaced', properties: replacing, deletionPolicy: deletionPolicy(old[c.logicalId]),
        ...(fixedName === undefined ? {} : { fixedName }),
      }];
    }),
  ];
  const switches = changed.filter((c) => c.type === 'AWS::ECS::Service' && strategyOf(old[c.logicalId]) !== 'ROLLING' && strategyOf(now[c.logicalId]) === 'ROLLING')
    .map((c): StrategySwitch => ({ stackName, logicalId: c.logicalId, from: strategyOf(old[c.logicalId]) }));
  const status = !before ? 'added' : !after ? 'removed' : added.length + removed.length + changed.length > 0 ? 'changed' : 'unchanged';
  // A stack gone from the app is not deleted by a deploy: its resources are not lost by this change.
  return { diff: { stackName, status, added, removed, changed }, losses: after ? losses : [], switches };
}

/**
 * Compares the stacks of two syntheses by CloudFormation stack name (account and region included,
 * so two environments' stacks never match each other).
 */
export function diffPlans(previous: readonly SynthesizedStack[] | undefined, current: readonly SynthesizedStack[]): PlanDiff {
  const key = (stack: SynthesizedStack) => `${stack.account}/${stack.region}/${stack.stackName}`;
  const before = new Map((previous ?? []).map((stack) => [key(stack), stack]));
  const after = new Map(current.map((stack) => [key(stack), stack]));
  const keys = [...new Set([...after.keys(), ...before.keys()])];
  const results = keys.map((k) => diffStack((after.get(k) ?? before.get(k))!.stackName, before.get(k), after.get(k)));
  return {
    hasPrevious: previous !== undefined,
    stacks: results.map((r) => r.diff),
    statefulLosses: results.flatMap((r) => r.losses),
    strategySwitches: results.flatMap((r) => r.switches),
  };
}
