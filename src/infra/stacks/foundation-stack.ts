import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AccountAuditTrail, auditTrailName } from '../audit/audit-trail';
import { CisMonitoring } from '../audit/cis-monitoring';
import { FoundationKey } from '../audit/foundation-key';
import { allowAlarmsToPublish } from '../operations/alarm-topic-policy';
import { accountAlarmTopicName } from '../operations/names';
import type { AccountPlan } from './account-plan';

export interface FoundationStackProps extends StackProps {
  readonly plan: AccountPlan;
}

/** `<project>-foundation`: a contract, one per account (its stacks are found by this name). */
export function foundationStackName(project: string): string {
  return `${project}-foundation`;
}

/**
 * `<project>-foundation`, one per AWS account that hosts an environment, in the region of the
 * account's first environment: the account's audit.
 * - a KMS key (rotation on) for the trail, its log group and the alarm topic;
 * - ONE multi-region CloudTrail trail with log file validation, KMS encryption and CloudWatch Logs,
 *   to a versioned, private, SSL-only, access-logged, lifecycle-managed and retained bucket;
 * - the account alarm topic `<project>-account-alarms` (KMS, SSL-only, e-mailing alertEmail);
 * - the CIS AWS Foundations Benchmark metric filters and alarms (src/infra/audit/cis-alarms.ts).
 * A multi-region trail records every region of the account, so the DR region needs no trail of its own.
 * Cost Anomaly Detection is the account's too, but lives in `<project>-cost-anomaly` (us-east-1).
 */
export class FoundationStack extends Stack {
  public readonly key: FoundationKey;
  public readonly audit: AccountAuditTrail;
  public readonly alarmTopic: sns.Topic;
  public readonly cis: CisMonitoring;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id, props);
    const { plan } = props;

    this.key = new FoundationKey(this, 'AuditKey', { project: plan.project, trailName: auditTrailName(plan.project) });
    this.audit = new AccountAuditTrail(this, 'Audit', { project: plan.project, key: this.key.key, trailArn: this.key.trailArn });

    this.alarmTopic = new sns.Topic(this, 'AccountAlarms', {
      topicName: accountAlarmTopicName(plan.project),
      displayName: `Portside ${plan.project} account alarms`,
      masterKey: this.key.key,
      enforceSSL: true,
    });
    // Only this account's alarms of this region may publish (enforceSSL replaced SNS's default policy).
    allowAlarmsToPublish(this.alarmTopic);
    // The address confirms the subscription once, from the first e-mail AWS sends it.
    this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(plan.alertEmail));

    this.cis = new CisMonitoring(this, 'Cis', { project: plan.project, logGroup: this.audit.logGroup, topic: this.alarmTopic });

    new CfnOutput(this, 'TrailArn', { value: this.audit.trail.trailArn, description: 'The account trail (multi-region)' });
    new CfnOutput(this, 'TrailBucketName', { value: this.audit.bucket.bucketName, description: 'Where CloudTrail log and digest files are kept' });
    new CfnOutput(this, 'AccountAlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'CIS alarms go here; subscribed: alertEmail' });
  }
}
