import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { accessLogsBucket } from '../storage/access-logs-bucket';

/** The one account trail's name: `<project>-audit`. */
export function auditTrailName(project: string): string {
  return `${project}-audit`;
}

/** The trail's CloudWatch Logs log group, where the CIS metric filters run. */
export function auditLogGroupName(project: string): string {
  return `/portside/${project}/cloudtrail`;
}

/**
 * How long trail log files are kept, and when they leave S3 Standard. 90 days in Standard keeps the
 * last quarter immediately readable (PCI DSS 10.5.1 wants three months at hand and twelve in all);
 * seven years (7 × 365 + 2 leap days) covers six full years of limitation periods and record-keeping
 * rules (UK contract claims, HMRC records) plus the current one. In Glacier Flexible Retrieval the
 * archive costs little; objects under 128 KB stay in Standard (the S3 lifecycle default), which is
 * cheaper for them than Glacier's per-object overhead.
 */
export const TRAIL_LOG_RETENTION = { archiveAfter: Duration.days(90), expireAfter: Duration.days(7 * 365 + 2) } as const;

/**
 * The server-side encryption values a put to the trail bucket may ask for. CloudTrail writes log
 * files with SSE-KMS (`aws:kms`, the trail's key) and digest files with SSE-S3 (`AES256`): "Digest
 * files are encrypted with Amazon S3-managed encryption keys (SSE-S3)" (CloudTrail user guide,
 * "Encrypting CloudTrail log files with AWS KMS keys"), so both must stay allowed.
 */
export const TRAIL_BUCKET_ENCRYPTION_HEADERS = ['aws:kms', 'AES256'] as const;

export interface AccountAuditTrailProps {
  readonly project: string;
  readonly key: kms.IKey;
  /** The trail's ARN as CloudTrail sends it in `aws:SourceArn` (built before the trail exists). */
  readonly trailArn: string;
}

/**
 * CIS 3.x in one construct: one multi-region trail with global service events, read and write
 * management events, log file validation and KMS encryption, delivered to
 * - an S3 bucket that is versioned, private, SSL-only, KMS-encrypted by default, server-access-logged,
 *   archived and expired by lifecycle, retained on delete, and whose policy refuses puts that do not
 *   ask for server-side encryption (except CloudTrail's own) and puts by any other trail;
 * - a KMS-encrypted CloudWatch Logs log group kept one year, for the CIS metric filters.
 */
export class AccountAuditTrail extends Construct {
  public readonly trail: cloudtrail.Trail;
  public readonly bucket: s3.Bucket;
  public readonly accessLogs: s3.Bucket;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AccountAuditTrailProps) {
    super(scope, id);
    const trailName = auditTrailName(props.project);

    this.accessLogs = accessLogsBucket(this, 'AccessLogs', RemovalPolicy.RETAIN);
    // The helper acknowledges what a terminal access-log bucket cannot do (log itself, SSE-KMS, replicate).

    this.bucket = new s3.Bucket(this, 'Bucket', {
      // SSE-KMS by default; CloudTrail asks for its own key (log files) or SSE-S3 (digest files).
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      // No S3 Bucket Key: every object keeps CloudTrail's own encryption context (aws:cloudtrail:arn),
      // which the key policy's CloudTrail statement requires.
      bucketKeyEnabled: false,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      // Each log file is locked as long as it is kept (CT.S3.PR.9). Governance mode: a principal with
      // s3:BypassGovernanceRetention (an audited break-glass role) can still remove a file, nobody else.
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(TRAIL_LOG_RETENTION.expireAfter),
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'trail-bucket/',
      lifecycleRules: [{
        id: 'archive-then-expire',
        transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: TRAIL_LOG_RETENTION.archiveAfter }],
        expiration: TRAIL_LOG_RETENTION.expireAfter,
        // CloudTrail never overwrites or deletes a log file: a noncurrent version is evidence of
        // tampering, kept as long as the log itself.
        noncurrentVersionTransitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: TRAIL_LOG_RETENTION.archiveAfter }],
        noncurrentVersionExpiration: TRAIL_LOG_RETENTION.expireAfter,
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.bucket, {
      id: 'CT.S3.PR.4',
      reason: 'CloudTrail writes a log file every few minutes; Object Lock and log file validation (digest files) protect them, and nothing reacts to a single file',
    }, {
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason: 'CloudTrail retries delivery while S3 is unavailable and the 90-day event history stays queryable; a cross-region replica of the audit log would need its own key and vault-grade protection (a follow-up)',
    });

    // A put that names an encryption must name SSE-KMS or SSE-S3 (not `...IfExists`: that operator
    // is true when the header is absent, which would refuse CloudTrail's header-less writes too) ...
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyPutsWithOtherEncryption',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects('*')],
      conditions: {
        Null: { 's3:x-amz-server-side-encryption': 'false' },
        StringNotEquals: { 's3:x-amz-server-side-encryption': [...TRAIL_BUCKET_ENCRYPTION_HEADERS] },
      },
    }));
    // ... and only CloudTrail may leave the header out (the bucket default, SSE-KMS, then applies):
    // it asks for aws:kms on log files, and digests are SSE-S3 whether it names AES256 or not.
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyUnencryptedPuts',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects('*')],
      conditions: {
        Null: { 's3:x-amz-server-side-encryption': 'true' },
        StringNotEqualsIfExists: { 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' },
      },
    }));
    // The Trail construct lets CloudTrail write under AWSLogs/<account>/ without naming the trail;
    // this keeps any other trail (of any account) from writing or checking the bucket.
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyOtherTrails',
      effect: iam.Effect.DENY,
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['s3:PutObject', 's3:GetBucketAcl'],
      resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      conditions: { StringNotEquals: { 'aws:SourceArn': props.trailArn } },
    }));

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: auditLogGroupName(props.project),
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket: this.bucket,
      encryptionKey: props.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
  }
}
