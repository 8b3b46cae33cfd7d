/**
 * What `portside plan` reports for each environment, computed from the synthesized templates:
 * stacks, resource counts by type, and the key settings a reviewer checks first.
 */
import type { CfnResource, SynthesizedStack } from './assembly-reader';
import { DatabaseUserSummary, summarizeDatabaseUsers } from './database-users-summary';
import { DEFAULT_ASSUMPTIONS, deploySettingsOf, deployTiming } from './deploy-timing';
import { badImageExposure, type BadImageExposure } from './traffic-shift';
import { PipelineSummary, summarizePipelines } from './pipeline-summary';
import { SleepSummary, summarizeSleep } from './sleep-summary';

export interface StackSummary {
  readonly stackName: string;
  readonly resources: number;
  readonly templateBytes: number;
  readonly terminationProtection: boolean;
}

export interface ServiceSummary {
  readonly stackName: string;
  /** web: an ECS service behind a load balancer; worker: an ECS service without one; job: a scheduled task. */
  readonly kind: 'web' | 'worker' | 'job';
  /** Tasks kept running (web, worker), or started per run (job). */
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly cpu: string;
  readonly memoryMiB: string;
  readonly architecture: string;
  /** Web services only. */
  readonly loadBalancer?: 'internet-facing' | 'internal';
  readonly https: boolean;
  /** What starts the work: a worker's queue, or a job's schedule and time zone. */
  readonly trigger?: string;
  /** Container names beside the service's own, each with its cpu/memory share. */
  readonly sidecars: readonly string[];
  readonly spot: boolean;
  /** Modelled seconds for a good rolling deployment at minTasks, and until a bad image is rolled back (`deploy-timing.ts`); none for a job. */
  readonly deploySeconds?: number;
  readonly rollbackSeconds?: number;
  /** Web services: the deployment strategy and a 5XX-answering image's exposure (`traffic-shift.ts`). */
  readonly strategy?: string;
  readonly badImageExposure?: BadImageExposure;
}

export interface DatabaseSummary {
  readonly clusterIdentifier: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly instanceClasses: readonly string[];
  readonly readers: number;
  readonly availabilityZones: readonly string[];
  readonly deletionProtection: boolean;
}

export interface EnvironmentSummary {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly stacks: readonly StackSummary[];
  readonly resourcesByType: Readonly<Record<string, number>>;
  readonly availabilityZones: readonly string[];
  readonly natGateways: number;
  readonly interfaceEndpoints: readonly string[];
  readonly services: readonly ServiceSummary[];
  readonly databases: readonly DatabaseSummary[];
  /** Each service's own user per database: access, endpoint and rotation. */
  readonly databaseUsers: readonly DatabaseUserSummary[];
  readonly fileSystems: number;
  readonly accessPoints: number;
  /** S3 bucket names of the data stack (the manifest's `buckets`). */
  readonly buckets: readonly string[];
  /** SQS queue names of the data stack with their dead-letter queues: `name (DLQ name)`. */
  readonly queues: readonly string[];
  /** What sleeps on the environment's schedule, and when; absent for an environment awake around the clock. */
  readonly sleep?: SleepSummary;
}

type Resource = CfnResource & { readonly stack: SynthesizedStack };

function summarizeStack(stack: SynthesizedStack): StackSummary {
  return {
    stackName: stack.stackName,
    resources: Object.keys(stack.template.Resources).length,
    templateBytes: stack.templateBytes,
    terminationProtection: stack.terminationProtection,
  };
}

function resourcesOf(stacks: readonly SynthesizedStack[], type: string): Resource[] {
  return stacks.flatMap((stack) =>
    Object.values(stack.template.Resources).filter((r) => r.Type === type).map((r) => ({ ...r, stack })));
}

function withIds(stacks: readonly SynthesizedStack[], type: string): (Resource & { readonly logicalId: string })[] {
  return stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources).filter(([, r]) => r.Type === type).map(([logicalId, r]) => ({ ...r, stack, logicalId })));
}

/** A task count once an image is set (DesiredCount, MinCapacity, MaxCapacity): `Fn::If [HasImage, n, 0]` → n. */
function countOnceImageSet(value: unknown): number {
  if (typeof value === 'number') return value;
  const branches = (value as { 'Fn::If'?: unknown[] } | undefined)?.['Fn::If'];
  return Array.isArray(branches) && typeof branches[1] === 'number' ? branches[1] : 0;
}

/** `otel (64 CPU, 128 MiB)` for each container beside the service's own (`App`). */
function sidecarsOf(task: Readonly<Record<string, unknown>>): string[] {
  const containers = (task.ContainerDefinitions ?? []) as { Name?: string; Cpu?: number; Memory?: number }[];
  return containers.filter((container) => container.Name !== 'App').map((container) => `${container.Name} (${container.Cpu ?? 0} CPU, ${container.Memory ?? '?'} MiB)`);
}

function summarizeServices(stacks: readonly SynthesizedStack[]): ServiceSummary[] {
  return stacks.flatMap((stack): ServiceSummary[] => {
    const one = (type: string) => resourcesOf([stack], type)[0];
    const service = one('AWS::ECS::Service');
    const schedule = one('AWS::Scheduler::Schedule');
    if (!service && !schedule) return [];
    const task = one('AWS::ECS::TaskDefinition')?.Properties ?? {};
    const platform = task.RuntimePlatform as { CpuArchitecture?: string } | undefined;
    const shape = {
      stackName: stack.stackName,
      cpu: String(task.Cpu ?? '?'),
      memoryMiB: String(task.Memory ?? '?'),
      architecture: (platform?.CpuArchitecture ?? 'X86_64').toLowerCase(),
      sidecars: sidecarsOf(task),
    };
    if (!service) {
      const props = schedule!.Properties ?? {};
      // The schedule starts a state machine whose RunTask step names the capacity providers.
      const runTask = JSON.stringify(one('AWS::StepFunctions::StateMachine')?.Properties?.DefinitionString ?? '');
      return [{
        ...shape,
        kind: 'job',
        minTasks: 1,
        maxTasks: 1,
        https: false,
        trigger: `${String(props.ScheduleExpression)} ${String(props.ScheduleExpressionTimezone ?? 'UTC')}`,
        spot: runTask.includes('FARGATE_SPOT'),
      }];
    }
    const scalable = one('AWS::ApplicationAutoScaling::ScalableTarget')?.Properties ?? {};
    const alb = one('AWS::ElasticLoadBalancingV2::LoadBalancer')?.Properties;
    const listeners = resourcesOf([stack], 'AWS::ElasticLoadBalancingV2::Listener');
    const strategy = (service.Properties?.CapacityProviderStrategy ?? []) as { CapacityProvider: string }[];
    const minTasks = countOnceImageSet(scalable.MinCapacity ?? service.Properties?.DesiredCount);
    const settings = deploySettingsOf(stack.template, Math.max(1, minTasks));
    const timing = deployTiming(settings);
    const queue = queueOfWorker(stack);
    return [{
      ...shape,
      kind: alb ? 'web' : 'worker',
      minTasks,
      maxTasks: countOnceImageSet(scalable.MaxCapacity ?? service.Properties?.DesiredCount),
      ...(alb ? { loadBalancer: alb.Scheme === 'internal' ? 'internal' as const : 'internet-facing' as const } : {}),
      https: listeners.some((l) => l.Properties?.Protocol === 'HTTPS'),
      ...(alb || !queue ? {} : { trigger: `queue ${queue}` }),
      spot: strategy.some((s) => s.CapacityProvider === 'FARGATE_SPOT'),
      deploySeconds: timing.steadyStateSeconds,
      rollbackSeconds: timing.badImageRolledBackSeconds,
      ...(alb ? { strategy: settings.strategy?.kind ?? 'rolling', badImageExposure: badImageExposure(settings, DEFAULT_ASSUMPTIONS) } : {}),
    }];
  });
}

/** The queue a worker's backlog scaling reads (its QueueName dimension). */
function queueOfWorker(stack: SynthesizedStack): string | undefined {
  for (const policy of resourcesOf([stack], 'AWS::ApplicationAutoScaling::ScalingPolicy')) {
    const spec = (policy.Properties?.TargetTrackingScalingPolicyConfiguration as { CustomizedMetricSpecification?: { Metrics?: { MetricStat?: { Metric?: { Namespace?: string; Dimensions?: { Name: string; Value: unknown }[] } } }[] } } | undefined)?.CustomizedMetricSpecification;
    for (const query of spec?.Metrics ?? []) {
      const metric = query.MetricStat?.Metric;
      const name = metric?.Namespace === 'AWS/SQS' ? metric.Dimensions?.find((d) => d.Name === 'QueueName')?.Value : undefined;
      if (typeof name === 'string') return name;
    }
  }
  return undefined;
}

function summarizeDatabases(stacks: readonly SynthesizedStack[]): DatabaseSummary[] {
  return stacks.flatMap((stack) => {
    const instances = resourcesOf([stack], 'AWS::RDS::DBInstance');
    return Object.entries(stack.template.Resources)
      .filter(([, r]) => r.Type === 'AWS::RDS::DBCluster')
      .map(([logicalId, cluster]) => {
        const members = instances.filter((i) => (i.Properties?.DBClusterIdentifier as { Ref?: string } | undefined)?.Ref === logicalId);
        const props = cluster.Properties ?? {};
        return {
          clusterIdentifier: String(props.DBClusterIdentifier ?? logicalId),
          engine: String(props.Engine),
          engineVersion: String(props.EngineVersion),
          instanceClasses: members.map((m) => String(m.Properties?.DBInstanceClass)),
          readers: Math.max(0, members.length - 1),
          availabilityZones: members.map((m) => String(m.Properties?.AvailabilityZone ?? 'any')),
          deletionProtection: props.DeletionProtection === true,
        };
      });
  });
}

export function summarizeEnvironments(stacks: readonly SynthesizedStack[]): EnvironmentSummary[] {
  const environments = [...new Set(stacks.flatMap((s) => (s.environment === undefined ? [] : [s.environment])))];
  return environments.map((environment) => {
    const own = stacks.filter((s) => s.environment === environment);
    const resourcesByType: Record<string, number> = {};
    for (const stack of own) {
      for (const resource of Object.values(stack.template.Resources)) {
        resourcesByType[resource.Type] = (resourcesByType[resource.Type] ?? 0) + 1;
      }
    }
    const subnets = resourcesOf(own, 'AWS::EC2::Subnet');
    const endpoints = resourcesOf(own, 'AWS::EC2::VPCEndpoint')
      .filter((e) => e.Properties?.VpcEndpointType === 'Interface')
      .map((e) => endpointName(e.Properties?.ServiceName));
    const sleep = summarizeSleep(own);
    return {
      environment,
      account: own[0]!.account,
      region: own[0]!.region,
      stacks: own.map(summarizeStack),
      resourcesByType: Object.fromEntries(Object.entries(resourcesByType).sort(([a], [b]) => a.localeCompare(b))),
      availabilityZones: [...new Set(subnets.map((s) => String(s.Properties?.AvailabilityZone)))].sort(),
      natGateways: resourcesOf(own, 'AWS::EC2::NatGateway').length,
      interfaceEndpoints: endpoints,
      services: summarizeServices(own),
      databases: summarizeDatabases(own),
      databaseUsers: summarizeDatabaseUsers(own),
      fileSystems: resourcesOf(own, 'AWS::EFS::FileSystem').length,
      accessPoints: resourcesOf(own, 'AWS::EFS::AccessPoint').length,
      buckets: withIds(own, 'AWS::S3::Bucket').filter((b) => b.stack.stackName.endsWith('-data')).map((b) => String(b.Properties?.BucketName ?? b.logicalId)),
      queues: summarizeQueues(withIds(own, 'AWS::SQS::Queue')),
      ...(sleep ? { sleep } : {}),
    };
  });
}

/** Each queue with a redrive policy, named with its dead-letter queue: `shop-prod-orders (DLQ shop-prod-orders-dlq, after 5)`. */
function summarizeQueues(queues: readonly (Resource & { readonly logicalId: string })[]): string[] {
  return queues.flatMap((q) => {
    const redrive = q.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown } | undefined;
    if (!redrive) return [];
    const target = JSON.stringify(redrive.deadLetterTargetArn ?? '');
    const dlq = queues.find((candidate) => target.includes(`"${candidate.logicalId}"`));
    return [`${String(q.Properties?.QueueName)} (DLQ ${String(dlq?.Properties?.QueueName ?? '?')}, after ${String(redrive.maxReceiveCount)} deliveries)`];
  });
}

/** `com.amazonaws.eu-west-2.ecr.api` → `ecr.api` (service names are plain strings or Fn::Join parts). */
function endpointName(serviceName: unknown): string {
  const text = typeof serviceName === 'string' ? serviceName : JSON.stringify(serviceName);
  const match = /com\.amazonaws\.(?:[a-z0-9-]+\.)?([a-z0-9.-]+?)"?\]?\]?\}?$/.exec(text);
  return match ? match[1]! : text;
}

/** Stacks outside any environment (the delivery stack): name, account, region and size. */
/** A stack shared by the environments (delivery): where it lives and the pipelines it holds. */
export interface SharedStackSummary extends StackSummary {
  readonly account: string;
  readonly region: string;
  readonly pipelines: readonly PipelineSummary[];
}

export function summarizeSharedStacks(stacks: readonly SynthesizedStack[]): SharedStackSummary[] {
  return stacks.filter((s) => s.environment === undefined).map((s) => ({
    ...summarizeStack(s),
    account: s.account,
    region: s.region,
    pipelines: summarizePipelines(s.template.Resources),
  }));
}
