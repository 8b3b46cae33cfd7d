import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketPlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';

/** Where a data bucket's S3 server access logs go in the environment's access-log bucket: `buckets/<bucket name>/`. */
export const DATA_BUCKET_LOG_PREFIX = 'buckets/';

export interface EnvironmentBucketProps {
  readonly bucket: BucketPlan;
  /** The environment's data key: objects are encrypted with it (SSE-KMS, with an S3 Bucket Key). */
  readonly encryptionKey: kms.IKey;
  /** The environment's terminal bucket for S3 server access logs (network stack); it admits delivery under DATA_BUCKET_LOG_PREFIX. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /** Keep the bucket and its objects when the stack is deleted (resilient); otherwise it is deleted, which CloudFormation does only once it is empty. */
  readonly retainOnDelete: boolean;
}

/**
 * One bucket of the manifest's `buckets`, named `bucketName` from the plan:
 * - SSE-KMS with the environment's data key and an S3 Bucket Key (one KMS call per bucket and hour
 *   rather than per object): NIST 800-53 asks for KMS, AWS Backup backs SSE-KMS buckets up (its
 *   role may use the key, see EnvironmentBackup), and a service needs the key as well as the
 *   bucket permission to read, so access is granted and audited in two places;
 * - versioning (AWS Backup for S3 requires it, and it undoes an overwrite or delete), TLS only,
 *   public access blocked, ACLs disabled, server access logs to the environment's log bucket;
 * - `expireAfterDays` deletes current objects and old versions after that many days, and
 *   incomplete multipart uploads are cleaned after 7 days;
 * - no autoDeleteObjects: it would add a Lambda-backed custom resource that empties the bucket on
 *   deletion, which is data loss by a stack operation. An economy bucket is DESTROY: CloudFormation
 *   deletes it only once empty (an operator empties it deliberately), and a resilient one is RETAIN.
 */
export class EnvironmentBucket extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly plan: BucketPlan;

  constructor(scope: Construct, id: string, props: EnvironmentBucketProps) {
    super(scope, id);
    const { bucket: plan } = props;
    this.plan = plan;
    const expire = plan.expireAfterDays === undefined ? undefined : Duration.days(plan.expireAfterDays);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: plan.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: `${DATA_BUCKET_LOG_PREFIX}${plan.bucketName}/`,
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        ...(expire ? [{ id: 'expire', expiration: expire, noncurrentVersionExpiration: expire }] : []),
      ],
      removalPolicy: props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledge(this.bucket, {
      id: '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      reason: 'the log bucket is the network stack\'s, imported by name: its own policy admits logging.s3.amazonaws.com under buckets/ for this environment\'s buckets and account (NetworkStack.admitDataBucketLogs)',
    }, {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'the bucket is in the environment\'s AWS Backup selection, whose every recovery point is copied to the DR vault in the DR region: that copy, not replication, is its cross-region recovery (a replica would also copy deletions and bad writes)',
    }, {
      id: 'CT.S3.PR.4',
      reason: 'the manifest declares no consumer of this bucket\'s object events: services read and write it through their grants, so an event configuration would notify no one',
    }, {
      id: 'CT.S3.PR.9',
      reason: 'application data that services overwrite and delete: versioning undoes a bad write and AWS Backup copies recovery points to the DR vault; Object Lock, which can never be turned off on a bucket, would keep every deleted version for its retention period',
    });
  }
}
