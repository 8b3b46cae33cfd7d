import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface FoundationKeyProps {
  readonly project: string;
  /** Name of the account trail the key encrypts (its ARN is built, not referenced: the trail needs the key first). */
  readonly trailName: string;
}

/**
 * The account's audit key: encrypts the CloudTrail log files, the trail's CloudWatch Logs log group
 * and the account alarm topic. Rotation on, retained on delete (deleting it would make every trail
 * log file and retained log event unreadable).
 *
 * `cloudtrail.Trail` adds nothing to a key it is given (it only passes `KMSKeyId`), so the key
 * policy below carries every service statement, each as narrow as the service documents:
 * - CloudTrail may generate data keys only for this trail (`aws:SourceArn`) and only with a
 *   CloudTrail encryption context of this account, and may describe the key for this trail.
 * - CloudWatch Logs of this region may use it only for log groups of this account and region
 *   (the `aws:logs:arn` encryption context).
 * - CloudWatch alarms may generate data keys and decrypt, which SNS needs when an alarm publishes to
 *   the KMS-encrypted topic. No condition: SNS documents none for alarms, and an alarm e-mail that
 *   silently fails is the worst outcome for an audit control.
 * Reading the logs needs `kms:Decrypt` granted by IAM: the default statement gives the account
 * (its IAM policies) control of the key, and no principal outside the account is named.
 */
export class FoundationKey extends Construct {
  public readonly key: kms.Key;
  /** `arn:aws:cloudtrail:<region>:<account>:trail/<name>`: what CloudTrail sends as `aws:SourceArn`. */
  public readonly trailArn: string;

  constructor(scope: Construct, id: string, props: FoundationKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { account, region, partition } = stack;
    this.trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: props.trailName });

    this.key = new kms.Key(this, 'Key', {
      alias: `alias/${props.project}-foundation`,
      description: `Portside ${props.project}: account trail, its log group and the account alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const cloudtrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudTrailEncryptsThisTrail',
      principals: [cloudtrail],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceArn': this.trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:*:${account}:trail/*` },
      },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudTrailDescribesKey',
      principals: [cloudtrail],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': this.trailArn } },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` } },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
  }
}
