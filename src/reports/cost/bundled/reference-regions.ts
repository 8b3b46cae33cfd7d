/**
 * The four regions read most closely (the reference manifest's primary, DR and pipeline regions):
 * every regional figure found for them, each with its source and date. The prices AWS charges the
 * same everywhere (regional-figures.ts) and the derived Aurora instance prices (aurora.ts) are not
 * repeated here: index.ts gives them to every region. A dimension absent everywhere is priced from a
 * named stand-in region (../stand-ins.ts), and says so.
 *
 * Collected from ../shared/research/aws-prices-and-deploy-facts.md and public price-list extracts;
 * update a figure by replacing it here with its new source and date.
 */
import { p, RegionPrices } from '../price-types';
import { london, SOURCES } from '../price-sources';

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
  'ecr.storageGbMonth': p(0.1, 'GB-month', 'S', SOURCES.ecr),
  's3.standardGbMonth': p(0.023, 'GB-month', 'S', SOURCES.s3),
  'codebuild.linux.smallMinute': p(0.005, 'build-minute', 'S', SOURCES.codebuildUse1),
  'codebuild.linux.mediumMinute': p(0.01, 'build-minute', 'S', SOURCES.codebuildUse1),
  'codebuild.linux.largeMinute': p(0.02, 'build-minute', 'S', SOURCES.codebuildUse1),
  'codebuild.arm.smallMinute': p(0.005, 'build-minute', 'U', SOURCES.codebuildUse1,
    'no arm1.small price found: the x86 general1.small rate stands in (an upper bound if ARM is cheaper)'),
  'codebuild.arm.largeMinute': p(0.02, 'build-minute', 'U', SOURCES.codebuildUse1,
    'no arm1.large price found: the x86 general1.large rate stands in'),
  'sfn.thousandTransitions': p(0.025, 'thousand state transitions', 'U', SOURCES.stepFunctions, 'the published $0.025, before the 4,000 free transitions a month'),
};

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
  'aurora.storageGbMonth': p(0.1, 'GB-month', 'S', london('AmazonRDS'), 'single source; EU regions are often quoted higher'),
  'aurora.ioMillion': p(0.2, 'million I/O requests', 'S', london('AmazonRDS'), 'single source'),
  'aurora.backupGbMonth': p(0.022, 'GB-month', 'S', london('AmazonRDS')),
  'cloudwatch.logIngestGb': p(0.5985, 'GB ingested', 'S', london('AmazonCloudWatch')),
  'cloudwatch.logStorageGbMonth': p(0.0315, 'GB-month', 'S', london('AmazonCloudWatch')),
  'cloudwatch.metricMonth': p(0.3, 'metric-month', 'S', london('AmazonCloudWatch'), 'first 10,000 metrics'),
  'cloudwatch.alarmMetricMonth': p(0.1, 'alarm metric-month', 'S', london('AmazonCloudWatch')),
  'transfer.interRegionGb': p(0.02, 'GB', 'V', SOURCES.dataTransferEuw2, 'priced for London → Ireland (drRegion of the reference manifest)'),
  'secrets.secretMonth': p(0.4, 'secret-month', 'S', london('AWSSecretsManager')),
  'ecr.storageGbMonth': p(0.1, 'GB-month', 'S', london('AmazonECR')),
  's3.standardGbMonth': p(0.024, 'GB-month', 'S', london('AmazonS3')),
  'sqs.standardMillionRequests': p(0.4, 'million requests', 'U', SOURCES.sqs, 'no eu-west-2 figure read: the published $0.40, which SQS charges in most regions'),
  'sqs.fifoMillionRequests': p(0.5, 'million requests', 'U', SOURCES.sqs, 'no eu-west-2 figure read: the published $0.50, which SQS charges in most regions'),
  'ssm.advancedParameterMonth': p(0.05, 'parameter-month', 'S', london('AWSSystemsManager')),
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
  'nat.hour': p(0.048, 'NAT gateway-hour', 'V', SOURCES.nat),
  'nat.gb': p(0.048, 'GB processed', 'S', SOURCES.natEuw1),
  'vpce.interfaceAzHour': p(0.01, 'endpoint-AZ-hour', 'S', SOURCES.billEuw1, '$352.42 / 34,824 endpoint-AZ-hours'),
  'vpce.gb': p(0.01, 'GB processed', 'S', SOURCES.billEuw1, '$0.35 / 37.71 GB, first tier'),
  'cloudwatch.logIngestGb': p(0.57, 'GB ingested', 'S', SOURCES.cloudwatchEuw1),
  'cloudwatch.logStorageGbMonth': p(0.03, 'GB-month', 'S', SOURCES.cloudwatchEuw1),
  'cloudwatch.alarmMetricMonth': p(0.1, 'alarm metric-month', 'S', SOURCES.cloudwatchEuw1),
  'secrets.secretMonth': p(0.4, 'secret-month', 'S', SOURCES.secrets),
  'ecr.storageGbMonth': p(0.1, 'GB-month', 'S', SOURCES.ecr),
  's3.standardGbMonth': p(0.023, 'GB-month', 'S', SOURCES.s3),
  'sfn.thousandTransitions': p(0.025, 'thousand state transitions', 'U', SOURCES.stepFunctions, 'the published $0.025, before the 4,000 free transitions a month'),
};

/** Frankfurt: the figures found (a DR region of the bundled manifests); the rest from stand-ins. */
const EU_CENTRAL_1: RegionPrices = {
  'fargate.x86.vcpuHour': p(0.04656, 'vCPU-hour', 'S', SOURCES.fgcalc),
  'fargate.x86.gbHour': p(0.00511, 'GB-hour', 'S', SOURCES.fgcalc),
  'fargate.spotShareOfOnDemand': p(0.3017, 'share of on-demand', 'S', SOURCES.fgcalc,
    'Spot x86 vCPU $0.0140458 / on-demand $0.04656; Spot prices float; ARM Spot assumed at the same share'),
  'nat.hour': p(0.052, 'NAT gateway-hour', 'V', SOURCES.nat),
  'secrets.secretMonth': p(0.4, 'secret-month', 'S', SOURCES.secrets),
  'sfn.thousandTransitions': p(0.025, 'thousand state transitions', 'U', SOURCES.stepFunctions, 'the published $0.025, before the 4,000 free transitions a month'),
};

export const REFERENCE_REGIONS: Readonly<Record<string, RegionPrices>> = {
  'eu-west-2': EU_WEST_2,
  'eu-west-1': EU_WEST_1,
  'us-east-1': US_EAST_1,
  'eu-central-1': EU_CENTRAL_1,
};
