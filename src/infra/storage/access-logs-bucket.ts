import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';

/**
 * Why log buckets other than the audit trail's have no Object Lock: it can never be turned off on a
 * bucket, and it would keep every version of every log object beyond the lifecycle's expiry.
 */
export const LOG_BUCKET_WITHOUT_OBJECT_LOCK = 'access logs expire after 365 days by lifecycle; Object Lock can never be turned off on a bucket and would hold each log version beyond that; the records that must not change (the CloudTrail audit log) are in the audit bucket, which has Object Lock';

/**
 * The terminal bucket S3 server access logs go to: encrypted, TLS-only, private, versioned, kept a
 * year. Created directly in `scope` under `id`, so adopting it keeps a bucket's logical id.
 */
export function accessLogsBucket(scope: Construct, id: string, removalPolicy: RemovalPolicy): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
    removalPolicy,
  });
  // AwsSolutions-S1 (server access logging) does not flag a bucket that is itself a log destination.
  acknowledge(bucket, {
    id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
    reason: 'S3 server access logging delivers only to buckets encrypted with SSE-S3, not SSE-KMS',
  }, {
    id: 'CT.S3.PR.10',
    reason: 'S3 server access logging delivers only to buckets encrypted with SSE-S3, not SSE-KMS',
  }, {
    id: 'CT.S3.PR.2',
    reason: 'terminal bucket for S3 server access logs; logging it into itself would loop',
  }, {
    id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
    reason: 'access logs are an audit trail of this region\'s buckets; a replica would double their cost without a recovery use',
  }, {
    id: 'CT.S3.PR.4',
    reason: 'a terminal log bucket: S3 writes a log object every few minutes and they are read when investigating, so nothing reacts to a single object',
  }, {
    id: 'CT.S3.PR.9',
    reason: LOG_BUCKET_WITHOUT_OBJECT_LOCK,
  });
  return bucket;
}

