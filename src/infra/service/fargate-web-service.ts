import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ServicePlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import type { SharedFileSystem } from '../data/shared-file-system';
import { ContainerImageInput } from './container-image-input';
import { addDeploymentAlarms } from './deployment-alarms';
import { containerSecrets, grantSecretDecryption } from './task-secrets';
import type { ServiceDatabaseUser } from './service-database-user';
import { callUrlVariable } from '../../manifest/call-variables';
import { databaseVariableNames } from '../../manifest/database-variables';

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

export interface ServiceDomain {
  readonly zone: route53.IHostedZone;
  /** Full DNS name of the service, e.g. `storefront.example.com`. */
  readonly domainName: string;
}

export interface FargateWebServiceProps {
  readonly service: ServicePlan;
  readonly vpc: ec2.IVpc;
  /** The services this one calls: their URL (`<CALLEE>_URL`) and the caller group its tasks carry to reach them. */
  readonly calls: readonly ServiceCall[];
  /**
   * The group of the tasks that call this service: the only source, besides the internet for a
   * public service, its load balancer admits.
   * @default - no service calls it: an internal load balancer admits nothing from inside the VPC
   */
  readonly callers?: ec2.ISecurityGroup;
  readonly cluster: ecs.ICluster;
  /** The environment's ALB log bucket; this service logs under `<service>/`. */
  readonly accessLogsBucket: s3.IBucket;
  /** The service's own users on the Aurora clusters it declares (and only those): it gets their variables and a route to their port. */
  readonly databases: readonly ServiceDatabaseUser[];
  /** The volumes the service mounts, each with this service's access point. */
  readonly volumes: readonly SharedFileSystem[];
  /** Encrypts the service's log group (the environment's operations key, whose policy admits CloudWatch Logs). */
  readonly logEncryptionKey: kms.IKey;
  readonly imageRepository: ImageRepositoryRef;
  /**
   * HTTPS with an ACM certificate and an alias record.
   * @default - plain HTTP on port 80
   */
  readonly domain?: ServiceDomain;
  /** Protect the ALB from deletion (resilient profile). */
  readonly deletionProtection: boolean;
}

/** Health-check settings for fast and safe rolling deployments (ECS best-practice guide: 5–10 s, threshold 2). */
export const HEALTH_CHECK = {
  interval: Duration.seconds(10),
  timeout: Duration.seconds(5),
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 3,
  healthyHttpCodes: '200-399',
} as const;

/**
 * One web service: its own Application Load Balancer (HTTPS when a domain is given), a Fargate
 * service spread over the private subnets that rolls a failed deployment back (circuit breaker and
 * deployment alarms on 5XX responses and unhealthy targets), autoscaling on CPU and requests per
 * target (0 tasks until an image is set), EFS mounts through access points, database settings and
 * secrets injected at start, and a log group with an explicit retention.
 */
export class FargateWebService extends Construct {
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly service: ecs.FargateService;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly image: ContainerImageInput;
  public readonly logGroup: logs.LogGroup;
  /** Target 5XX responses: ECS rolls a deployment back when it goes off. */
  public readonly deploy5xxAlarm: cloudwatch.Alarm;
  /** Unhealthy targets: ECS rolls a deployment back when it goes off. */
  public readonly deployUnhealthyAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FargateWebServiceProps) {
    super(scope, id);
    const { service } = props;
    this.image = new ContainerImageInput(this, 'Image');

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${service.name} tasks`,
      allowAllOutbound: true,
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: service.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: service.cpu,
      memoryLimitMiB: service.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: service.architecture === 'arm64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });

    this.container = this.taskDefinition.addContainer('App', {
      image: ecs.ContainerImage.fromRegistry(this.image.imageUri),
      essential: true,
      portMappings: [{ containerPort: service.port, protocol: ecs.Protocol.TCP }],
      environment: this.plainEnvironment(props),
      secrets: containerSecrets(this, props.service, props.databases),
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: service.name }),
      stopTimeout: Duration.seconds(30),
    });
    this.grantImagePull(props.imageRepository);
    grantSecretDecryption(this.taskDefinition.obtainExecutionRole(), service, props.databases);
    this.mountVolumes(props);
    this.allowDatabaseAccess(props);

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: this.image.desiredCount(service.desiredCount),
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(service.healthCheckGracePeriodSeconds),
      // LATEST is 1.4.0 or later: required for EFS volumes.
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
      capacityProviderStrategies: service.useSpot
        ? [
          // One on-demand task always, the rest mostly on Spot (interruptions never empty the service).
          { capacityProvider: 'FARGATE', base: 1, weight: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        ]
        : [{ capacityProvider: 'FARGATE', weight: 1 }],
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });
    this.carryCallerGroups(props.calls);
    // The first tasks start only once their database users exist.
    for (const user of props.databases) {
      this.service.node.addDependency(user.user);
    }

    const loadBalancing = this.addLoadBalancer(props);
    this.loadBalancer = loadBalancing.loadBalancer;
    this.targetGroup = loadBalancing.targetGroup;
    const alarms = addDeploymentAlarms(this, { service, targetGroup: this.targetGroup, ecsService: this.service });
    this.deploy5xxAlarm = alarms.target5xx;
    this.deployUnhealthyAlarm = alarms.unhealthyHosts;
    this.addAutoScaling(service);

    acknowledge(this.taskDefinition, {
      id: 'AwsSolutions-ECS2',
      reason: 'plain variables hold only non-secret settings (PORT, database host/port/name, bucket names and queue URLs, manifest environment); credentials come through `secrets` from Secrets Manager',
    });
  }

  /** Manifest variables, PORT, and each database's host, port and name. */
  private plainEnvironment(props: FargateWebServiceProps): Record<string, string> {
    const environment: Record<string, string> = { ...props.service.environment, PORT: String(props.service.port) };
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

  /**
   * The tasks also carry the caller group of each service they call. Set on the CloudFormation
   * resource, not through the service's security groups: those would also take the load balancer's
   * ingress rules, and a rule on the network stack's group that names this stack's load balancer is
   * a dependency cycle between the stacks.
   */
  private carryCallerGroups(calls: readonly ServiceCall[]): void {
    if (calls.length === 0) {
      return;
    }
    (this.service.node.defaultChild as ecs.CfnService).addPropertyOverride(
      'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups',
      [this.securityGroup.securityGroupId, ...calls.map((call) => call.callerGroup.securityGroupId)],
    );
  }

  private grantImagePull(repository: ImageRepositoryRef): void {
    const executionRole = this.taskDefinition.obtainExecutionRole();
    const repositoryArn = Stack.of(this).formatArn({
      service: 'ecr',
      account: repository.account,
      region: repository.region,
      resource: 'repository',
      resourceName: repository.repositoryName,
    });
    executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      resources: [repositoryArn],
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

  private mountVolumes(props: FargateWebServiceProps): void {
    for (const volume of props.volumes) {
      const mount = props.service.mounts.find((m) => m.fileSystem === volume.plan.name);
      if (!mount) {
        throw new Error(`service ${props.service.name} does not mount volume ${volume.plan.name}`);
      }
      const accessPoint = volume.accessPointFor(props.service.name);
      this.taskDefinition.addVolume({
        name: volume.plan.name,
        efsVolumeConfiguration: {
          fileSystemId: volume.fileSystem.fileSystemId,
          transitEncryption: 'ENABLED',
          authorizationConfig: { accessPointId: accessPoint.accessPointId, iam: 'ENABLED' },
        },
      });
      this.container.addMountPoints({ sourceVolume: volume.plan.name, containerPath: mount.containerPath, readOnly: false });
      this.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        resources: [volume.fileSystem.fileSystemArn],
        conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': accessPoint.accessPointArn } },
      }));
      // The rule lives in this stack (remote rule), so the data stack never depends on services.
      volume.securityGroup.addIngressRule(this.securityGroup, ec2.Port.tcp(2049), `NFS from ${props.service.name}`, true);
    }
  }

  private allowDatabaseAccess(props: FargateWebServiceProps): void {
    for (const { database } of props.databases) {
      database.securityGroup.addIngressRule(
        this.securityGroup,
        ec2.Port.tcp(database.database.port),
        `${database.database.engine} from ${props.service.name}`,
        true,
      );
    }
  }

  private addLoadBalancer(props: FargateWebServiceProps) {
    const { service } = props;
    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: props.vpc,
      description: `${service.name} load balancer`,
      allowAllOutbound: false,
    });
    // The internet for a public service; from inside the VPC, only the tasks of its declared callers.
    const ports = props.domain ? [80, 443] : [80];
    for (const port of ports) {
      if (service.public) {
        albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `internet to ${port}`);
      } else if (props.callers) {
        albSecurityGroup.addIngressRule(props.callers, ec2.Port.tcp(port), `callers of ${service.name} to ${port}`);
      }
    }
    if (service.public) {
      acknowledge(albSecurityGroup, {
        id: 'AwsSolutions-EC23',
        reason: `internet-facing load balancer of a public service: open on ${ports.join(' and ')} only, by design`,
      });
    }

    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: service.public,
      vpcSubnets: { subnetType: service.public ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
    });
    if (!props.deletionProtection) {
      acknowledge(loadBalancer, {
        id: 'NIST.800.53.R5-ELBDeletionProtectionEnabled',
        reason: 'economy profile: the environment is disposable and its load balancers hold no data; resilient environments enable deletion protection',
      });
    }
    // The bucket policy (network stack) admits ELB log delivery for every prefix of this account.
    loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    loadBalancer.setAttribute('access_logs.s3.bucket', props.accessLogsBucket.bucketName);
    loadBalancer.setAttribute('access_logs.s3.prefix', service.name);

    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.vpc,
      port: service.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      healthCheck: { path: service.healthCheckPath, ...HEALTH_CHECK },
      deregistrationDelay: Duration.seconds(service.deregistrationDelaySeconds),
      targets: [this.service],
    });

    if (props.domain) {
      const certificate = new acm.Certificate(this, 'Certificate', {
        domainName: props.domain.domainName,
        validation: acm.CertificateValidation.fromDns(props.domain.zone),
      });
      loadBalancer.addListener('Https', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [certificate],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        defaultTargetGroups: [targetGroup],
        open: false,
      });
      const redirect = loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: false });
      acknowledge(redirect, {
        id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
        reason: 'the port-80 listener only answers with a redirect to the HTTPS listener, which has the ACM certificate',
      });
      new route53.ARecord(this, 'AliasRecord', {
        zone: props.domain.zone,
        recordName: props.domain.domainName,
        target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(loadBalancer)),
      });
    } else {
      const http = loadBalancer.addListener('Http', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        defaultTargetGroups: [targetGroup],
        open: false,
      });
      const noDomain = 'the environment declares no domain, so there is no certificate to serve: plain HTTP until the manifest sets environments.<env>.domain, which turns on HTTPS with an ACM certificate and the redirect';
      acknowledge(http,
        { id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection', reason: noDomain },
        { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: noDomain });
    }
    return { loadBalancer, targetGroup };
  }

  /**
   * Scales between desiredCount and maxCount once an image is set, and between 0 and 0 before, so
   * Application Auto Scaling never starts a placeholder task. Only the `HasImage` condition chooses:
   * a deploy that changes the image leaves min and max (and the count scaling chose) as they are.
   */
  private addAutoScaling(service: ServicePlan): void {
    const scaling = this.service.autoScaleTaskCount({
      minCapacity: this.image.taskCount(service.desiredCount),
      maxCapacity: this.image.taskCount(service.maxCount),
    });
    scaling.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: service.scaling.cpuPercent,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
    scaling.scaleOnRequestCount('RequestScaling', {
      requestsPerTarget: service.scaling.requestsPerTarget,
      targetGroup: this.targetGroup,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
  }
}
