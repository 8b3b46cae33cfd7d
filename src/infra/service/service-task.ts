import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { callUrlVariable } from '../../manifest/call-variables';
import { databaseVariableNames } from '../../manifest/database-variables';
import { isRootUser } from '../../manifest/workload-rules';
import type { ServicePlan, SidecarPlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import type { SharedFileSystem } from '../data/shared-file-system';
import { ContainerImageInput } from './container-image-input';
import type { ServiceDatabaseUser } from './service-database-user';
import { containerSecrets, grantSecretDecryption, sidecarSecrets } from './task-secrets';

/** Where the service's images live: the delivery account's ECR repository for this service. */
export interface ImageRepositoryRef {
  readonly account: string;
  readonly region: string;
  readonly repositoryName: string;
}

/** One service this one calls. */
export interface ServiceCall {
  readonly callee: string;
  readonly url: string;
  /** Carried by this service's tasks; the callee's load balancer admits it. */
  readonly callerGroup: ec2.ISecurityGroup;
}

export interface ServiceTaskProps {
  readonly service: ServicePlan;
  readonly vpc: ec2.IVpc;
  /** The services this one calls: their URL (`<CALLEE>_URL`) and the caller group its tasks carry. */
  readonly calls: readonly ServiceCall[];
  /** The service's own users on the Aurora clusters it declares: their variables and a route to their port. */
  readonly databases: readonly ServiceDatabaseUser[];
  /** The volumes the service mounts, each with this service's access point. */
  readonly volumes: readonly SharedFileSystem[];
  /** Encrypts the log group (the environment's operations key, whose policy admits CloudWatch Logs). */
  readonly logEncryptionKey: kms.IKey;
  readonly imageRepository: ImageRepositoryRef;
  /** Extra plain variables of the service's container (PORT for a web service). */
  readonly variables?: Readonly<Record<string, string>>;
}

/** The task every kind of workload runs: its image input, security group, logs, task definition and containers. */
export interface ServiceTask {
  readonly image: ContainerImageInput;
  readonly securityGroup: ec2.SecurityGroup;
  readonly logGroup: logs.LogGroup;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The service's own container (`App`). */
  readonly container: ecs.ContainerDefinition;
  readonly sidecars: readonly ecs.ContainerDefinition[];
  /** The task's own group and the caller group of each service it calls. */
  readonly securityGroupIds: readonly string[];
}

/** The task-local writable directory every container gets, read-only root file system or not. */
export const WRITABLE_PATH = '/tmp';

/**
 * Builds the task in `scope` (with the construct ids the web service always had, so its resources
 * keep their logical ids): the `ImageUri` input, a security group, an encrypted log group, and a
 * Fargate task definition whose containers are hardened the same way — a hard memory limit each,
 * the service's user (never root unless the manifest says so), a read-only root file system unless
 * the manifest turns it off, and a task-local `/tmp` of its own. The service's container gets its
 * variables and secrets; sidecars share the task's cpu and memory and log to their own streams.
 */
export function addServiceTask(scope: Construct, props: ServiceTaskProps): ServiceTask {
  const { service } = props;
  const image = new ContainerImageInput(scope, 'Image');
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc: props.vpc,
    description: `${service.name} tasks`,
    allowAllOutbound: true,
  });
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: service.logRetentionDays as logs.RetentionDays,
    encryptionKey: props.logEncryptionKey,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
    cpu: service.cpu,
    memoryLimitMiB: service.memoryMiB,
    runtimePlatform: {
      cpuArchitecture: service.architecture === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
      operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
    },
  });
  const { container: settings } = service;
  const container = taskDefinition.addContainer('App', {
    image: ecs.ContainerImage.fromRegistry(image.imageUri),
    essential: true,
    ...(settings.command ? { command: [...settings.command] } : {}),
    cpu: settings.cpu,
    memoryLimitMiB: settings.memoryMiB,
    user: settings.user,
    readonlyRootFilesystem: settings.readonlyRootFilesystem,
    environment: plainEnvironment(props),
    secrets: containerSecrets(scope, service, props.databases),
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: service.name }),
    stopTimeout: Duration.seconds(settings.stopTimeoutSeconds),
  });
  addWritableTmp(taskDefinition, container, 'tmp');
  const sidecars = settings.sidecars.map((sidecar) => addSidecar(scope, taskDefinition, service, sidecar, logGroup));

  grantImagePull(taskDefinition, [props.imageRepository, ...settings.sidecars.flatMap((sidecar) => privateRepositoryOf(sidecar.image) ?? [])]);
  grantSecretDecryption(taskDefinition.obtainExecutionRole(), service, props.databases);
  mountVolumes(taskDefinition, container, securityGroup, props);
  for (const { database } of props.databases) {
    database.securityGroup.addIngressRule(securityGroup, ec2.Port.tcp(database.database.port), `${database.database.engine} from ${service.name}`, true);
  }
  acknowledge(taskDefinition, {
    id: 'AwsSolutions-ECS2',
    reason: 'plain variables hold only non-secret settings (PORT, database host/port/name, bucket names and queue URLs, manifest environment); credentials come through `secrets` from Secrets Manager',
  });
  acknowledgeWrittenExceptions(taskDefinition, service);
  return {
    image,
    securityGroup,
    logGroup,
    taskDefinition,
    container,
    sidecars,
    securityGroupIds: [securityGroup.securityGroupId, ...props.calls.map((call) => call.callerGroup.securityGroupId)],
  };
}

/** Manifest variables, the kind's own (PORT), each database's host, port and name, and each callee's URL. */
function plainEnvironment(props: ServiceTaskProps): Record<string, string> {
  const environment: Record<string, string> = { ...props.service.environment, ...props.variables };
  for (const user of props.databases) {
    const names = databaseVariableNames(user.database.database);
    environment[names.host] = user.hostname;
    environment[names.port] = String(user.database.database.port);
    environment[names.name] = user.database.database.databaseName;
  }
  for (const call of props.calls) {
    environment[callUrlVariable(call.callee)] = call.url;
  }
  return environment;
}

/** A task-local (ephemeral storage) volume at /tmp for one container: writable even on a read-only root. */
function addWritableTmp(taskDefinition: ecs.FargateTaskDefinition, container: ecs.ContainerDefinition, volume: string): void {
  taskDefinition.addVolume({ name: volume });
  container.addMountPoints({ sourceVolume: volume, containerPath: WRITABLE_PATH, readOnly: false });
}

/** The hardening a manifest turns off on purpose, acknowledged with the field that does it (and only then). */
function acknowledgeWrittenExceptions(taskDefinition: ecs.FargateTaskDefinition, service: ServicePlan): void {
  const { user, readonlyRootFilesystem } = service.container;
  if (isRootUser(user)) {
    acknowledge(taskDefinition, {
      id: 'CT.ECS.PR.3',
      reason: `the manifest runs service ${service.name} as root on purpose (user: "${user}"), and portside validate warns about it on every run`,
    });
  }
  if (!readonlyRootFilesystem) {
    acknowledge(taskDefinition, {
      id: 'CT.ECS.PR.6',
      reason: `the manifest turns the read-only root file system of service ${service.name} off on purpose (readonlyRootFilesystem: false)`,
    });
  }
}

function addSidecar(scope: Construct, taskDefinition: ecs.FargateTaskDefinition, service: ServicePlan, sidecar: SidecarPlan, logGroup: logs.ILogGroup): ecs.ContainerDefinition {
  const container = taskDefinition.addContainer(`Sidecar-${sidecar.name}`, {
    containerName: sidecar.name,
    image: ecs.ContainerImage.fromRegistry(sidecar.image),
    essential: sidecar.essential,
    cpu: sidecar.cpu,
    memoryLimitMiB: sidecar.memoryMiB,
    // The task's hardening applies to every container in it.
    user: service.container.user,
    readonlyRootFilesystem: service.container.readonlyRootFilesystem,
    environment: { ...sidecar.environment },
    secrets: sidecarSecrets(scope, sidecar.name, sidecar.secrets),
    // Same log group, own stream: <service>/<sidecar>/<task id>.
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: service.name }),
    stopTimeout: Duration.seconds(service.container.stopTimeoutSeconds),
  });
  addWritableTmp(taskDefinition, container, `tmp-${sidecar.name}`);
  return container;
}

const PRIVATE_ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/;

/** The private ECR repository a sidecar image is in (its pull needs a grant); undefined for a public registry. */
export function privateRepositoryOf(image: string): ImageRepositoryRef | undefined {
  const match = PRIVATE_ECR_IMAGE.exec(image);
  return match ? { account: match[1]!, region: match[2]!, repositoryName: match[3]! } : undefined;
}

/** Pulls from exactly the repositories the task's images are in (the service's, and private sidecar images'). */
function grantImagePull(taskDefinition: ecs.FargateTaskDefinition, repositories: readonly ImageRepositoryRef[]): void {
  const executionRole = taskDefinition.obtainExecutionRole();
  const stack = Stack.of(taskDefinition);
  const repositoryArns = repositories.map((repository) => stack.formatArn({
    service: 'ecr',
    account: repository.account,
    region: repository.region,
    resource: 'repository',
    resourceName: repository.repositoryName,
  }));
  executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    resources: [...new Set(repositoryArns)],
  }));
  executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ecr:GetAuthorizationToken'],
    resources: ['*'],
  }));
  acknowledge(executionRole, {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ecr:GetAuthorizationToken has no resource-level permissions; image pulls are limited to this service\'s repository',
  });
}

function mountVolumes(taskDefinition: ecs.FargateTaskDefinition, container: ecs.ContainerDefinition, securityGroup: ec2.SecurityGroup, props: ServiceTaskProps): void {
  for (const volume of props.volumes) {
    const mount = props.service.mounts.find((m) => m.fileSystem === volume.plan.name);
    if (!mount) {
      throw new Error(`service ${props.service.name} does not mount volume ${volume.plan.name}`);
    }
    const accessPoint = volume.accessPointFor(props.service.name);
    taskDefinition.addVolume({
      name: volume.plan.name,
      efsVolumeConfiguration: {
        fileSystemId: volume.fileSystem.fileSystemId,
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
      },
    });
    container.addMountPoints({ sourceVolume: volume.plan.name, containerPath: mount.containerPath, readOnly: false });
    taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
      actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      resources: [volume.fileSystem.fileSystemArn],
      conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': accessPoint.accessPointArn } },
    }));
    // The rule lives in this stack (remote rule), so the data stack never depends on services.
    volume.securityGroup.addIngressRule(securityGroup, ec2.Port.tcp(2049), `NFS from ${props.service.name}`, true);
  }
}

/**
 * The service's tasks also carry the caller group of each service they call. Set on the
 * CloudFormation resource, not through the service's security groups: those would also take the
 * load balancer's ingress rules, and a rule on the network stack's group that names this stack's
 * load balancer is a dependency cycle between the stacks.
 */
export function carryCallerGroups(service: ecs.FargateService, task: ServiceTask): void {
  if (task.securityGroupIds.length === 1) {
    return;
  }
  (service.node.defaultChild as ecs.CfnService).addPropertyOverride('NetworkConfiguration.AwsvpcConfiguration.SecurityGroups', [...task.securityGroupIds]);
}
