/**
 * What the architecture diagram of one environment shows, as plain data: read from the synthesized
 * templates (what exists: subnets, NAT gateways, endpoints, load balancers, tasks, Aurora instances,
 * mount targets, pipelines) and named after the resolved plan (service, database and volume names).
 */
import { SleepSummary, summarizeSleep } from '../sleep-summary';
import { callUrlVariable } from '../../manifest/call-variables';
import { BucketView, bucketViews, QueueView, queueViews, ServiceDataGrant, serviceGrants } from './data-access-model';
import type { EnvironmentPlan, PortsidePlan } from '../../manifest/plan';
import type { CfnResource, SynthesizedStack } from '../assembly-reader';
import { DeliveryView, deliveryView } from './delivery-view';
import { resourcesOfType, ResourceInStack, tagOf, TemplateReferences } from './template-references';
import { clusterIdentifier } from '../../manifest/aurora';

export type SubnetTier = 'public' | 'private' | 'isolated';
export const SUBNET_TIERS: readonly SubnetTier[] = ['public', 'private', 'isolated'];

export interface SubnetView {
  readonly tier: SubnetTier;
  readonly availabilityZone: string;
  readonly cidr: string;
}

export interface NetworkView {
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly subnets: readonly SubnetView[];
  /** The Availability Zone of each NAT gateway. */
  readonly natGateways: readonly string[];
  /** Interface endpoints by short service name (`ecr.api`), and the tier of the subnets they are in. */
  readonly interfaceEndpoints: readonly string[];
  readonly interfaceEndpointTier: SubnetTier;
  /** Gateway endpoints by short service name (`s3`). */
  readonly gatewayEndpoints: readonly string[];
}

export interface LoadBalancerView {
  readonly scheme: 'internet-facing' | 'internal';
  readonly https: boolean;
  /** The DNS name of its alias record, when the environment has a domain. */
  readonly domainName?: string;
  /** An AWS WAF web ACL is associated with it. */
  readonly firewall: boolean;
  readonly tier: SubnetTier;
  /** How ECS moves traffic to a new image: `rolling`, `blue/green`, `canary 10 %`, `linear 20 %`; a test listener's port beside the shifting ones. */
  readonly deployment: string;
}

/** The deployment strategy of a service, as the diagram labels it, from its DeploymentConfiguration and test listener. */
function deploymentLabel(configuration: unknown, testPort: number | undefined): string {
  const deployment = (configuration ?? {}) as { Strategy?: string; CanaryConfiguration?: { CanaryPercent?: number }; LinearConfiguration?: { StepPercent?: number } };
  const test = testPort === undefined ? '' : `, test :${testPort} (VPC)`;
  switch (deployment.Strategy) {
    case 'BLUE_GREEN': return `blue/green${test}`;
    case 'CANARY': return `canary ${deployment.CanaryConfiguration?.CanaryPercent ?? 5} %${test}`;
    case 'LINEAR': return `linear ${deployment.LinearConfiguration?.StepPercent ?? 10} %${test}`;
    default: return 'rolling';
  }
}

export interface ServiceMount {
  /** `FileSystemView.id` of the volume. */
  readonly fileSystem: string;
  readonly containerPath: string;
}

export interface ServiceView {
  readonly name: string;
  readonly stackName: string;
  /** web (behind its load balancer), worker (an ECS service without one) or job (a task on a schedule). */
  readonly kind: 'web' | 'worker' | 'job';
  /** A job's schedule and time zone: `cron(30 1 * * ? *) Europe/London`. */
  readonly schedule?: string;
  /** Names of the containers beside the service's own. */
  readonly sidecars: readonly string[];
  readonly loadBalancer?: LoadBalancerView;
  /** Task count once an image is deployed: autoscaling's minimum and maximum. */
  readonly minTasks: number;
  readonly maxTasks: number;
  /** Fargate CPU units (1024 = 1 vCPU) and memory. */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: string;
  readonly spot: boolean;
  readonly containerPort?: number;
  readonly tier: SubnetTier;
  /** `DatabaseView.id` of each Aurora cluster the tasks connect to. */
  readonly databases: readonly string[];
  /** Names of the services it calls (a `<CALLEE>_URL` variable that names the callee's host). */
  readonly calls: readonly string[];
  /** The ones it reaches with a read-only user (`Custom::DatabaseUser` Access `read`). */
  readonly readOnlyDatabases: readonly string[];
  readonly mounts: readonly ServiceMount[];
  /** Its grants on the environment's buckets (`BucketView.bucketName`) and queues (`QueueView.queueName`). */
  readonly bucketGrants: readonly ServiceDataGrant[];
  readonly queueGrants: readonly ServiceDataGrant[];
}

export interface DatabaseInstanceView {
  readonly role: 'writer' | 'reader';
  readonly instanceClass: string;
  readonly availabilityZone: string;
}

export interface DatabaseView {
  /** The cluster identifier. */
  readonly id: string;
  /** The manifest's name for it (`catalog`). */
  readonly name: string;
  readonly engine: string;
  /** The engine version as the manifest writes it (`3.10.4`, `17.7`). */
  readonly version: string;
  readonly instances: readonly DatabaseInstanceView[];
  readonly tier: SubnetTier;
}

export interface FileSystemView {
  /** Logical id of the file system in its stack. */
  readonly id: string;
  readonly name: string;
  /** The Availability Zones with a mount target. */
  readonly mountTargets: readonly string[];
  readonly tier: SubnetTier;
}

export interface EnvironmentModel {
  readonly project: string;
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly profile: string;
  readonly network: NetworkView;
  readonly services: readonly ServiceView[];
  readonly databases: readonly DatabaseView[];
  readonly fileSystems: readonly FileSystemView[];
  /** The data stack's S3 buckets and SQS queues (regional services, outside the VPC). */
  readonly buckets: readonly BucketView[];
  readonly queues: readonly QueueView[];
  /** The delivery stack's pipelines that deploy to this environment; absent when no delivery stack was synthesized. */
  readonly delivery?: DeliveryView;
  /** The environment's awake window and what sleeps outside it; absent when it is awake around the clock. */
  readonly sleep?: { readonly awake: string; readonly summary: SleepSummary };
}

const TIER_BY_SUBNET_TYPE: Readonly<Record<string, SubnetTier>> = { Public: 'public', Private: 'private', Isolated: 'isolated' };

/** The model of one environment of a synthesis. */
export function environmentModel(templates: readonly SynthesizedStack[], plan: PortsidePlan, environment: string): EnvironmentModel {
  const environmentPlan = plan.environments.find((candidate) => candidate.name === environment);
  const own = templates.filter((stack) => stack.environment === environment);
  if (!environmentPlan || own.length === 0) {
    throw new Error(`no synthesized stacks for environment ${environment}`);
  }
  const references = new TemplateReferences(templates);
  const all = (type: string) => own.flatMap((stack) => resourcesOfType(stack, type));

  const subnetOf = (value: unknown, stack: SynthesizedStack): ResourceInStack | undefined => {
    const target = references.resolve(value, stack);
    return target?.resource.Type === 'AWS::EC2::Subnet' ? target : undefined;
  };
  const tierOf = (subnetRefs: unknown, stack: SynthesizedStack, fallback: SubnetTier): SubnetTier => {
    const list = Array.isArray(subnetRefs) ? subnetRefs : [];
    const tiers = list.map((ref) => subnetOf(ref, stack)).map((subnet) => subnet && TIER_BY_SUBNET_TYPE[tagOf(subnet.resource, 'aws-cdk:subnet-type') ?? '']);
    return tiers.find((tier) => tier !== undefined) ?? fallback;
  };

  const network = networkView(all, subnetOf, tierOf);
  const sleep = summarizeSleep(own);
  const databases = databaseViews(all('AWS::RDS::DBCluster'), all('AWS::RDS::DBInstance'), environmentPlan, references, tierOf);
  const fileSystems = fileSystemViews(all('AWS::EFS::FileSystem'), all('AWS::EFS::MountTarget'), environmentPlan, references, subnetOf, tierOf);
  const buckets = bucketViews(own);
  const queues = queueViews(own);
  const services = serviceViews(own, environmentPlan, references, tierOf, databases, fileSystems)
    .map((service) => {
      const stack = own.find((candidate) => candidate.stackName === service.stackName)!;
      const grants = serviceGrants(stack, buckets, queues);
      return { ...service, bucketGrants: grants.buckets, queueGrants: grants.queues };
    });
  return {
    project: plan.project,
    environment,
    account: own[0]!.account,
    region: own[0]!.region,
    profile: environmentPlan.profile,
    network,
    services,
    databases,
    fileSystems,
    buckets,
    queues,
    delivery: deliveryView(templates, plan, environment),
    ...(sleep && environmentPlan.schedule ? { sleep: { awake: `${environmentPlan.schedule.awake} ${environmentPlan.schedule.timezone}`, summary: sleep } } : {}),
  };
}

type AllOfType = (type: string) => ResourceInStack[];
type SubnetOf = (value: unknown, stack: SynthesizedStack) => ResourceInStack | undefined;
type TierOf = (subnetRefs: unknown, stack: SynthesizedStack, fallback: SubnetTier) => SubnetTier;

function props(resource: CfnResource): Record<string, unknown> {
  return resource.Properties ?? {};
}

function networkView(all: AllOfType, subnetOf: SubnetOf, tierOf: TierOf): NetworkView {
  const subnets = all('AWS::EC2::Subnet').flatMap(({ resource }): SubnetView[] => {
    const tier = TIER_BY_SUBNET_TYPE[tagOf(resource, 'aws-cdk:subnet-type') ?? ''];
    return tier ? [{ tier, availabilityZone: String(props(resource).AvailabilityZone), cidr: String(props(resource).CidrBlock) }] : [];
  });
  const natGateways = all('AWS::EC2::NatGateway').map(({ resource, stack }) => {
    const subnet = subnetOf(props(resource).SubnetId, stack);
    return subnet ? String(props(subnet.resource).AvailabilityZone) : 'unknown AZ';
  });
  const endpoints = all('AWS::EC2::VPCEndpoint');
  const interfaces = endpoints.filter(({ resource }) => props(resource).VpcEndpointType === 'Interface');
  const vpc = all('AWS::EC2::VPC')[0];
  return {
    cidr: vpc ? String(props(vpc.resource).CidrBlock) : 'unknown',
    availabilityZones: [...new Set(subnets.map((subnet) => subnet.availabilityZone))].sort(),
    subnets: [...subnets].sort((a, b) => SUBNET_TIERS.indexOf(a.tier) - SUBNET_TIERS.indexOf(b.tier) || a.availabilityZone.localeCompare(b.availabilityZone)),
    natGateways: natGateways.sort(),
    interfaceEndpoints: interfaces.map(({ resource }) => endpointName(props(resource).ServiceName)),
    interfaceEndpointTier: interfaces[0] ? tierOf(props(interfaces[0].resource).SubnetIds, interfaces[0].stack, 'private') : 'private',
    gatewayEndpoints: endpoints.filter(({ resource }) => props(resource).VpcEndpointType === 'Gateway').map(({ resource }) => endpointName(props(resource).ServiceName)),
  };
}

/** `com.amazonaws.eu-west-2.ecr.api` → `ecr.api`; `Fn::Join ["", ["com.amazonaws.", {Ref: AWS::Region}, ".s3"]]` → `s3`. */
export function endpointName(serviceName: unknown): string {
  const text = typeof serviceName === 'string'
    ? serviceName
    : ((serviceName as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join']?.[1] ?? []).map((part) => (typeof part === 'string' ? part : 'REGION')).join('');
  return text.replace(/^com\.amazonaws\.[^.]+\./, '').replace(/^\./, '');
}

/** Aurora's version as the manifest writes it: `8.0.mysql_aurora.3.10.4` → `3.10.4`. */
function manifestVersion(engineVersion: string): string {
  return engineVersion.replace(/^.*mysql_aurora\./, '');
}

function databaseViews(clusters: ResourceInStack[], instances: ResourceInStack[], plan: EnvironmentPlan, references: TemplateReferences, tierOf: TierOf): DatabaseView[] {
  const views = clusters.map(({ stack, logicalId, resource }): DatabaseView & { order: number } => {
    const id = String(props(resource).DBClusterIdentifier ?? logicalId);
    const index = plan.databases.findIndex((database) => clusterIdentifier(plan.project, plan.name, database.name) === id);
    const members = instances.filter((instance) => references.resolve(props(instance.resource).DBClusterIdentifier, instance.stack)?.logicalId === logicalId);
    const subnetGroup = references.resolve(props(resource).DBSubnetGroupName, stack);
    return {
      id,
      name: index >= 0 ? plan.databases[index]!.name : id,
      engine: String(props(resource).Engine),
      version: manifestVersion(String(props(resource).EngineVersion ?? '')),
      instances: members.map((member, position) => ({
        role: /Writer/.test(member.logicalId) || (position === 0 && !members.some((m) => /Writer/.test(m.logicalId))) ? 'writer' : 'reader',
        instanceClass: String(props(member.resource).DBInstanceClass),
        availabilityZone: String(props(member.resource).AvailabilityZone ?? 'any AZ'),
      })),
      tier: subnetGroup ? tierOf(props(subnetGroup.resource).SubnetIds, subnetGroup.stack, 'isolated') : 'isolated',
      order: index >= 0 ? index : plan.databases.length,
    };
  });
  return views.sort((a, b) => a.order - b.order).map(({ order: _order, ...view }) => view);
}

function fileSystemViews(
  fileSystems: ResourceInStack[], mountTargets: ResourceInStack[], plan: EnvironmentPlan, references: TemplateReferences, subnetOf: SubnetOf, tierOf: TierOf,
): FileSystemView[] {
  const views = fileSystems.map(({ logicalId, resource }): FileSystemView & { order: number } => {
    // Named after the construct path `<env>/Data/FileSystem-<name>/FileSystem` (a stable construct id).
    const path = tagOf(resource, 'Name') ?? '';
    const index = plan.fileSystems.findIndex((fileSystem) => path.includes(`/FileSystem-${fileSystem.name}/`));
    const targets = mountTargets.filter((target) => references.resolve(props(target.resource).FileSystemId, target.stack)?.logicalId === logicalId);
    const zones = targets.map((target) => subnetOf(props(target.resource).SubnetId, target.stack)).map((subnet) => (subnet ? String(props(subnet.resource).AvailabilityZone) : 'unknown AZ'));
    return {
      id: logicalId,
      name: index >= 0 ? plan.fileSystems[index]!.name : logicalId,
      mountTargets: [...new Set(zones)].sort(),
      tier: targets[0] ? tierOf([props(targets[0].resource).SubnetId], targets[0].stack, 'private') : 'private',
      order: index >= 0 ? index : plan.fileSystems.length,
    };
  });
  return views.sort((a, b) => a.order - b.order).map(({ order: _order, ...view }) => view);
}

/** A task count once an image is set: `Fn::If [HasImage, n, 0]` (nested for DesiredCount) → n. */
function countOnceImageSet(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const branches = (value as { 'Fn::If'?: unknown[] } | undefined)?.['Fn::If'];
  return Array.isArray(branches) ? countOnceImageSet(branches[1]) : undefined;
}

/** The services a task definition's variables call: `<CALLEE>_URL` set to a URL whose host starts with the callee's name. */
function callsOf(task: Record<string, unknown>, services: readonly string[]): string[] {
  const variables = ((task.ContainerDefinitions ?? []) as { Environment?: { Name: string; Value?: unknown }[] }[]).flatMap((c) => c.Environment ?? []);
  return services.filter((callee) => variables.some((v) => v.Name === callUrlVariable(callee)
    && typeof v.Value === 'string' && new RegExp(`^https?://${callee}\\.`).test(v.Value)));
}

function serviceViews(
  own: readonly SynthesizedStack[], plan: EnvironmentPlan, references: TemplateReferences, tierOf: TierOf,
  databases: readonly DatabaseView[], fileSystems: readonly FileSystemView[],
): Omit<ServiceView, 'bucketGrants' | 'queueGrants'>[] {
  const views = own.flatMap((stack): (Omit<ServiceView, 'bucketGrants' | 'queueGrants'> & { order: number })[] => {
    const [service] = resourcesOfType(stack, 'AWS::ECS::Service');
    const [schedule] = resourcesOfType(stack, 'AWS::Scheduler::Schedule');
    if (!service && !schedule) return [];
    const one = (type: string) => resourcesOfType(stack, type)[0]?.resource;
    const task = props(one('AWS::ECS::TaskDefinition') ?? { Type: '' });
    const scalable = props(one('AWS::ApplicationAutoScaling::ScalableTarget') ?? { Type: '' });
    const serviceProps = service ? props(service.resource) : {};
    const scheduleProps = schedule ? props(schedule.resource) : undefined;
    const index = plan.services.findIndex((candidate) => stack.stackName === `${plan.project}-${plan.name}-service-${candidate.name}`);
    const name = index >= 0 ? plan.services[index]!.name : tagOf(one('AWS::ElasticLoadBalancingV2::LoadBalancer') ?? { Type: '' }, 'service') ?? stack.stackName;

    const used = references.referencedBy(stack.template.Resources, stack);
    const databaseIds = used.filter((r) => r.resource.Type === 'AWS::RDS::DBCluster').map((r) => String(props(r.resource).DBClusterIdentifier ?? r.logicalId));
    const volumes = (task.Volumes ?? []) as { Name: string; EFSVolumeConfiguration?: { FilesystemId?: unknown } }[];
    const mountPoints = ((task.ContainerDefinitions ?? []) as { MountPoints?: { SourceVolume: string; ContainerPath: string }[] }[]).flatMap((c) => c.MountPoints ?? []);
    const mounts = volumes.flatMap((volume): ServiceMount[] => {
      const target = references.resolve(volume.EFSVolumeConfiguration?.FilesystemId, stack);
      if (!target || !fileSystems.some((fs) => fs.id === target.logicalId)) return [];
      const path = mountPoints.find((point) => point.SourceVolume === volume.Name)?.ContainerPath ?? '';
      return [{ fileSystem: target.logicalId, containerPath: path }];
    });

    const loadBalancer = resourcesOfType(stack, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0];
    const listeners = resourcesOfType(stack, 'AWS::ElasticLoadBalancingV2::Listener');
    const record = one('AWS::Route53::RecordSet');
    const strategy = (serviceProps.CapacityProviderStrategy ?? []) as { CapacityProvider: string }[];
    const platform = task.RuntimePlatform as { CpuArchitecture?: string } | undefined;
    const ports = (serviceProps.LoadBalancers ?? []) as { ContainerPort?: number }[];
    const awsvpc = (serviceProps.NetworkConfiguration as { AwsvpcConfiguration?: { Subnets?: unknown } } | undefined)?.AwsvpcConfiguration;
    const desired = countOnceImageSet(serviceProps.DesiredCount) ?? 0;
    const containers = (task.ContainerDefinitions ?? []) as { Name?: string }[];
    return [{
      name,
      stackName: stack.stackName,
      kind: scheduleProps ? 'job' : loadBalancer ? 'web' : 'worker',
      ...(scheduleProps ? { schedule: `${String(scheduleProps.ScheduleExpression)} ${String(scheduleProps.ScheduleExpressionTimezone ?? 'UTC')}` } : {}),
      sidecars: containers.map((container) => String(container.Name)).filter((container) => container !== 'App'),
      loadBalancer: loadBalancer && {
        scheme: props(loadBalancer.resource).Scheme === 'internal' ? 'internal' : 'internet-facing',
        https: listeners.some(({ resource }) => props(resource).Protocol === 'HTTPS'),
        domainName: record ? String(props(record).Name).replace(/\.$/, '') : undefined,
        firewall: resourcesOfType(stack, 'AWS::WAFv2::WebACLAssociation').length > 0,
        tier: tierOf(props(loadBalancer.resource).Subnets, stack, 'public'),
        deployment: deploymentLabel(serviceProps.DeploymentConfiguration, listeners
          .map(({ resource }) => Number(props(resource).Port))
          .find((port) => port !== 80 && port !== 443)),
      },
      minTasks: scheduleProps ? 1 : countOnceImageSet(scalable.MinCapacity) ?? desired,
      maxTasks: scheduleProps ? 1 : countOnceImageSet(scalable.MaxCapacity) ?? desired,
      cpu: Number(task.Cpu ?? 0),
      memoryMiB: Number(task.Memory ?? 0),
      architecture: (platform?.CpuArchitecture ?? 'X86_64').toLowerCase(),
      spot: strategy.some((s) => s.CapacityProvider === 'FARGATE_SPOT'),
      containerPort: ports[0]?.ContainerPort,
      tier: tierOf(awsvpc?.Subnets, stack, 'private'),
      databases: databases.filter((database) => databaseIds.includes(database.id)).map((database) => database.id),
      readOnlyDatabases: resourcesOfType(stack, 'Custom::DatabaseUser')
        .filter(({ resource }) => props(resource).Access === 'read').map(({ resource }) => String(props(resource).ClusterIdentifier)),
      calls: callsOf(task, plan.services.map((candidate) => candidate.name)),
      mounts,
      order: index >= 0 ? index : plan.services.length,
    }];
  });
  return views.sort((a, b) => a.order - b.order).map(({ order: _order, ...view }) => view);
}
