/**
 * The price table `portside cost` estimates from: USD list prices (on-demand, before tax and
 * discounts) per region, each figure with its source, the date of that source, and how far it was
 * verified. Kept in the repository on purpose: the estimate is reproducible offline and every
 * change to a price is a reviewed commit.
 *
 * Confidence:
 * - `V` verified: read in an AWS-owned source or a verbatim AWS Price List extract.
 * - `S` secondary: an AWS Price List figure quoted by a third party, or a third-party page quoting AWS.
 * - `U` unverified: no source for this region was found; the figure is a stand-in (another
 *   region's price) or derived by the rule its note states. Confirm before relying on it.
 *
 * Collected from ../shared/research/aws-prices-and-deploy-facts.md and public price-list extracts;
 * update a figure by replacing it here with its new source and date.
 */
import { london, SOURCES } from './price-sources';

export type Confidence = 'V' | 'S' | 'U';

export interface PriceSource {
  readonly url: string;
  /** Date of the figures at that source (publication or reading date), ISO `YYYY-MM-DD`. */
  readonly date: string;
  readonly what: string;
}

export interface Price {
  readonly usd: number;
  /** What one `usd` buys: `vCPU-hour`, `GB-month`, `1M requests`… */
  readonly unit: string;
  readonly confidence: Confidence;
  readonly source: PriceSource;
  /** Why a figure is secondary or unverified, or how it was derived. */
  readonly note?: string;
}

/** Every priced dimension. Aurora instance classes are keyed `aurora.instance.<class>`. */
export type PriceKey =
  | 'fargate.x86.vcpuHour' | 'fargate.x86.gbHour' | 'fargate.arm.vcpuHour' | 'fargate.arm.gbHour'
  | 'fargate.ephemeralGbHour' | 'fargate.spotShareOfOnDemand'
  | 'alb.hour' | 'alb.lcuHour'
  | 'nat.hour' | 'nat.gb' | 'vpce.interfaceAzHour' | 'vpce.gb' | 'ipv4.hour'
  | `aurora.instance.${string}` | 'aurora.storageGbMonth' | 'aurora.ioMillion' | 'aurora.backupGbMonth'
  | 'efs.standardGbMonth' | 'efs.iaGbMonth' | 'efs.elasticReadGb' | 'efs.elasticWriteGb'
  | 'cloudwatch.logIngestGb' | 'cloudwatch.logStorageGbMonth' | 'cloudwatch.metricMonth'
  | 'cloudwatch.alarmMetricMonth' | 'cloudwatch.highResolutionAlarmMonth' | 'cloudwatch.compositeAlarmMonth'
  | 'cloudwatch.dashboardMonth'
  | 'backup.efsWarmGbMonth' | 'transfer.interRegionGb'
  | 'secrets.secretMonth' | 'kms.keyMonth' | 'ecr.storageGbMonth' | 's3.standardGbMonth'
  | 'ssm.advancedParameterMonth' | 'route53.hostedZoneMonth' | 'sqs.standardMillionRequests' | 'sqs.fifoMillionRequests'
  | 'codepipeline.v2ActionMinute'
  | 'codebuild.linux.smallMinute' | 'codebuild.linux.mediumMinute' | 'codebuild.linux.largeMinute'
  | 'codebuild.arm.smallMinute' | 'codebuild.arm.largeMinute'
  | 'waf.webAclMonth' | 'waf.ruleMonth' | 'waf.millionRequests'
  | 'scheduler.millionInvocations' | 'sfn.thousandTransitions';

export type RegionPrices = Readonly<Partial<Record<PriceKey, Price>>>;

function p(usd: number, unit: string, confidence: Confidence, source: PriceSource, note?: string): Price {
  return note === undefined ? { usd, unit, confidence, source } : { usd, unit, confidence, source, note };
}

/** Another region's figure used where this region's was not found: unverified, and says so. */
function standIn(price: Price, fromRegion: string, region: string): Price {
  return { ...price, confidence: 'U', note: `no ${region} figure found: the ${fromRegion} price stands in${price.note ? `; ${price.note}` : ''}` };
}

// ---------------------------------------------------------------------------------------------
// Aurora instance classes: us-east-1 is AWS-owned (V); other regions are derived (U)
// ---------------------------------------------------------------------------------------------

/** us-east-1 Aurora Standard on-demand instance prices, $/hour (AWS-owned, dated 2026-03-28). */
const AURORA_USE1: Readonly<Record<string, number>> = {
  'db.t3.medium': 0.082, 'db.t3.large': 0.164, 'db.t4g.medium': 0.073, 'db.t4g.large': 0.146,
  'db.r5.large': 0.29, 'db.r5.xlarge': 0.58, 'db.r5.2xlarge': 1.16, 'db.r5.4xlarge': 2.32, 'db.r5.8xlarge': 4.64,
  'db.r5.12xlarge': 6.96, 'db.r5.16xlarge': 9.28, 'db.r5.24xlarge': 13.92,
  'db.r6g.large': 0.26, 'db.r6g.xlarge': 0.519, 'db.r6g.2xlarge': 1.038, 'db.r6g.4xlarge': 2.076, 'db.r6g.8xlarge': 4.152,
  'db.r6g.12xlarge': 6.228, 'db.r6g.16xlarge': 8.304,
  'db.r7g.large': 0.276, 'db.r7g.xlarge': 0.553, 'db.r7g.2xlarge': 1.106, 'db.r7g.4xlarge': 2.211, 'db.r7g.8xlarge': 4.422,
  'db.r7g.12xlarge': 6.633, 'db.r7g.16xlarge': 8.844,
  'db.r8g.large': 0.276, 'db.r8g.xlarge': 0.552, 'db.r8g.2xlarge': 1.104, 'db.r8g.4xlarge': 2.208, 'db.r8g.8xlarge': 4.416,
};

/**
 * Regional uplift over us-east-1 of RDS (not Aurora) MySQL Single-AZ list prices, from the same
 * price-list snapshot: burstable classes by db.t4g.medium, the others by db.r6g.large.
 */
const RDS_UPLIFT: Readonly<Record<string, { readonly burstable: readonly [number, number]; readonly memory: readonly [number, number] }>> = {
  'eu-west-2': { burstable: [0.072, 0.065], memory: [0.251, 0.215] },
  'eu-west-1': { burstable: [0.069, 0.065], memory: [0.237, 0.215] },
  'eu-central-1': { burstable: [0.074, 0.065], memory: [0.26, 0.215] },
};

function auroraInstances(region: string): RegionPrices {
  const entries = Object.entries(AURORA_USE1).map(([instanceClass, usd]) => {
    const key = `aurora.instance.${instanceClass}` as PriceKey;
    if (region === 'us-east-1') return [key, p(usd, 'instance-hour', 'V', SOURCES.auroraUse1)] as const;
    const uplift = RDS_UPLIFT[region]!;
    const [regional, use1] = /^db\.t/.test(instanceClass) ? uplift.burstable : uplift.memory;
    const derived = Math.round(usd * (regional / use1) * 10_000) / 10_000;
    return [key, p(derived, 'instance-hour', 'U', SOURCES.rdsRatios,
      `no ${region} Aurora price found: us-east-1 Aurora $${usd} × ${region}/us-east-1 RDS MySQL ${/^db\.t/.test(instanceClass) ? 'db.t4g.medium' : 'db.r6g.large'} ratio ($${regional}/$${use1})`)] as const;
  });
  return Object.fromEntries(entries);
}

// ---------------------------------------------------------------------------------------------
// The regions
// ---------------------------------------------------------------------------------------------

const US_EAST_1: RegionPrices = {
  'fargate.x86.vcpuHour': p(0.04048, 'vCPU-hour', 'V', SOURCES.fargatePage),
  'fargate.x86.gbHour': p(0.004445, 'GB-hour', 'S', SOURCES.fgcalc),
  'fargate.arm.vcpuHour': p(0.03238, 'vCPU-hour', 'S', SOURCES.vantageFargate),
  'fargate.arm.gbHour': p(0.00356, 'GB-hour', 'S', SOURCES.vantageFargate),
  'fargate.ephemeralGbHour': p(0.000111, 'GB-hour above 20 GB', 'S', SOURCES.vantageFargate),
  'fargate.spotShareOfOnDemand': p(0.3123, 'share of on-demand', 'S', SOURCES.fgcalc,
    'Spot x86 vCPU $0.01264355 / on-demand $0.04048; Spot prices float (AWS: "up to 70%" off); ARM Spot assumed at the same share'),
  'alb.hour': p(0.0225, 'ALB-hour', 'V', SOURCES.elbUse1),
  'alb.lcuHour': p(0.008, 'LCU-hour', 'V', SOURCES.elbUse1),
  'nat.hour': p(0.045, 'NAT gateway-hour', 'V', SOURCES.nat),
  'nat.gb': p(0.045, 'GB processed', 'S', SOURCES.vpcUse1),
  'vpce.interfaceAzHour': p(0.01, 'endpoint-AZ-hour', 'S', SOURCES.vpcUse1),
  'vpce.gb': p(0.01, 'GB processed', 'S', SOURCES.vpcUse1),
  'ipv4.hour': p(0.005, 'address-hour', 'V', SOURCES.ipv4),
  ...auroraInstances('us-east-1'),
  'aurora.storageGbMonth': p(0.1, 'GB-month', 'V', SOURCES.auroraUse1),
  'aurora.ioMillion': p(0.2, 'million I/O requests', 'V', SOURCES.auroraUse1),
  'aurora.backupGbMonth': p(0.021, 'GB-month', 'S', SOURCES.auroraBackupUse1),
  'efs.standardGbMonth': p(0.3, 'GB-month', 'V', SOURCES.efsUse1),
  'efs.iaGbMonth': p(0.016, 'GB-month', 'S', SOURCES.efsUse1),
  'efs.elasticReadGb': p(0.03, 'GB read', 'S', SOURCES.efsUse1),
  'efs.elasticWriteGb': p(0.06, 'GB written', 'S', SOURCES.efsUse1),
  'cloudwatch.logIngestGb': p(0.5, 'GB ingested', 'S', SOURCES.cloudwatchUse1),
  'cloudwatch.logStorageGbMonth': p(0.03, 'GB-month', 'S', SOURCES.cloudwatchUse1),
  'cloudwatch.metricMonth': p(0.3, 'metric-month', 'S', SOURCES.cloudwatchUse1, 'first 10,000 metrics'),
  'cloudwatch.alarmMetricMonth': p(0.1, 'alarm metric-month', 'S', SOURCES.cloudwatchUse1),
  'cloudwatch.highResolutionAlarmMonth': p(0.3, 'alarm metric-month', 'S', SOURCES.cloudwatchUse1),
  'cloudwatch.compositeAlarmMonth': p(0.5, 'alarm-month', 'U', SOURCES.cloudwatchUse1, 'commonly published figure; not found in a source read here'),
  'cloudwatch.dashboardMonth': p(3, 'dashboard-month', 'S', SOURCES.cloudwatchUse1),
  'backup.efsWarmGbMonth': p(0.05, 'GB-month', 'S', SOURCES.backupUse1),
  'transfer.interRegionGb': p(0.02, 'GB', 'S', SOURCES.backupUse1, 'inter-region transfer out of us-east-1'),
  'secrets.secretMonth': p(0.4, 'secret-month', 'S', SOURCES.secrets),
  'kms.keyMonth': p(1, 'key-month', 'V', SOURCES.kms),
  'route53.hostedZoneMonth': p(0.5, 'hosted zone-month', 'S', SOURCES.route53),
  'ecr.storageGbMonth': p(0.1, 'GB-month', 'S', SOURCES.ecr),
  's3.standardGbMonth': p(0.023, 'GB-month', 'S', SOURCES.s3),
  'codepipeline.v2ActionMinute': p(0.002, 'action-minute', 'V', SOURCES.codepipeline),
  'codebuild.linux.smallMinute': p(0.005, 'build-minute', 'S', SOURCES.codebuildUse1),
  'codebuild.linux.mediumMinute': p(0.01, 'build-minute', 'S', SOURCES.codebuildUse1),
  'codebuild.linux.largeMinute': p(0.02, 'build-minute', 'S', SOURCES.codebuildUse1),
  'codebuild.arm.smallMinute': p(0.005, 'build-minute', 'U', SOURCES.codebuildUse1,
    'no arm1.small price found: the x86 general1.small rate stands in (an upper bound if ARM is cheaper)'),
  'codebuild.arm.largeMinute': p(0.02, 'build-minute', 'U', SOURCES.codebuildUse1,
    'no arm1.large price found: the x86 general1.large rate stands in'),
  'waf.webAclMonth': p(5, 'web ACL-month', 'S', SOURCES.waf),
  'waf.ruleMonth': p(1, 'rule-month', 'S', SOURCES.waf),
  'waf.millionRequests': p(0.6, 'million requests', 'S', SOURCES.waf),
  'scheduler.millionInvocations': p(1, 'million invocations', 'S', SOURCES.scheduler, 'before the 14 million free invocations a month, which an environment of nightly jobs never exceeds'),
  'sfn.thousandTransitions': p(0.025, 'thousand state transitions', 'U', SOURCES.stepFunctions, 'the published $0.025, before the 4,000 free transitions a month'),
};

/** us-east-1 figures standing in for a region that has none of its own (each one marked `U`). */
function standIns(region: string, keys: readonly PriceKey[]): RegionPrices {
  return Object.fromEntries(keys.map((key) => [key, standIn(US_EAST_1[key]!, 'us-east-1', region)]));
}

const EU_WEST_2: RegionPrices = {
  'fargate.x86.vcpuHour': p(0.04656, 'vCPU-hour', 'V', SOURCES.ecsEuw2),
  'fargate.x86.gbHour': p(0.00511, 'GB-hour', 'V', SOURCES.ecsEuw2),
  'fargate.arm.vcpuHour': p(0.03725, 'vCPU-hour', 'V', SOURCES.ecsEuw2),
  'fargate.arm.gbHour': p(0.00409, 'GB-hour', 'V', SOURCES.ecsEuw2),
  'fargate.ephemeralGbHour': p(0.000129, 'GB-hour above 20 GB', 'V', SOURCES.ecsEuw2),
  'fargate.spotShareOfOnDemand': p(0.3, 'share of on-demand', 'S', SOURCES.fgcalc,
    'Spot x86 vCPU $0.013968 / on-demand $0.04656; Spot prices float (AWS: "up to 70%" off); ARM Spot assumed at the same share'),
  'alb.hour': p(0.02646, 'ALB-hour', 'V', SOURCES.elbEuw2),
  'alb.lcuHour': p(0.0084, 'LCU-hour', 'V', SOURCES.elbEuw2),
  'nat.hour': p(0.05, 'NAT gateway-hour', 'V', SOURCES.nat),
  'nat.gb': p(0.05, 'GB processed', 'S', london('AmazonEC2')),
  'vpce.interfaceAzHour': p(0.011, 'endpoint-AZ-hour', 'S', london('AmazonVPC')),
  'vpce.gb': p(0.01, 'GB processed', 'S', london('AmazonVPC')),
  'ipv4.hour': p(0.005, 'address-hour', 'V', SOURCES.ipv4),
  ...auroraInstances('eu-west-2'),
  'aurora.storageGbMonth': p(0.1, 'GB-month', 'S', london('AmazonRDS'), 'single source; EU regions are often quoted higher'),
  'aurora.ioMillion': p(0.2, 'million I/O requests', 'S', london('AmazonRDS'), 'single source'),
  'aurora.backupGbMonth': p(0.022, 'GB-month', 'S', london('AmazonRDS')),
  ...standIns('eu-west-2', ['efs.standardGbMonth', 'efs.iaGbMonth', 'efs.elasticReadGb', 'efs.elasticWriteGb']),
  'cloudwatch.logIngestGb': p(0.5985, 'GB ingested', 'S', london('AmazonCloudWatch')),
  'cloudwatch.logStorageGbMonth': p(0.0315, 'GB-month', 'S', london('AmazonCloudWatch')),
  'cloudwatch.metricMonth': p(0.3, 'metric-month', 'S', london('AmazonCloudWatch'), 'first 10,000 metrics'),
  'cloudwatch.alarmMetricMonth': p(0.1, 'alarm metric-month', 'S', london('AmazonCloudWatch')),
  ...standIns('eu-west-2', ['cloudwatch.highResolutionAlarmMonth', 'cloudwatch.compositeAlarmMonth', 'cloudwatch.dashboardMonth']),
  ...standIns('eu-west-2', ['backup.efsWarmGbMonth']),
  'transfer.interRegionGb': p(0.02, 'GB', 'V', SOURCES.dataTransferEuw2, 'priced for London → Ireland (drRegion of the reference manifest)'),
  'secrets.secretMonth': p(0.4, 'secret-month', 'S', london('AWSSecretsManager')),
  'kms.keyMonth': p(1, 'key-month', 'V', SOURCES.kms),
  'route53.hostedZoneMonth': p(0.5, 'hosted zone-month', 'S', SOURCES.route53),
  'ecr.storageGbMonth': p(0.1, 'GB-month', 'S', london('AmazonECR')),
  's3.standardGbMonth': p(0.024, 'GB-month', 'S', london('AmazonS3')),
  'sqs.standardMillionRequests': p(0.4, 'million requests', 'U', SOURCES.sqs, 'no eu-west-2 figure read: the published $0.40, which SQS charges in most regions'),
  'sqs.fifoMillionRequests': p(0.5, 'million requests', 'U', SOURCES.sqs, 'no eu-west-2 figure read: the published $0.50, which SQS charges in most regions'),
  'ssm.advancedParameterMonth': p(0.05, 'parameter-month', 'S', london('AWSSystemsManager')),
  'codepipeline.v2ActionMinute': p(0.002, 'action-minute', 'V', SOURCES.codepipeline),
  ...standIns('eu-west-2', ['codebuild.linux.smallMinute', 'codebuild.linux.mediumMinute', 'codebuild.linux.largeMinute',
    'codebuild.arm.smallMinute', 'codebuild.arm.largeMinute']),
  'waf.webAclMonth': p(5, 'web ACL-month', 'S', SOURCES.waf),
  'waf.ruleMonth': p(1, 'rule-month', 'S', SOURCES.waf),
  'waf.millionRequests': p(0.6, 'million requests', 'S', SOURCES.waf),
  'scheduler.millionInvocations': p(1, 'million invocations', 'S', SOURCES.scheduler, 'before the 14 million free invocations a month, which an environment of nightly jobs never exceeds'),
  'sfn.thousandTransitions': p(0.025, 'thousand state transitions', 'U', SOURCES.stepFunctions, 'the published $0.025, before the 4,000 free transitions a month'),
};

const EU_WEST_1: RegionPrices = {
  'fargate.x86.vcpuHour': p(0.04048, 'vCPU-hour', 'S', SOURCES.fgcalc),
  'fargate.x86.gbHour': p(0.004445, 'GB-hour', 'S', SOURCES.fgcalc),
  'fargate.arm.vcpuHour': p(0.03238, 'vCPU-hour', 'U', SOURCES.fgcalc,
    'no eu-west-1 ARM price found: x86 $0.04048 × 0.8 (ARM is exactly 20% below x86 in eu-west-2 and us-east-1)'),
  'fargate.arm.gbHour': p(0.00356, 'GB-hour', 'U', SOURCES.fgcalc, 'no eu-west-1 ARM price found: x86 $0.004445 × 0.8, rounded as in us-east-1'),
  'fargate.spotShareOfOnDemand': p(0.3107, 'share of on-demand', 'S', SOURCES.fgcalc,
    'Spot x86 vCPU $0.01257825 / on-demand $0.04048; Spot prices float; ARM Spot assumed at the same share'),
  'alb.hour': p(0.0252, 'ALB-hour', 'S', SOURCES.albEuw1),
  'alb.lcuHour': standIn(US_EAST_1['alb.lcuHour']!, 'us-east-1', 'eu-west-1'),
  'nat.hour': p(0.048, 'NAT gateway-hour', 'V', SOURCES.nat),
  'nat.gb': p(0.048, 'GB processed', 'S', SOURCES.natEuw1),
  'vpce.interfaceAzHour': p(0.01, 'endpoint-AZ-hour', 'S', SOURCES.billEuw1, '$352.42 / 34,824 endpoint-AZ-hours'),
  'vpce.gb': p(0.01, 'GB processed', 'S', SOURCES.billEuw1, '$0.35 / 37.71 GB, first tier'),
  'ipv4.hour': p(0.005, 'address-hour', 'V', SOURCES.ipv4),
  ...auroraInstances('eu-west-1'),
  ...standIns('eu-west-1', ['aurora.storageGbMonth', 'aurora.ioMillion', 'aurora.backupGbMonth',
    'efs.standardGbMonth', 'efs.iaGbMonth', 'efs.elasticReadGb', 'efs.elasticWriteGb']),
  'cloudwatch.logIngestGb': p(0.57, 'GB ingested', 'S', SOURCES.cloudwatchEuw1),
  'cloudwatch.logStorageGbMonth': p(0.03, 'GB-month', 'S', SOURCES.cloudwatchEuw1),
  'cloudwatch.alarmMetricMonth': p(0.1, 'alarm metric-month', 'S', SOURCES.cloudwatchEuw1),
  ...standIns('eu-west-1', ['cloudwatch.metricMonth', 'cloudwatch.highResolutionAlarmMonth', 'cloudwatch.compositeAlarmMonth',
    'cloudwatch.dashboardMonth', 'backup.efsWarmGbMonth', 'transfer.interRegionGb']),
  'secrets.secretMonth': p(0.4, 'secret-month', 'S', SOURCES.secrets),
  'kms.keyMonth': p(1, 'key-month', 'V', SOURCES.kms),
  'route53.hostedZoneMonth': p(0.5, 'hosted zone-month', 'S', SOURCES.route53),
  'ecr.storageGbMonth': p(0.1, 'GB-month', 'S', SOURCES.ecr),
  's3.standardGbMonth': p(0.023, 'GB-month', 'S', SOURCES.s3),
  'codepipeline.v2ActionMinute': p(0.002, 'action-minute', 'V', SOURCES.codepipeline),
  ...standIns('eu-west-1', ['codebuild.linux.smallMinute', 'codebuild.linux.mediumMinute', 'codebuild.linux.largeMinute',
    'codebuild.arm.smallMinute', 'codebuild.arm.largeMinute']),
  'waf.webAclMonth': p(5, 'web ACL-month', 'S', SOURCES.waf),
  'waf.ruleMonth': p(1, 'rule-month', 'S', SOURCES.waf),
  'waf.millionRequests': p(0.6, 'million requests', 'S', SOURCES.waf),
  'scheduler.millionInvocations': p(1, 'million invocations', 'S', SOURCES.scheduler, 'before the 14 million free invocations a month, which an environment of nightly jobs never exceeds'),
  'sfn.thousandTransitions': p(0.025, 'thousand state transitions', 'U', SOURCES.stepFunctions, 'the published $0.025, before the 4,000 free transitions a month'),
};

/**
 * Frankfurt: only what a DR region of the bundled manifests holds (backup copies, image replicas,
 * their keys) plus the figures found; dimensions absent here are reported as missing prices.
 */
const EU_CENTRAL_1: RegionPrices = {
  'fargate.x86.vcpuHour': p(0.04656, 'vCPU-hour', 'S', SOURCES.fgcalc),
  'fargate.x86.gbHour': p(0.00511, 'GB-hour', 'S', SOURCES.fgcalc),
  'fargate.spotShareOfOnDemand': p(0.3017, 'share of on-demand', 'S', SOURCES.fgcalc,
    'Spot x86 vCPU $0.0140458 / on-demand $0.04656; Spot prices float; ARM Spot assumed at the same share'),
  'nat.hour': p(0.052, 'NAT gateway-hour', 'V', SOURCES.nat),
  'ipv4.hour': p(0.005, 'address-hour', 'V', SOURCES.ipv4),
  ...auroraInstances('eu-central-1'),
  ...standIns('eu-central-1', ['aurora.backupGbMonth', 'backup.efsWarmGbMonth', 'ecr.storageGbMonth', 'transfer.interRegionGb']),
  'secrets.secretMonth': p(0.4, 'secret-month', 'S', SOURCES.secrets),
  'kms.keyMonth': p(1, 'key-month', 'V', SOURCES.kms),
  'route53.hostedZoneMonth': p(0.5, 'hosted zone-month', 'S', SOURCES.route53),
  'codepipeline.v2ActionMinute': p(0.002, 'action-minute', 'V', SOURCES.codepipeline),
  'waf.webAclMonth': p(5, 'web ACL-month', 'S', SOURCES.waf),
  'waf.ruleMonth': p(1, 'rule-month', 'S', SOURCES.waf),
  'waf.millionRequests': p(0.6, 'million requests', 'S', SOURCES.waf),
  'scheduler.millionInvocations': p(1, 'million invocations', 'S', SOURCES.scheduler, 'before the 14 million free invocations a month, which an environment of nightly jobs never exceeds'),
  'sfn.thousandTransitions': p(0.025, 'thousand state transitions', 'U', SOURCES.stepFunctions, 'the published $0.025, before the 4,000 free transitions a month'),
};

export const PRICES: Readonly<Record<string, RegionPrices>> = {
  'eu-west-2': EU_WEST_2,
  'eu-west-1': EU_WEST_1,
  'us-east-1': US_EAST_1,
  'eu-central-1': EU_CENTRAL_1,
};

export const SUPPORTED_REGIONS: readonly string[] = Object.keys(PRICES);

/** Oldest and newest source dates of a region's figures, for the report's header. */
export function priceDates(region: string): { readonly oldest: string; readonly newest: string } {
  const dates = Object.values(PRICES[region] ?? {}).map((price) => price!.source.date).sort();
  return { oldest: dates[0] ?? '', newest: dates[dates.length - 1] ?? '' };
}
