import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { SECRET_TAGS } from '../../lambda/database-users/names';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgePinnedNodeRuntime, bundledNodeCode, isNewestNodeRuntime, PORTSIDE_NODE_RUNTIME } from '../lambda/bundled-node-code';
import { alarmDescription } from '../operations/alarm-thresholds';
import { alarmTopicArn } from '../operations/environment-alarm-topic';
import type { AuroraDatabase } from './aurora-database';

/** The tag every service database user's secret carries: the provisioner may only touch secrets tagged with its environment. */
export const DATABASE_USER_SECRET_TAG = 'portside:database-users';

/** Tags on a user secret: the ones the rotation reads (one definition with the function's code), and the service it belongs to. */
export const DATABASE_USER_TAGS = { ...SECRET_TAGS, service: 'portside:service' } as const;

/**
 * Concurrent provisioning or rotation runs at most. Rotations of an environment's secrets are spread
 * over the day's rotation window and take about a second per step; deploys create a few users at once.
 */
const RESERVED_CONCURRENCY = 10;

export interface DatabaseUserProvisionerProps {
  readonly project: string;
  readonly environment: string;
  readonly vpc: ec2.IVpc;
  /** The environment's clusters: the function reaches each one's port and reads its master secret. */
  readonly databases: readonly AuroraDatabase[];
  /** The data key: encrypts the master secrets, the user secrets and the function's logs. */
  readonly dataKey: kms.IKey;
  readonly logRetentionDays: number;
}

/**
 * The one function that creates, updates, disables and rotates the environment's per-service
 * database users (`src/lambda/database-users`), as the `Custom::DatabaseUser` provider of the
 * service stacks and as the rotation function of their user secrets (alternating users).
 *
 * It runs in the private subnets: it reaches the clusters in the isolated subnets on their ports,
 * Secrets Manager over HTTPS through its VPC endpoint where the network has one (the NAT gateway
 * otherwise), and RDS's API through the NAT gateway. CloudFormation never calls it directly: the CDK provider framework
 * (also in the VPC) invokes it and answers CloudFormation. It reads a cluster's master secret fresh on
 * every run (RDS rotates it) and never hands it to anything else.
 */
export class DatabaseUserProvisioner extends Construct {
  public readonly function: lambda.Function;
  /** The `ServiceToken` of `Custom::DatabaseUser` resources. */
  public readonly serviceToken: string;
  public readonly securityGroup: ec2.SecurityGroup;
  /** Errors of the function: a failed rotation or provisioning run. */
  public readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DatabaseUserProvisionerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const subnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.project} ${props.environment}: database user provisioning and rotation`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs (Secrets Manager, RDS) through endpoints or NAT');
    for (const database of props.databases) {
      const port = ec2.Port.tcp(database.database.port);
      this.securityGroup.addEgressRule(database.securityGroup, port, `${database.database.name} cluster`);
      database.securityGroup.addIngressRule(this.securityGroup, port, 'database user provisioning and rotation');
    }

    const role = new iam.Role(this, 'Role', {
      description: `${props.project} ${props.environment}: creates, disables and rotates service database users`,
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole')],
    });
    this.grantDatabaseAccess(role, props);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.dataKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new lambda.Function(this, 'Function', {
      description: 'Portside: per-service database users (Custom::DatabaseUser) and their alternating-users rotation',
      runtime: PORTSIDE_NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: bundledNodeCode('database-users'),
      memorySize: 256,
      timeout: Duration.minutes(2),
      role,
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [this.securityGroup],
      reservedConcurrentExecutions: RESERVED_CONCURRENCY,
      logGroup,
    });
    // Secrets Manager calls it to rotate the environment's user secrets (their rotation schedules live
    // in the service stacks); limited to this account's secrets in this region.
    this.function.addPermission('RotationInvoke', {
      principal: new iam.ServicePrincipal('secretsmanager.amazonaws.com'),
      sourceAccount: stack.account,
      sourceArn: stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [this.securityGroup],
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: props.logRetentionDays as logs.RetentionDays,
        encryptionKey: props.dataKey,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.serviceToken = provider.serviceToken;

    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmName: `${stack.stackName}-database-users-errors`,
      alarmDescription: alarmDescription('critical',
        'A database user could not be provisioned or rotated: a deploy that adds or changes a service\'s database access failed, or a '
        + 'rotation stopped half-way (the secret keeps its AWSPENDING version; services keep working on the current credential).',
        'read the function\'s log group for the step and the database error; fix the cause, then rotate the secret again '
        + '(aws secretsmanager rotate-secret --secret-id …) or redeploy the service stack.'),
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', alarmTopicArn(this, props.project, props.environment));
    this.errorsAlarm.addAlarmAction(new actions.SnsAction(topic));
    this.errorsAlarm.addOkAction(new actions.SnsAction(topic));

    this.acknowledgeFindings(role, provider, this.userSecretsArn());
  }

  /** Every secret of the account in this region: the user secrets' policy resource, narrowed by their tag. */
  private userSecretsArn(): string {
    return Stack.of(this).formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  /**
   * Master secrets by ARN; user secrets by the environment's tag (they live in the service stacks,
   * which this stack must never depend on); the data key only through Secrets Manager.
   */
  private grantDatabaseAccess(role: iam.Role, props: DatabaseUserProvisionerProps): void {
    const stack = Stack.of(this);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DescribeClusters',
      actions: ['rds:DescribeDBClusters'],
      resources: props.databases.map((database) => stack.formatArn({
        service: 'rds', resource: 'cluster', resourceName: database.clusterIdentifier, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })),
    }));
    const masterSecrets = props.databases.flatMap((database) => (database.cluster.secret ? [database.cluster.secret.secretArn] : []));
    if (masterSecrets.length > 0) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'ReadMasterSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: masterSecrets,
      }));
    }
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ManageUserSecrets',
      actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
      resources: [this.userSecretsArn()],
      conditions: { StringEquals: { [`aws:ResourceTag/${DATABASE_USER_SECRET_TAG}`]: `${props.project}-${props.environment}` } },
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'GeneratePasswords',
      actions: ['secretsmanager:GetRandomPassword'],
      resources: ['*'],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'SecretsEncryption',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [props.dataKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
    }));
  }

  private acknowledgeFindings(role: iam.Role, provider: cr.Provider, userSecretsArn: string): void {
    const vpcAccess = 'the AWS-maintained policy Lambda documents for functions in a VPC: it only creates, describes and deletes the function\'s network interfaces and writes its logs';
    acknowledge(role,
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]', reason: vpcAccess },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'secretsmanager:GetRandomPassword has no resource-level permissions; it only returns random characters' },
      {
        id: `AwsSolutions-IAM5[Resource::${userSecretsArn}]`,
        reason: 'the user secrets live in the service stacks (this stack never depends on them): limited by the environment\'s portside:database-users tag',
      },
    );
    const synchronous = 'invoked synchronously only (by the provider framework during a deploy and by Secrets Manager during a rotation), which both retry and record the failure: there is no asynchronous event to dead-letter';
    acknowledge(this.function, { id: 'NIST.800.53.R5-LambdaDLQ', reason: synchronous });
    acknowledgePinnedNodeRuntime(this.function, 'its SQL is tested on');
    const functionId = Stack.of(this).getLogicalId(this.function.node.defaultChild as lambda.CfnFunction);
    for (const framework of provider.node.findAll().filter((c): c is lambda.Function => c instanceof lambda.Function)) {
      if (!isNewestNodeRuntime(framework.runtime)) {
        acknowledge(framework, { id: 'AwsSolutions-L1', reason: 'the CDK provider framework\'s runtime is chosen and updated by aws-cdk-lib, not by Portside' });
      }
      acknowledge(framework,
        { id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`, reason: 'the CDK provider framework invokes any version of the one provisioning function (CDK grants function:*)' },
        { id: 'NIST.800.53.R5-LambdaDLQ', reason: `the CDK provider framework: ${synchronous}` },
        { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'the CDK provider framework runs only while CloudFormation deploys a Custom::DatabaseUser; it cannot be invoked by anything else' },
        { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'the CDK provider framework\'s role: the AWS-maintained policy that lets it write its own logs' },
        { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]', reason: vpcAccess },
      );
    }
  }
}
