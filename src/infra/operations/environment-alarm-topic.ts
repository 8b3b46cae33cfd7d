import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { allowLogsToUseKey } from '../storage/log-encryption';
import { allowAlarmsToPublish } from './alarm-topic-policy';
import { alarmTopicName, operationsKeyAlias } from './names';

export interface EnvironmentAlarmTopicProps {
  readonly project: string;
  readonly environment: string;
  /** Subscribed by e-mail (AWS sends one confirmation message first). */
  readonly alertEmail: string;
}

/**
 * An environment's alarm topic `<project>-<env>-alarms` and the environment's operations key, in the
 * network stack (deployed first, never replaced):
 * - the key (`alias/<project>-<env>-operations`, rotation on, retained) encrypts the topic, the VPC
 *   flow logs and the service log groups. Its policy lets CloudWatch Logs use it for this account's
 *   and region's log groups, and lets CloudWatch (alarms) and AWS Budgets generate data keys and
 *   decrypt: SNS does that on their behalf when they publish to an encrypted topic, and without it
 *   the publish fails silently (the alarm shows "failed to execute action", no e-mail). Those two
 *   statements carry no condition: the topic policy below already admits only this account's alarms
 *   and budgets, and the key is used only when a publish to this topic is admitted.
 * - the topic: SSL only, e-mailing `alertEmail`, publishable by this account's CloudWatch alarms of
 *   this region and by this account's budgets (`aws:SourceAccount`, `aws:SourceArn`).
 * Other stacks find the topic by the ARN built from its name (no CloudFormation export).
 */
export class EnvironmentAlarmTopic extends Construct {
  public readonly key: kms.Key;
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: EnvironmentAlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      alias: operationsKeyAlias(props.project, props.environment),
      description: `Portside ${props.project} ${props.environment}: alarm topic, VPC flow logs and service logs`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowLogsToUseKey(this.key);
    for (const [sid, service] of [['CloudWatchAlarmsPublishToEncryptedTopic', 'cloudwatch.amazonaws.com'], ['BudgetsPublishToEncryptedTopic', 'budgets.amazonaws.com']] as const) {
      this.key.addToResourcePolicy(new iam.PolicyStatement({
        sid,
        principals: [new iam.ServicePrincipal(service)],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }));
    }

    this.topic = new sns.Topic(this, 'Topic', {
      topicName: alarmTopicName(props.project, props.environment),
      displayName: `Portside ${props.project} ${props.environment} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // enforceSSL replaces SNS's default policy: alarms and budgets must be admitted explicitly.
    allowAlarmsToPublish(this.topic);
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'ThisAccountsBudgetsPublish',
      principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: {
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'budgets', region: '', resource: '*' }) },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }));
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alertEmail));
  }
}

/** The ARN of an environment's alarm topic as seen from any stack of the same account and region. */
export function alarmTopicArn(scope: Construct, project: string, environment: string): string {
  return Stack.of(scope).formatArn({ service: 'sns', resource: alarmTopicName(project, environment) });
}
