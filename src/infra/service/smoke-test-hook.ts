import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgePinnedNodeRuntime, bundledNodeCode, PORTSIDE_NODE_RUNTIME } from '../lambda/bundled-node-code';
import { TEST_LISTENER_PORTS } from './test-listener';

/** The hook's name: service stacks build its ARN from it (no export that would pin the network stack). */
export function smokeTestFunctionName(project: string, environment: string): string {
  return `${project}-${environment}-smoke-test`;
}

/** Deployments of an environment that run at once: one hook call each, a few seconds long. */
const RESERVED_CONCURRENCY = 5;

export interface SmokeTestHookProps {
  readonly project: string;
  readonly environment: string;
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR as the manifest writes it: where the test listeners are. */
  readonly vpcCidr: string;
  /** The operations key: encrypts the function's logs. */
  readonly logKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * The environment's one smoke test function (`src/lambda/smoke-test`), the ECS lifecycle hook of
 * every web service with `deployment.smokeTest`; it lives here, not in the service stacks, which
 * stay asset-free for the image pipeline's CloudFormation action. It runs in the private subnets:
 * it reaches the load balancers' test listeners from inside the VPC (the only place they admit)
 * and EC2's API through the NAT gateway, to find the load balancer nodes' private addresses.
 */
export class SmokeTestHook extends Construct {
  public readonly function: lambda.Function;
  public readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: SmokeTestHookProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.project} ${props.environment}: deployment smoke tests on the test listeners`,
      allowAllOutbound: false,
    });
    for (const port of Object.values(TEST_LISTENER_PORTS)) {
      this.securityGroup.addEgressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(port), `test listeners (port ${port}) inside the VPC`);
    }
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'EC2 API (DescribeNetworkInterfaces) through the NAT gateway');

    const role = new iam.Role(this, 'Role', {
      description: `${props.project} ${props.environment}: smoke-tests new tasks on the test listener before production traffic moves`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole')],
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'FindLoadBalancerNodes',
      actions: ['ec2:DescribeNetworkInterfaces'],
      resources: ['*'],
    }));

    this.function = new lambda.Function(this, 'Function', {
      functionName: smokeTestFunctionName(props.project, props.environment),
      description: 'Portside: ECS deployment lifecycle hook that checks deployment.smokeTest on the test listener (2xx or roll back)',
      runtime: PORTSIDE_NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: bundledNodeCode('smoke-test'),
      memorySize: 128,
      // Three attempts of at most 5 s, 3 s apart, per load balancer node (SMOKE_TIMING).
      timeout: Duration.seconds(60),
      role,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      reservedConcurrentExecutions: RESERVED_CONCURRENCY,
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: props.logRetentionDays as logs.RetentionDays,
        encryptionKey: props.logKey,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });

    acknowledge(role,
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]', reason: 'the AWS-maintained policy Lambda documents for functions in a VPC: it only creates, describes and deletes the function\'s network interfaces and writes its logs' },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'ec2:DescribeNetworkInterfaces has no resource-level permissions; it only reads which private addresses a load balancer\'s nodes have' },
    );
    acknowledge(this.function, { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'invoked synchronously by ECS during a deployment, which reads its answer and rolls back when it fails: there is no asynchronous event to dead-letter' });
    acknowledgePinnedNodeRuntime(this.function, 'its HTTP checks are tested on');
  }
}
