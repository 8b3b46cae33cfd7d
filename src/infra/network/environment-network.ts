import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import type { NetworkPlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import { accessLogsBucket, LOG_BUCKET_WITHOUT_OBJECT_LOCK } from '../storage/access-logs-bucket';

export interface EnvironmentNetworkProps {
  readonly network: NetworkPlan;
  /** Keep log buckets and flow logs when the stack is deleted. */
  readonly retainOnDelete: boolean;
  /** Encrypts the flow-log group (the environment's operations key; its policy must admit CloudWatch Logs). */
  readonly flowLogKey: kms.IKey;
}

/**
 * The environment's shared network: a VPC with public, private and isolated subnets over the plan's
 * AZs, NAT per the profile, VPC endpoints, flow logs, the ALB access-log bucket and the ECS cluster.
 */
export class EnvironmentNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  public readonly cluster: ecs.Cluster;
  /** Receives every service ALB's access logs, under a prefix per service. */
  public readonly albLogsBucket: s3.Bucket;
  /** Terminal bucket for S3 server access logs of the environment's buckets. */
  public readonly serverAccessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EnvironmentNetworkProps) {
    super(scope, id);
    const { network } = props;
    const removalPolicy = props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(network.cidr),
      // Explicit AZ names: no context lookup, so synthesis needs no AWS credentials.
      availabilityZones: [...network.availabilityZones],
      natGateways: network.natGateways,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        // ECR image layers come from S3: the gateway endpoint is free and keeps them off NAT.
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });
    // restrictDefaultSecurityGroup adds CDK's provider function to the stack (outside the VPC).
    const restrictDefaultGroup = Stack.of(this).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
    if (restrictDefaultGroup) {
      acknowledge(restrictDefaultGroup, {
        id: 'CT.LAMBDA.PR.3',
        reason: 'CDK\'s deploy-time function that removes the default security group\'s rules: it runs only while CloudFormation deploys, calls only the EC2 API and holds no data; inside the VPC it would need a NAT gateway or an EC2 endpoint to reach that API',
      });
    }
    for (const subnet of [...this.vpc.publicSubnets, ...this.vpc.privateSubnets, ...this.vpc.isolatedSubnets]) {
      acknowledge(subnet, {
        id: 'CloudFormation-Validate::W3010',
        reason: 'AZ names come from the plan (manifest availabilityZones or the region table), so synthesis needs no AWS credentials or context lookup, and the subnets never move when the account\'s AZ list changes',
      });
    }
    for (const subnet of this.vpc.publicSubnets) {
      acknowledge(subnet, {
        id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        reason: 'public subnets hold only internet-facing ALBs and NAT gateways, which need the 0.0.0.0/0 route to the internet gateway; tasks and databases run in private and isolated subnets',
      });
    }

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: network.flowLogRetentionDays as logs.RetentionDays,
      encryptionKey: props.flowLogKey,
      removalPolicy,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    if (network.interfaceEndpoints) {
      this.addInterfaceEndpoints();
    }

    this.serverAccessLogsBucket = accessLogsBucket(this, 'ServerAccessLogs', removalPolicy);

    this.albLogsBucket = new s3.Bucket(this, 'AlbAccessLogs', {
      // ALB access logs support SSE-S3 only (not SSE-KMS).
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'alb-access-logs/',
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });
    acknowledge(this.albLogsBucket, {
      id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
      reason: 'Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3, not SSE-KMS',
    }, {
      id: 'CT.S3.PR.10',
      reason: 'Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3, not SSE-KMS',
    }, {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'ALB access logs describe this region\'s traffic and expire after a year; a cross-region replica has no recovery use',
    }, {
      id: 'CT.S3.PR.4',
      reason: 'a terminal log bucket: every ALB writes a log object every five minutes and they are read when investigating, so nothing reacts to a single object',
    }, {
      id: 'CT.S3.PR.9',
      reason: LOG_BUCKET_WITHOUT_OBJECT_LOCK,
    });
    this.allowAlbLogDelivery();

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: true,
    });
  }

  private addInterfaceEndpoints(): void {
    const endpoints: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
      EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
      EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    };
    for (const [id, service] of Object.entries(endpoints)) {
      const endpoint = this.vpc.addInterfaceEndpoint(id, {
        service,
        privateDnsEnabled: true,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      });
      // Endpoints take HTTPS from inside the VPC only (CDK's default rule is the VPC CIDR on 443).
      const cidrOnly = 'endpoint security group admits only the VPC CIDR on 443, never 0.0.0.0/0; the rule uses a Fn::GetAtt cdk-nag cannot resolve';
      acknowledge(endpoint,
        { id: 'AwsSolutions-EC23', reason: cidrOnly },
        { id: 'NIST.800.53.R5-EC2RestrictedSSH', reason: `${cidrOnly} (port 22 is not open)` },
        { id: 'NIST.800.53.R5-EC2RestrictedCommonPorts', reason: `${cidrOnly} (no common port is open)` });
    }
  }

  /**
   * Lets Elastic Load Balancing write access logs for any ALB of this account, under any prefix.
   * Regions older than August 2022 deliver from a regional ELB account; newer ones from the service principal.
   */
  private allowAlbLogDelivery(): void {
    const stack = this.albLogsBucket.stack;
    const elbAccount = RegionInfo.get(stack.region).elbv2Account;
    const principal = elbAccount
      ? new iam.AccountPrincipal(elbAccount)
      : new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com');
    this.albLogsBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowAlbAccessLogDelivery',
      principals: [principal],
      actions: ['s3:PutObject'],
      resources: [this.albLogsBucket.arnForObjects(`*/AWSLogs/${stack.account}/*`)],
    }));
  }
}
