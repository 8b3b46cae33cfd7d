import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { accessLogsBucket } from '../storage/access-logs-bucket';
import { allowLogsToUseKey } from '../storage/log-encryption';

/**
 * The artifact bucket's name, `<project>-artifacts-<account>-<region>` (at most 62 characters), as
 * CDK's bootstrap names its buckets: each service's delivery stack finds the bucket by this name, so
 * no per-service reference ties its stack to the delivery stack's template.
 */
export function artifactBucketName(project: string, account: string, region: string): string {
  return `${project}-artifacts-${account}-${region}`;
}

/**
 * What every pipeline of the delivery stack shares: a customer-managed key, the artifact bucket it
 * encrypts (with server access logs), and one log group for all builds and deploys.
 *
 * Artifacts never leave the delivery account: deploys into other accounts happen through API calls
 * with an assumed role, so neither the key nor the bucket is shared across accounts.
 */
export class DeliveryStorage extends Construct {
  public readonly key: kms.Key;
  public readonly artifactBucket: s3.Bucket;
  public readonly buildLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: { readonly project: string }) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `Portside ${props.project}: pipeline artifacts, build outputs and approval notifications`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    allowLogsToUseKey(this.key);

    const accessLogs = accessLogsBucket(this, 'AccessLogs', RemovalPolicy.RETAIN);

    this.artifactBucket = new s3.Bucket(this, 'Artifacts', {
      bucketName: artifactBucketName(props.project, Stack.of(this).account, Stack.of(this).region),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CodePipeline requires a versioned artifact store.
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      // Artifacts matter while an execution runs or waits for approval; a month covers both.
      lifecycleRules: [{ expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.artifactBucket, {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'pipeline artifacts are transient build intermediates (expired after 30 days) rebuilt from Git; images live in ECR',
    }, {
      id: 'CT.S3.PR.4',
      reason: 'CodePipeline passes each artifact to the next action itself; nothing else reads the bucket, so no event has a consumer',
    }, {
      id: 'CT.S3.PR.9',
      reason: 'pipeline artifacts are transient build intermediates rebuilt from Git and expired after 30 days; Object Lock, which can never be turned off on a bucket, would keep them past that',
    });

    this.buildLogs = new logs.LogGroup(this, 'BuildLogs', {
      logGroupName: `/portside/${props.project}/delivery`,
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
