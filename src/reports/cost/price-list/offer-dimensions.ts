/**
 * Which products of which AWS Price List offer price each key of the table: the offer code, the
 * product's `usagetype` (after its region prefix: `EUW2-`, `USE1-`, `EU-`, or none in us-east-1) and,
 * where one usage type is shared, its `productFamily` or other attributes. The usage types marked
 * `seen` were read in a verbatim Price List extract (price-sources.ts); the others follow AWS's
 * naming and are unconfirmed: a key whose products are not found keeps its bundled figure, and the
 * update says so.
 *
 * Not in any regional offer file, so never updated (the bundled figure stays): the Fargate Spot
 * share (Spot prices float), EFS Elastic Throughput, CloudWatch composite alarms and dashboards,
 * inter-region transfer (priced per pair of regions), Route 53 (a global offer), CodePipeline,
 * CodeBuild, WAF, EventBridge Scheduler, Step Functions and SSM parameters.
 */
import type { PriceKey } from '../price-types';
import type { OfferProduct } from './offer-reader';

export interface OfferDimension {
  /** The key priced, or a function naming it from the product (Aurora instance classes). */
  readonly key: PriceKey | ((product: OfferProduct) => PriceKey | undefined);
  /** The table's unit (what one `usd` buys). */
  readonly unit: string;
  readonly match: (product: OfferProduct) => boolean;
  /** Price List price × scale = the table's price (per request → per million requests: 1e6). */
  readonly scale?: number;
  /** Read in a verbatim Price List extract (see the module comment). */
  readonly seen?: boolean;
}

export interface OfferMapping {
  readonly offerCode: string;
  readonly dimensions: readonly OfferDimension[];
}

/** `NatGateway-Hours` matches `EUW2-NatGateway-Hours`, `EU-NatGateway-Hours` and `NatGateway-Hours`, nothing else. */
export function usageType(suffix: string): (product: OfferProduct) => boolean {
  const pattern = new RegExp(`^(?:[A-Z]{2,4}\\d?-)?${suffix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return (product) => pattern.test(product.attributes.usagetype ?? '');
}

const both = (...tests: ((product: OfferProduct) => boolean)[]) => (product: OfferProduct) => tests.every((test) => test(product));
const family = (name: string) => (product: OfferProduct) => product.productFamily === name;
const attribute = (name: string, value: string) => (product: OfferProduct) => product.attributes[name] === value;

const auroraInstance = /^(?:[A-Z]{2,4}\d?-)?InstanceUsage:(db\.[a-z0-9.]+)$/;

export const OFFER_MAPPINGS: readonly OfferMapping[] = [
  {
    offerCode: 'AmazonECS',
    dimensions: [
      { key: 'fargate.x86.vcpuHour', unit: 'vCPU-hour', match: usageType('Fargate-vCPU-Hours:perCPU'), seen: true },
      { key: 'fargate.x86.gbHour', unit: 'GB-hour', match: usageType('Fargate-GB-Hours'), seen: true },
      { key: 'fargate.arm.vcpuHour', unit: 'vCPU-hour', match: usageType('Fargate-ARM-vCPU-Hours:perCPU'), seen: true },
      { key: 'fargate.arm.gbHour', unit: 'GB-hour', match: usageType('Fargate-ARM-GB-Hours'), seen: true },
      { key: 'fargate.ephemeralGbHour', unit: 'GB-hour above 20 GB', match: usageType('Fargate-EphemeralStorage-GB-Hours'), seen: true },
    ],
  },
  {
    offerCode: 'AWSELB',
    dimensions: [
      { key: 'alb.hour', unit: 'ALB-hour', match: both(family('Load Balancer-Application'), usageType('LoadBalancerUsage')), seen: true },
      { key: 'alb.lcuHour', unit: 'LCU-hour', match: both(family('Load Balancer-Application'), usageType('LCUUsage')), seen: true },
    ],
  },
  {
    offerCode: 'AmazonEC2',
    dimensions: [
      { key: 'nat.hour', unit: 'NAT gateway-hour', match: both(family('NAT Gateway'), usageType('NatGateway-Hours')), seen: true },
      { key: 'nat.gb', unit: 'GB processed', match: both(family('NAT Gateway'), usageType('NatGateway-Bytes')), seen: true },
    ],
  },
  {
    offerCode: 'AmazonVPC',
    dimensions: [
      { key: 'vpce.interfaceAzHour', unit: 'endpoint-AZ-hour', match: usageType('VpcEndpoint-Hours'), seen: true },
      { key: 'vpce.gb', unit: 'GB processed', match: usageType('VpcEndpoint-Bytes'), seen: true },
      { key: 'ipv4.hour', unit: 'address-hour', match: usageType('PublicIPv4:InUseAddress'), seen: true },
    ],
  },
  {
    offerCode: 'AmazonRDS',
    dimensions: [
      {
        // Aurora Standard, MySQL-compatible (PostgreSQL shares the instance rates in the bundled table).
        key: (product) => {
          const instanceClass = auroraInstance.exec(product.attributes.usagetype ?? '')?.[1];
          return instanceClass ? `aurora.instance.${instanceClass}` : undefined;
        },
        unit: 'instance-hour',
        match: (product) => family('Database Instance')(product) && product.attributes.databaseEngine === 'Aurora MySQL' && auroraInstance.test(product.attributes.usagetype ?? ''),
      },
      { key: 'aurora.storageGbMonth', unit: 'GB-month', match: usageType('Aurora:StorageUsage'), seen: true },
      { key: 'aurora.ioMillion', unit: 'million I/O requests', match: usageType('Aurora:StorageIOUsage'), scale: 1e6 },
      { key: 'aurora.backupGbMonth', unit: 'GB-month', match: usageType('Aurora:BackupUsage'), seen: true },
    ],
  },
  {
    offerCode: 'AmazonEFS',
    dimensions: [
      { key: 'efs.standardGbMonth', unit: 'GB-month', match: usageType('TimedStorage-ByteHrs') },
      { key: 'efs.iaGbMonth', unit: 'GB-month', match: usageType('IATimedStorage-ByteHrs') },
    ],
  },
  {
    offerCode: 'AmazonCloudWatch',
    dimensions: [
      { key: 'cloudwatch.logIngestGb', unit: 'GB ingested', match: usageType('DataProcessing-Bytes') },
      { key: 'cloudwatch.logStorageGbMonth', unit: 'GB-month', match: usageType('TimedStorage-ByteHrs') },
      { key: 'cloudwatch.metricMonth', unit: 'metric-month', match: usageType('CW:MetricMonitorUsage') },
      { key: 'cloudwatch.alarmMetricMonth', unit: 'alarm metric-month', match: usageType('CW:AlarmMonitorUsage') },
      { key: 'cloudwatch.highResolutionAlarmMonth', unit: 'alarm metric-month', match: usageType('CW:HighResAlarmMonitorUsage') },
    ],
  },
  { offerCode: 'AWSBackup', dimensions: [{ key: 'backup.efsWarmGbMonth', unit: 'GB-month', match: usageType('WarmStorage-ByteHrs-EFS') }] },
  { offerCode: 'AWSSecretsManager', dimensions: [{ key: 'secrets.secretMonth', unit: 'secret-month', match: usageType('AWSSecretsManager-Secrets') }] },
  { offerCode: 'awskms', dimensions: [{ key: 'kms.keyMonth', unit: 'key-month', match: usageType('KMS-Keys') }] },
  { offerCode: 'AmazonECR', dimensions: [{ key: 'ecr.storageGbMonth', unit: 'GB-month', match: usageType('TimedStorage-ByteHrs'), seen: true }] },
  { offerCode: 'AmazonS3', dimensions: [{ key: 's3.standardGbMonth', unit: 'GB-month', match: both(attribute('volumeType', 'Standard'), usageType('TimedStorage-ByteHrs')) }] },
  {
    offerCode: 'AWSQueueService',
    dimensions: [
      { key: 'sqs.standardMillionRequests', unit: 'million requests', scale: 1e6, match: both(family('API Request'), attribute('queueType', 'Standard')), seen: true },
      { key: 'sqs.fifoMillionRequests', unit: 'million requests', scale: 1e6, match: both(family('API Request'), attribute('queueType', 'FIFO (first-in, first-out)')), seen: true },
    ],
  },
];

/** The key a product prices under a dimension. */
export function keyOf(dimension: OfferDimension, product: OfferProduct): PriceKey | undefined {
  return typeof dimension.key === 'function' ? dimension.key(product) : dimension.key;
}
