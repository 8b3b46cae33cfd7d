import { Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { EnvironmentPlan } from '../../manifest/plan';
import { EnvironmentNetwork } from '../network/environment-network';
import { ServiceCalls } from '../network/service-calls';
import * as sns from 'aws-cdk-lib/aws-sns';
import { alarmTopicArn, EnvironmentAlarmTopic } from '../operations/environment-alarm-topic';
import { ServiceRedeployer } from '../operations/service-redeployer';
import { DATA_BUCKET_LOG_PREFIX } from '../data/environment-bucket';
import { SmokeTestHook } from '../service/smoke-test-hook';

export interface NetworkStackProps extends StackProps {
  readonly plan: EnvironmentPlan;
}

/**
 * `<project>-<env>-network`: VPC, endpoints, flow logs, the ALB log bucket and the ECS cluster, and
 * (deployed first and never replaced, so every other stack can rely on them) the environment's alarm
 * topic `<project>-<env>-alarms` with its operations key, and the state machine that redeploys a
 * service whose database credential changed.
 */
export class NetworkStack extends Stack {
  public readonly network: EnvironmentNetwork;
  public readonly operations: EnvironmentAlarmTopic;
  public readonly redeployer: ServiceRedeployer;
  /** Caller groups and service names for `calls` between services. */
  public readonly calls: ServiceCalls;
  /** The deployment smoke test hook, when a web service of the environment has `deployment.smokeTest`. */
  public readonly smokeTestHook?: SmokeTestHook;
  private readonly zones: readonly string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.zones = props.plan.network.availabilityZones;
    this.operations = new EnvironmentAlarmTopic(this, 'Operations', {
      project: props.plan.project,
      environment: props.plan.name,
      alertEmail: props.plan.alertEmail,
    });
    this.network = new EnvironmentNetwork(this, 'Network', {
      network: props.plan.network,
      retainOnDelete: props.plan.protectData,
      flowLogKey: this.operations.key,
    });
    this.calls = new ServiceCalls(this, 'Calls', { plan: props.plan, vpc: this.network.vpc });
    this.redeployer = new ServiceRedeployer(this, 'Redeployer', {
      cluster: this.network.cluster,
      logKey: this.operations.key,
      logRetentionDays: props.plan.network.flowLogRetentionDays,
      // By the ARN built from its name, like every other alarm of the environment; created after it.
      alarmTopic: sns.Topic.fromTopicArn(this, 'AlarmTopic', alarmTopicArn(this, props.plan.project, props.plan.name)),
    });
    this.redeployer.node.addDependency(this.operations);
    const smokeTested = props.plan.services.some((service) => service.workload.kind === 'web' && service.workload.deployment.smokeTest !== undefined);
    if (smokeTested) {
      this.smokeTestHook = new SmokeTestHook(this, 'SmokeTestHook', {
        project: props.plan.project,
        environment: props.plan.name,
        vpc: this.network.vpc,
        vpcCidr: props.plan.network.cidr,
        logKey: this.operations.key,
        logRetentionDays: props.plan.network.flowLogRetentionDays,
      });
    }
    if (props.plan.buckets.length > 0) this.admitDataBucketLogs(props.plan.project, props.plan.name);
  }

  /**
   * The manifest's AZ names. CDK's Vpc checks its given zones against the stack's, and the stack's
   * would be a context lookup: a synthesis with a missing context value, which the CDK CLI answers by
   * running the whole app a second time (and which needs credentials to answer at all).
   */
  override get availabilityZones(): string[] {
    return [...this.zones];
  }

  /**
   * S3 server access logs of the data stack's buckets (`<project>-<env>-…`, this account only),
   * under DATA_BUCKET_LOG_PREFIX of the environment's access-log bucket.
   */
  private admitDataBucketLogs(project: string, environment: string): void {
    const logs = this.network.serverAccessLogsBucket;
    logs.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DataBucketsServerAccessLogs',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logs.arnForObjects(`${DATA_BUCKET_LOG_PREFIX}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': `arn:${this.partition}:s3:::${project}-${environment}-*` },
        StringEquals: { 'aws:SourceAccount': this.account },
      },
    }));
  }
}
