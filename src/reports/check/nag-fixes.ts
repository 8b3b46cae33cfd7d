/**
 * One line per cdk-nag rule saying what to change. cdk-nag gives a rule's `info` (what is wrong) and
 * `explanation` (why it matters) but no fix: the rules Portside's resource types can break have a
 * fix written here in CDK terms, keyed by the rule implementation's name (shared by every pack:
 * `AwsSolutions-S1`, `NIST.800.53.R5-S3BucketLoggingEnabled` and `HIPAA.Security-S3BucketLoggingEnabled`
 * are one rule, `S3BucketLoggingEnabled`); any other rule gets a fix derived from its `info`.
 */
const FIXES: Readonly<Record<string, string>> = {
  // S3
  S3BucketLoggingEnabled: 'set serverAccessLogsBucket on the bucket (Portside\'s AccessLogsBucket) so S3 records every request',
  S3BucketLevelPublicAccessProhibited: 'set blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL on the bucket',
  S3BucketPublicReadProhibited: 'set blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL and grant no public-read ACL',
  S3BucketPublicWriteProhibited: 'set blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL and grant no public-write ACL',
  S3BucketSSLRequestsOnly: 'set enforceSSL: true on the bucket (a policy denying requests without aws:SecureTransport)',
  S3BucketReplicationEnabled: 'add a replication rule to a bucket in another region (replicationRules), or acknowledge why the objects need no second copy',
  S3BucketVersioningEnabled: 'set versioned: true on the bucket',
  S3DefaultEncryptionKMS: 'set encryption: s3.BucketEncryption.KMS with a customer-managed encryptionKey',
  S3WebBucketOAIAccess: 'keep the bucket private and serve it through CloudFront with an origin access control',
  // IAM
  IAMNoManagedPolicies: 'replace the AWS managed policy with statements scoped to what the role uses, or acknowledge the Policy::<arn> finding',
  IAMNoWildcardPermissions: 'name the actions and resources instead of *, or acknowledge each Action::/Resource:: finding with why the wildcard is needed',
  IAMNoInlinePolicy: 'attach a customer-managed policy (iam.ManagedPolicy) instead of an inline one',
  IAMPolicyNoStatementsWithAdminAccess: 'remove the statement allowing * on *; grant the actions the principal needs',
  IAMPolicyNoStatementsWithFullAccess: 'replace service:* actions with the specific actions needed',
  IAMUserNoPolicies: 'attach policies to a group or role, not to the user',
  // KMS, SNS, SQS, Secrets Manager
  KMSBackingKeyRotationEnabled: 'set enableKeyRotation: true on the key',
  SNSEncryptedKMS: 'set masterKey on the topic (a customer-managed KMS key)',
  SNSTopicSSLPublishOnly: 'set enforceSSL: true on the topic',
  SQSQueueSSE: 'set encryption: sqs.QueueEncryption.KMS (or KMS_MANAGED) on the queue',
  SQSQueueSSLRequestsOnly: 'set enforceSSL: true on the queue',
  SQSQueueDLQ: 'give the queue a deadLetterQueue',
  SecretsManagerRotationEnabled: 'add a rotation schedule (secret.addRotationSchedule, or the cluster\'s addRotationSingleUser/MultiUser)',
  SecretsManagerUsingKMSKey: 'set encryptionKey on the secret (a customer-managed KMS key)',
  // VPC and EC2
  VPCFlowLogsEnabled: 'add a flow log to the VPC (vpc.addFlowLog or flowLogs)',
  VPCDefaultSecurityGroupClosed: 'set restrictDefaultSecurityGroup: true on the VPC',
  VPCNoUnrestrictedRouteToIGW: 'route 0.0.0.0/0 and ::/0 to the internet gateway only from public subnets, and acknowledge those routes with why they are public',
  VPCSubnetAutoAssignPublicIpDisabled: 'set mapPublicIpOnLaunch: false on the subnet configuration',
  VPCNoNACLs: 'control traffic with security groups instead of network ACLs, or acknowledge the ACL with its purpose',
  EC2RestrictedInbound: 'allow ingress from known CIDRs or security groups instead of 0.0.0.0/0 or ::/0, or acknowledge a public listener',
  EC2RestrictedCommonPorts: 'close 20, 21, 3389, 3306 and 4333 to 0.0.0.0/0; allow them from known sources only',
  EC2RestrictedSSH: 'close port 22 to 0.0.0.0/0; use Session Manager or a known source',
  EC2SecurityGroupDescription: 'give the security group a description',
  EC2EBSVolumeEncrypted: 'set encrypted: true on the volume or block device',
  // Load balancing
  ELBLoggingEnabled: 'write access logs to an S3 bucket (loadBalancer.logAccessLogs(bucket))',
  ELBDeletionProtectionEnabled: 'set deletionProtection: true on the load balancer',
  ELBv2ACMCertificateRequired: 'give the HTTPS listener an ACM certificate (certificates)',
  ALBHttpToHttpsRedirection: 'make the HTTP listener redirect to HTTPS (loadBalancer.addRedirect())',
  ALBHttpDropInvalidHeaderEnabled: 'set dropInvalidHeaderFields: true on the load balancer',
  ALBWAFEnabled: 'associate a WAFv2 web ACL with the load balancer (wafv2.CfnWebACLAssociation)',
  // ECS
  ECSClusterCloudWatchContainerInsights: 'set containerInsightsV2: ecs.ContainerInsights.ENABLED on the cluster',
  ECSTaskDefinitionContainerLogging: 'give every container a log driver (logging: ecs.LogDrivers.awsLogs(...))',
  ECSTaskDefinitionNoEnvironmentVariables: 'pass secrets through secrets (Secrets Manager or SSM) instead of environment, or acknowledge non-secret variables',
  // RDS and Aurora
  RDSStorageEncrypted: 'set storageEncrypted: true with a storageEncryptionKey on the cluster or instance',
  RDSInstanceDeletionProtectionEnabled: 'set deletionProtection: true on the cluster or instance',
  RDSMultiAZSupport: 'run the database in Multi-AZ (an Aurora reader in another AZ, or multiAz: true)',
  RDSInBackupPlan: 'select the database in an AWS Backup plan in the same stack (backup.BackupSelection)',
  RDSLoggingEnabled: 'export every log type of the engine to CloudWatch Logs (cloudwatchLogsExports)',
  RDSEnhancedMonitoringEnabled: 'set monitoringInterval on the instances (Enhanced Monitoring)',
  RDSAutomaticMinorVersionUpgradeEnabled: 'set autoMinorVersionUpgrade: true on the instances',
  RDSInstancePublicAccess: 'set publiclyAccessible: false and place the database in private or isolated subnets',
  RDSNonDefaultPort: 'set port to a value other than the engine default',
  RDSRestrictedInbound: 'allow the database port from the application security groups only, never 0.0.0.0/0',
  RDSInstanceBackupEnabled: 'set a backupRetention of at least one day',
  AuroraMySQLPostgresIAMAuth: 'set iamAuthentication: true on the cluster',
  AuroraMySQLBacktrack: 'set backtrackWindow on the Aurora MySQL cluster',
  // EFS, ECR, CodeBuild
  EFSEncrypted: 'set encrypted: true (with a kmsKey) on the file system',
  EFSInBackupPlan: 'select the file system in an AWS Backup plan in the same stack',
  ECROpenAccess: 'remove * principals from the repository policy; grant named accounts or roles',
  CodeBuildProjectKMSEncryptedArtifacts: 'set encryptionKey on the project',
  CodeBuildProjectManagedImages: 'use a CodeBuild-managed image (codebuild.LinuxBuildImage / LinuxArmBuildImage), or acknowledge why the custom image is needed',
  CodeBuildProjectEnvVarAwsCred: 'remove AWS credentials from the environment variables; the project role gives the build its permissions',
  CodeBuildProjectSourceRepoUrl: 'connect the repository through OAuth or a CodeConnections connection, not a URL carrying credentials',
  // CloudTrail and CloudWatch
  CloudTrailCloudWatchLogsEnabled: 'set sendToCloudWatchLogs: true on the trail',
  CloudTrailEncryptionEnabled: 'set encryptionKey on the trail',
  CloudTrailLogFileValidationEnabled: 'set enableFileValidation: true on the trail',
  CloudWatchAlarmAction: 'give the alarm an action (alarm.addAlarmAction(new SnsAction(topic))) and keep actionsEnabled true',
  CloudWatchLogGroupEncrypted: 'set encryptionKey on the log group (a KMS key whose policy allows logs.<region>.amazonaws.com)',
  CloudWatchLogGroupRetentionPeriod: 'set retention on the log group',
  // Lambda (CDK's custom-resource functions) and WAF
  LambdaConcurrency: 'set reservedConcurrentExecutions on the function',
  LambdaDLQ: 'give the function a dead-letter queue (deadLetterQueueEnabled: true)',
  LambdaInsideVPC: 'put the function in the VPC (vpc, vpcSubnets), or acknowledge a CDK custom-resource function that calls only AWS APIs',
  LambdaLatestVersion: 'use the latest runtime of the function\'s language',
  LambdaFunctionPublicAccessProhibited: 'remove the * principal from the function\'s permissions',
  WAFv2LoggingEnabled: 'add a wafv2.CfnLoggingConfiguration for the web ACL',
};

/** The packs' generic advice, for a rule whose info cannot be turned into a fix. */
const PACK_FIX: Readonly<Record<string, string>> = {
  AwsSolutions: 'change the resource as the rule\'s explanation says (cdk-nag RULES.md, AWS Solutions), or acknowledge the finding with a specific reason',
  'NIST.800.53.R5': 'change the resource to meet the rule\'s NIST 800-53 rev 5 controls (cdk-nag RULES.md), or acknowledge the finding with a specific reason',
  'HIPAA.Security': 'change the resource to meet the rule\'s HIPAA Security controls (cdk-nag RULES.md); Portside does not claim HIPAA, so this is advice',
};

/** What to change for a cdk-nag finding: written for the rule, else derived from its info, else the pack's advice. */
export function nagFix(ruleName: string, info: string, pack: string): string {
  return FIXES[ruleName] ?? derivedFix(info) ?? PACK_FIX[pack] ?? PACK_FIX.AwsSolutions!;
}

/** Rules with a fix written for them (the others derive theirs). */
export function rulesWithWrittenFix(): string[] {
  return Object.keys(FIXES);
}

/**
 * Turns a rule's info ("The X does not have Y enabled") into an instruction ("enable Y on the X");
 * undefined when the sentence has no recognisable shape.
 */
export function derivedFix(info: string): string | undefined {
  const sentence = info.replace(/\s+-\s+\(Control IDs?:.*$/s, '').replace(/\.\s*$/, '').trim();
  const patterns: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^The (.+?) does not (?:have|has) (.+?) enabled(.*)$/, (m) => `enable ${m[2]} on the ${m[1]}${m[3]}`],
    [/^The (.+?) does not (?:have|has) (.+)$/, (m) => `configure ${m[2]} on the ${m[1]}`],
    [/^The (.+?) does not (\w+) (.+)$/, (m) => `make the ${m[1]} ${m[2]} ${m[3]}`],
    [/^The (.+?) is not (.+)$/, (m) => `make sure the ${m[1]} is ${m[2]}`],
    [/^The (.+?) (has|allows|uses|is|contains|grants|includes|stores|creates) (.+)$/, (m) => `change the ${m[1]} so that it no longer ${m[2]} ${m[3]}`],
  ];
  for (const [pattern, fix] of patterns) {
    const match = sentence.match(pattern);
    if (match) return fix(match);
  }
  return undefined;
}

