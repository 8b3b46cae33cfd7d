import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PORT_VARIABLE } from '../../manifest/defaults';
import type { EnvironmentSchedulePlan, ServicePlan, WebWorkloadPlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import { addDeploymentAlarms } from './deployment-alarms';
import type { ServiceTaskProps } from './service-task';
import { TaskWorkload } from './task-workload';
import { addTaskService, scaleTaskCount, SCALING_COOLDOWNS } from './task-service';
import { deploymentStrategyProps } from './test-listener';
import { addTrafficShifting, TrafficShifting } from './traffic-shifting';

export type { ImageRepositoryRef, ServiceCall } from './service-task';

export interface ServiceDomain {
  readonly zone: route53.IHostedZone;
  /** Full DNS name of the service, e.g. `storefront.example.com`. */
  readonly domainName: string;
}

export interface FargateWebServiceProps extends Omit<ServiceTaskProps, 'variables'> {
  /**
   * The group of the tasks that call this service: the only source, besides the internet for a
   * public service, its load balancer admits.
   * @default - no service calls it: an internal load balancer admits nothing from inside the VPC
   */
  readonly callers?: ec2.ISecurityGroup;
  readonly cluster: ecs.ICluster;
  /** The environment's ALB log bucket; this service logs under `<service>/`. */
  readonly accessLogsBucket: s3.IBucket;
  /**
   * HTTPS with an ACM certificate and an alias record.
   * @default - plain HTTP on port 80
   */
  readonly domain?: ServiceDomain;
  /** Protect the ALB from deletion (resilient profile). */
  readonly deletionProtection: boolean;
  /**
   * The environment's awake window: outside it the service scales to 0 (scheduled actions).
   * @default - awake around the clock
   */
  readonly schedule?: EnvironmentSchedulePlan;
  /** The project and environment: name the environment's smoke test function (blue-green, canary, linear). */
  readonly project: string;
  readonly environment: string;
  /** The VPC's CIDR as the manifest writes it: the only source the test listener admits. */
  readonly vpcCidr: string;
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
export class FargateWebService extends TaskWorkload {
  /** The service's name and its web settings. */
  public readonly serviceName: string;
  public readonly workload: WebWorkloadPlan;
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  public readonly service: ecs.FargateService;
  /** Target 5XX responses: ECS rolls a deployment back when it goes off. */
  public readonly deploy5xxAlarm: cloudwatch.Alarm;
  /** Unhealthy targets: ECS rolls a deployment back when it goes off. */
  public readonly deployUnhealthyAlarm: cloudwatch.Alarm;
  /** Blue-green, canary and linear: the alternate target group and the VPC-only test listener. */
  public readonly trafficShifting?: TrafficShifting;

  constructor(scope: Construct, id: string, props: FargateWebServiceProps) {
    const web = webOf(props.service);
    super(scope, id, { ...props, variables: { [PORT_VARIABLE]: String(web.port) } });
    const { service } = props;
    const task = this.task;
    this.serviceName = service.name;
    this.workload = web;
    this.container.addPortMappings({ containerPort: web.port, protocol: ecs.Protocol.TCP });

    this.service = addTaskService(this, {
      service, cluster: props.cluster, task, databases: props.databases,
      healthCheckGracePeriod: Duration.seconds(web.healthCheckGracePeriodSeconds),
      strategy: deploymentStrategyProps(web.deployment),
    });

    const loadBalancing = this.addLoadBalancer(props, web);
    this.loadBalancer = loadBalancing.loadBalancer;
    this.targetGroup = loadBalancing.targetGroup;
    if (web.deployment.strategy !== 'rolling') {
      this.trafficShifting = addTrafficShifting(this, {
        project: props.project,
        environment: props.environment,
        web,
        deployment: web.deployment,
        vpc: props.vpc,
        vpcCidr: props.vpcCidr,
        loadBalancer: this.loadBalancer,
        securityGroup: loadBalancing.securityGroup,
        productionListener: loadBalancing.productionListener,
        targetGroup: this.targetGroup,
        ecsService: this.service,
        containerName: this.container.containerName,
        containerPort: web.port,
        ...(loadBalancing.certificate ? { certificate: loadBalancing.certificate, hostName: props.domain!.domainName } : {}),
      });
    }
    const alarms = addDeploymentAlarms(this, {
      service, web, targetGroup: this.targetGroup, ecsService: this.service,
      ...(this.trafficShifting ? { alternateTargetGroup: this.trafficShifting.alternateTargetGroup } : {}),
    });
    this.deploy5xxAlarm = alarms.target5xx;
    this.deployUnhealthyAlarm = alarms.unhealthyHosts;
    this.addAutoScaling(service, props.schedule);


  }

  private addLoadBalancer(props: FargateWebServiceProps, web: WebWorkloadPlan) {
    const { service } = props;
    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: props.vpc,
      description: `${service.name} load balancer`,
      allowAllOutbound: false,
    });
    // The internet for a public service; from inside the VPC, only the tasks of its declared callers.
    const ports = props.domain ? [80, 443] : [80];
    for (const port of ports) {
      if (web.public) {
        albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `internet to ${port}`);
      } else if (props.callers) {
        albSecurityGroup.addIngressRule(props.callers, ec2.Port.tcp(port), `callers of ${service.name} to ${port}`);
      }
    }
    if (web.public) {
      acknowledge(albSecurityGroup, {
        id: 'AwsSolutions-EC23',
        reason: `internet-facing load balancer of a public service: open on ${ports.join(' and ')} only, by design`,
      });
    }

    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: web.public,
      vpcSubnets: { subnetType: web.public ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: props.deletionProtection,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
    });
    if (!props.deletionProtection) {
      const disposable = 'economy profile: the environment is disposable and its load balancers hold no data; resilient environments enable deletion protection';
      acknowledge(loadBalancer,
        { id: 'NIST.800.53.R5-ELBDeletionProtectionEnabled', reason: disposable },
        { id: 'CT.ELASTICLOADBALANCING.PR.5', reason: disposable });
    }
    // The bucket policy (network stack) admits ELB log delivery for every prefix of this account.
    loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    loadBalancer.setAttribute('access_logs.s3.bucket', props.accessLogsBucket.bucketName);
    loadBalancer.setAttribute('access_logs.s3.prefix', service.name);

    const targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.vpc,
      port: web.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      healthCheck: { path: web.healthCheckPath, ...HEALTH_CHECK },
      deregistrationDelay: Duration.seconds(web.deregistrationDelaySeconds),
      // A traffic-shifting service registers with its alternate target configuration (traffic-shifting.ts).
      ...(web.deployment.strategy === 'rolling' ? { targets: [this.service] } : {}),
    });

    if (props.domain) {
      const certificate = new acm.Certificate(this, 'Certificate', {
        domainName: props.domain.domainName,
        validation: acm.CertificateValidation.fromDns(props.domain.zone),
      });
      const https = loadBalancer.addListener('Https', {
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
      return { loadBalancer, targetGroup, securityGroup: albSecurityGroup, productionListener: https, certificate };
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
        { id: 'CT.ELASTICLOADBALANCING.PR.1', reason: noDomain },
        { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: noDomain });
      return { loadBalancer, targetGroup, securityGroup: albSecurityGroup, productionListener: http, certificate: undefined };
    }
  }

  /** CPU (scaleTaskCount) and requests per target. */
  private addAutoScaling(service: ServicePlan, schedule: EnvironmentSchedulePlan | undefined): void {
    const scaling = scaleTaskCount(this.service, this.task, service, schedule);
    scaling.scaleOnRequestCount('RequestScaling', {
      requestsPerTarget: service.scaling.requestsPerTarget,
      targetGroup: this.targetGroup,
      scaleOutCooldown: SCALING_COOLDOWNS.out,
      scaleInCooldown: SCALING_COOLDOWNS.in,
    });
  }
}

function webOf(service: ServicePlan): WebWorkloadPlan {
  if (service.workload.kind !== 'web') {
    throw new Error(`service ${service.name} is a ${service.workload.kind}, not a web service`);
  }
  return service.workload;
}
