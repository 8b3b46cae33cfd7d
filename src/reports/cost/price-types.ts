/**
 * The shapes of the price table `portside cost` estimates from: USD list prices (on-demand, before
 * tax and discounts) per region, each figure with its source, the date of that source, and how far
 * it was verified.
 *
 * Confidence:
 * - `V` verified: read in an AWS-owned source or a verbatim AWS Price List extract.
 * - `S` secondary: an AWS Price List figure quoted by a third party, or a third-party page quoting AWS.
 * - `U` unverified: no source for this region was found; the figure is another region's price
 *   standing in, or derived by the rule its note states. Confirm before relying on it.
 */
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

export function p(usd: number, unit: string, confidence: Confidence, source: PriceSource, note?: string): Price {
  return note === undefined ? { usd, unit, confidence, source } : { usd, unit, confidence, source, note };
}
