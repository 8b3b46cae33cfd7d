import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { EnvironmentPlan, ServicePlan } from '../../manifest/plan';
import type { AuroraDatabase } from '../data/aurora-database';
import type { SharedFileSystem } from '../data/shared-file-system';
import { acknowledge } from '../compliance/acknowledge';
import { FargateWebService, ImageRepositoryRef } from '../service/fargate-web-service';
import { FargateWorkerService } from '../service/fargate-worker-service';
import { FargateJob } from '../service/fargate-job';
import { redeployOnCredentialChange } from '../service/credential-change-redeploy';
import { DatabaseUserProvider, ServiceDatabaseUser } from '../service/service-database-user';
import { ServiceDataAccess } from '../service/service-data-access';
import { WebFirewall } from '../service/web-firewall';
import { ServiceCalls, serviceUrl } from '../network/service-calls';
import { MonitoringParameters } from '../operations/monitoring-parameters';
import { serviceParameterNames } from '../operations/names';
import { ServiceAlarms } from '../operations/service-alarms';
import { AlarmSleep } from '../sleep/alarm-sleep';

export interface ServiceStackProps extends StackProps {
  readonly plan: EnvironmentPlan;
  readonly service: ServicePlan;
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  readonly accessLogsBucket: s3.IBucket;
  readonly databases: readonly AuroraDatabase[];
  readonly volumes: readonly SharedFileSystem[];
  readonly dataKey: kms.IKey;
  /** The data stack's database user provisioner; absent when the environment has no database. */
  readonly databaseUserProvider?: DatabaseUserProvider;
  /** The environment's state machine that redeploys a service whose credential changed (network stack). */
  readonly redeployer: sfn.IStateMachine;
  /** Caller groups and the private zone for calls between services (network stack). */
  readonly calls: ServiceCalls;
  /** The environment's operations key (network stack): encrypts the service's log group. */
  readonly operationsKey: kms.IKey;
  readonly imageRepository: ImageRepositoryRef;
}

/**
 * `<project>-<env>-service-<name>`: one service behind its own load balancer. Asset-free, with the
 * image as the `ImageUri` parameter, so CodePipeline's CloudFormation action can deploy it as is.
 */
export class ServiceStack extends Stack {
  /** What runs: the web service, worker or job. */
  public readonly workload: FargateWebService | FargateWorkerService | FargateJob;
  /** Present for a web service. */
  public readonly web?: FargateWebService;
  /** Present for a worker. */
  public readonly worker?: FargateWorkerService;
  /** The service's own user on each database it declares. */
  public readonly databaseUsers: readonly ServiceDatabaseUser[];
  /** The service's grants on the environment's buckets and queues, and their variables. */
  public readonly dataAccess: ServiceDataAccess;
  /** Present for an internet-facing service of a resilient environment. */
  public readonly firewall?: WebFirewall;
  /** CPU, memory, p99 latency and tasks-below-desired alarms, and actions on the deployment alarms; a job has its own (FargateJob). */
  public readonly alarms?: ServiceAlarms;
  /** Present for a job. */
  public readonly job?: FargateJob;
  /** Turns the service's alarms off while its environment sleeps; absent without a schedule, and for a job (jobs keep running, and their alarms with them). */
  public readonly alarmSleep?: AlarmSleep;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { plan, service } = props;
    const domain = plan.domain && {
      zone: route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: plan.domain.hostedZoneId,
        zoneName: plan.domain.name,
      }),
      domainName: `${service.name}.${plan.domain.name}`,
    };
    this.databaseUsers = this.addDatabaseUsers(props);
    const task = {
      service,
      vpc: props.vpc,
      calls: service.calls.map((callee) => ({ callee, url: serviceUrl(plan, callee), callerGroup: props.calls.callerGroups.get(callee)! })),
      databases: this.databaseUsers,
      volumes: props.volumes,
      logEncryptionKey: props.operationsKey,
      imageRepository: props.imageRepository,
    };
    const workload = service.workload;
    let ecsService: ecs.FargateService | undefined;
    let deploymentAlarms: cloudwatch.Alarm[] = [];
    if (workload.kind === 'web') {
      this.web = new FargateWebService(this, 'Web', {
        ...task,
        callers: props.calls.callerGroups.get(service.name),
        cluster: props.cluster,
        accessLogsBucket: props.accessLogsBucket,
        domain,
        deletionProtection: plan.protectData,
        schedule: plan.schedule,
        project: plan.project,
        environment: plan.name,
        vpcCidr: plan.network.cidr,
      });
      this.workload = this.web;
      ecsService = this.web.service;
      deploymentAlarms = [this.web.deploy5xxAlarm, this.web.deployUnhealthyAlarm];
    } else if (workload.kind === 'worker') {
      const queue = plan.queues.find((candidate) => candidate.name === workload.queue);
      if (!queue) {
        throw new Error(`worker ${service.name} consumes queue ${workload.queue}, which the environment does not declare`);
      }
      this.worker = new FargateWorkerService(this, 'Worker', { ...task, cluster: props.cluster, queue, schedule: plan.schedule });
      this.workload = this.worker;
      ecsService = this.worker.service;
      deploymentAlarms = [this.worker.deployDeadLettersAlarm];
    } else {
      this.job = new FargateJob(this, 'Job', { ...task, cluster: props.cluster, project: plan.project, environment: plan.name });
      this.workload = this.job;
    }
    this.dataAccess = new ServiceDataAccess(this, 'DataAccess', {
      service: service.name,
      permissions: service.permissions,
      buckets: plan.buckets,
      queues: plan.queues,
      dataKey: props.dataKey,
      taskRole: this.workload.taskDefinition.taskRole,
    });
    for (const [variable, value] of Object.entries(this.dataAccess.variables)) {
      this.workload.container.addEnvironment(variable, value);
    }
    if (this.web) {
      this.firewall = this.addWebFirewall(plan, service, this.web, props.dataKey);
      this.addPrivateName(props, this.web);
    }
    if (ecsService) {
      this.alarms = new ServiceAlarms(this, 'Alarms', { project: plan.project, environment: plan.name, service, ecsService, web: this.web, deploymentAlarms });
      if (plan.schedule) {
        this.alarmSleep = new AlarmSleep(this, 'AlarmSleep', { schedule: plan.schedule, alarms: this.alarms.alarms });
      }
    }
    this.publishForMonitoring(plan, service, ecsService);
    // A job's runs read the current credentials when they start; only running services are redeployed.
    if (this.databaseUsers.length > 0 && ecsService) {
      redeployOnCredentialChange(this, 'RedeployOnCredentialChange', {
        secrets: this.databaseUsers.map((user) => user.secret),
        service: ecsService,
        redeployer: props.redeployer,
      });
    }
  }

  /** Without a domain, a service others call gets `<service>.<env>.<project>.internal` in the environment's private zone. */
  private addPrivateName(props: ServiceStackProps, web: FargateWebService): void {
    const zone = props.calls.zone;
    if (!zone || !props.calls.callerGroups.has(props.service.name)) {
      return;
    }
    new route53.ARecord(this, 'PrivateAliasRecord', {
      zone,
      recordName: `${props.service.name}.${zone.zoneName}`,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(web.loadBalancer)),
    });
  }

  /** One user per declared database, each with its own secret (never the master's). */
  private addDatabaseUsers(props: ServiceStackProps): ServiceDatabaseUser[] {
    const { plan, service } = props;
    if (service.databases.length === 0) {
      return [];
    }
    if (!props.databaseUserProvider) {
      throw new Error(`service ${service.name} declares databases but the environment has no database user provisioner`);
    }
    // By ARN: a grant through the data stack's key object would edit its key policy from here.
    const dataKey = kms.Key.fromKeyArn(this, 'DataKey', props.dataKey.keyArn);
    return service.databases.map((access) => {
      const database = props.databases.find((candidate) => candidate.database.name === access.database);
      if (!database) {
        throw new Error(`service ${service.name} declares database ${access.database}, which the data stack does not have`);
      }
      return new ServiceDatabaseUser(this, `DatabaseUser-${access.database}`, {
        project: plan.project,
        environment: plan.name,
        service: service.name,
        access,
        database,
        provider: props.databaseUserProvider!,
        dataKey,
      });
    });
  }

  /** What the operations stack's dashboard reads (SSM parameters, never an export: see MonitoringParameters). */
  private publishForMonitoring(plan: EnvironmentPlan, service: ServicePlan, ecsService: ecs.FargateService | undefined): void {
    const names = serviceParameterNames(plan.project, plan.name, service.name);
    const loadBalancing = this.web ? [
      { name: names.loadBalancerFullName, value: this.web.loadBalancer.loadBalancerFullName, description: `${service.name}: the load balancer's full name (CloudWatch LoadBalancer dimension)` },
      { name: names.targetGroupFullName, value: this.web.targetGroup.targetGroupFullName, description: `${service.name}: the target group's full name (CloudWatch TargetGroup dimension)` },
    ] : [];
    const running = ecsService ? [
      { name: names.clusterName, value: ecsService.cluster.clusterName, description: `${service.name}: the ECS cluster it runs in` },
      { name: names.serviceName, value: ecsService.serviceName, description: `${service.name}: the ECS service name` },
    ] : [];
    const runs = this.job ? [
      { name: names.stateMachineArn, value: this.job.stateMachine.stateMachineArn, description: `${service.name}: the state machine of its runs (CloudWatch StateMachineArn dimension)` },
    ] : [];
    new MonitoringParameters(this, 'MonitoringParameters', { parameters: [...loadBalancing, ...running, ...runs] });
  }

  /** AWS WAF in front of internet-facing load balancers of resilient environments. */
  private addWebFirewall(plan: EnvironmentPlan, service: ServicePlan, web: FargateWebService, logKey: kms.IKey): WebFirewall | undefined {
    const { loadBalancer } = web;
    const withoutFirewall = !web.workload.public
      ? 'internal load balancer: reachable only from inside the VPC, not from the internet a web application firewall screens'
      : plan.profile !== 'resilient'
        ? 'economy profile: AWS WAF costs about $8 a month per load balancer; resilient environments put it in front of every internet-facing one'
        : undefined;
    if (withoutFirewall) {
      acknowledge(loadBalancer, { id: 'NIST.800.53.R5-ALBWAFEnabled', reason: withoutFirewall });
      return undefined;
    }
    return new WebFirewall(this, 'Firewall', {
      name: this.stackName,
      loadBalancer,
      logKey,
      logRetention: service.logRetentionDays as logs.RetentionDays,
      removalPolicy: plan.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
  }
}
