/**
 * Figures found for many regions at once, so every commercial region starts with what a public
 * source has for it: Fargate (fgcalc, secondary), NAT gateway hours, SQS requests and RDS MySQL
 * instance prices (a trimmed AWS Price List snapshot, verbatim figures), and the prices AWS publishes
 * as the same in every region. What a region lacks here is priced from a named stand-in region
 * (../stand-ins.ts), never left out.
 */
import { p, RegionPrices } from '../price-types';
import { SOURCES } from '../price-sources';

/** Fargate Linux/x86 on-demand vCPU-hour and GB-hour, and the Spot vCPU-hour (fgcalc `data.js`). */
const FARGATE: Readonly<Record<string, readonly [vcpu: number, gb: number, spotVcpu: number]>> = {
  'us-east-1': [0.04048, 0.004445, 0.01264355], 'us-east-2': [0.04048, 0.004445, 0.01276353],
  'us-west-1': [0.04656, 0.00511, 0.013968], 'us-west-2': [0.04048, 0.004445, 0.01269464],
  'ca-central-1': [0.04456, 0.004865, 0.013368], 'sa-east-1': [0.0696, 0.0076, 0.0212609],
  'eu-west-1': [0.04048, 0.004445, 0.01257825], 'eu-west-2': [0.04656, 0.00511, 0.013968],
  'eu-west-3': [0.0486, 0.0053, 0.01458], 'eu-central-1': [0.04656, 0.00511, 0.0140458],
  'eu-north-1': [0.0445, 0.0049, 0.01335], 'eu-south-1': [0.0486, 0.0053, 0.01458],
  'af-south-1': [0.0546, 0.006, 0.01638], 'me-south-1': [0.0526, 0.0058, 0.01578],
  'ap-south-1': [0.04256, 0.004655, 0.0133282], 'ap-east-1': [0.0556, 0.0061, 0.01668],
  'ap-southeast-1': [0.05056, 0.00553, 0.015168], 'ap-southeast-2': [0.04856, 0.00532, 0.014568],
  'ap-northeast-1': [0.05056, 0.00553, 0.01981009], 'ap-northeast-2': [0.04656, 0.00511, 0.01422902],
};

/** NAT gateway-hour, AmazonEC2 offer 20260904231117 (`<prefix>-NatGateway-Hours`). */
const NAT_HOUR: Readonly<Record<string, number>> = {
  'af-south-1': 0.057, 'ap-northeast-1': 0.062, 'ap-northeast-2': 0.059, 'ap-northeast-3': 0.062, 'ap-south-1': 0.056,
  'ap-southeast-1': 0.059, 'ap-southeast-2': 0.059, 'ca-central-1': 0.05, 'eu-central-1': 0.052, 'eu-central-2': 0.0572,
  'eu-north-1': 0.046, 'eu-south-1': 0.05, 'eu-south-2': 0.048, 'eu-west-1': 0.048, 'eu-west-2': 0.05, 'eu-west-3': 0.05,
  'me-central-1': 0.0528, 'me-south-1': 0.0528, 'sa-east-1': 0.093, 'us-east-1': 0.045, 'us-east-2': 0.045,
  'us-west-1': 0.048, 'us-west-2': 0.045,
};

/** SQS per request beyond the free million, standard and FIFO, AWSQueueService offer 20260904154020. */
const SQS: Readonly<Record<string, readonly [standard: number, fifo: number]>> = {
  'af-south-1': [4.76e-7, 5.95e-7], 'eu-central-2': [4.4e-7, 5.5e-7], 'eu-south-1': [4.2e-7, 5.25e-7], 'me-central-1': [4.4e-7, 5.5e-7],
  ...Object.fromEntries(['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2',
    'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'me-south-1', 'sa-east-1',
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'].map((region) => [region, [4e-7, 5e-7] as const])),
};

/**
 * RDS (not Aurora) MySQL Single-AZ on-demand $/hour of db.t4g.medium and db.r6g.large, AmazonRDS
 * offer 20260904172716: the regional ratio the Aurora instance prices are derived with (aurora.ts).
 */
export const RDS_MYSQL: Readonly<Record<string, readonly [t4gMedium: number, r6gLarge: number]>> = {
  'us-east-1': [0.065, 0.215], 'us-east-2': [0.065, 0.215], 'us-west-1': [0.085, 0.237], 'us-west-2': [0.065, 0.215],
  'ca-central-1': [0.07, 0.233], 'sa-east-1': [0.137, 0.444], 'af-south-1': [0.082, 0.281],
  'ap-northeast-1': [0.101, 0.255], 'ap-northeast-2': [0.102, 0.255], 'ap-northeast-3': [0.101, 0.255],
  'ap-south-1': [0.084, 0.242], 'ap-southeast-1': [0.102, 0.255], 'ap-southeast-2': [0.102, 0.255],
  'eu-central-1': [0.074, 0.26], 'eu-central-2': [0.082, 0.301], 'eu-north-1': [0.065, 0.219], 'eu-south-1': [0.073, 0.248],
  'eu-south-2': [0.07, 0.252], 'eu-west-1': [0.069, 0.237], 'eu-west-2': [0.072, 0.251], 'eu-west-3': [0.072, 0.25],
  'me-central-1': [0.076, 0.261], 'me-south-1': [0.076, 0.261],
};

const SCHEDULER_NOTE = 'before the 14 million free invocations a month, which an environment of nightly jobs never exceeds';

/** The figures of `region` found in the multi-region sources, plus the prices AWS charges the same everywhere. */
export function regionalFigures(region: string): RegionPrices {
  const figures: Record<string, ReturnType<typeof p>> = {
    // The same in every region, by the source's own statement.
    'ipv4.hour': p(0.005, 'address-hour', 'V', SOURCES.ipv4),
    'kms.keyMonth': p(1, 'key-month', 'V', SOURCES.kms),
    'codepipeline.v2ActionMinute': p(0.002, 'action-minute', 'V', SOURCES.codepipeline),
    'route53.hostedZoneMonth': p(0.5, 'hosted zone-month', 'S', SOURCES.route53),
    'waf.webAclMonth': p(5, 'web ACL-month', 'S', SOURCES.waf),
    'waf.ruleMonth': p(1, 'rule-month', 'S', SOURCES.waf),
    'waf.millionRequests': p(0.6, 'million requests', 'S', SOURCES.waf),
    'scheduler.millionInvocations': p(1, 'million invocations', 'S', SOURCES.scheduler, SCHEDULER_NOTE),
  };
  const fargate = FARGATE[region];
  if (fargate) {
    const [vcpu, gb, spot] = fargate;
    figures['fargate.x86.vcpuHour'] = p(vcpu, 'vCPU-hour', 'S', SOURCES.fgcalc);
    figures['fargate.x86.gbHour'] = p(gb, 'GB-hour', 'S', SOURCES.fgcalc);
    // ARM is exactly 20% below x86 wherever both were read (eu-west-2, us-east-1): derived, so unverified.
    figures['fargate.arm.vcpuHour'] = p(Math.round(vcpu * 0.8 * 1e6) / 1e6, 'vCPU-hour', 'U', SOURCES.fgcalc, `no ${region} ARM price found: x86 $${vcpu} × 0.8 (ARM is exactly 20% below x86 in eu-west-2 and us-east-1)`);
    figures['fargate.arm.gbHour'] = p(Math.round(gb * 0.8 * 1e7) / 1e7, 'GB-hour', 'U', SOURCES.fgcalc, `no ${region} ARM price found: x86 $${gb} × 0.8`);
    figures['fargate.spotShareOfOnDemand'] = p(Math.round((spot / vcpu) * 10_000) / 10_000, 'share of on-demand', 'S', SOURCES.fgcalc,
      `Spot x86 vCPU $${spot} / on-demand $${vcpu}; Spot prices float (AWS: "up to 70%" off); ARM Spot assumed at the same share`);
  }
  const nat = NAT_HOUR[region];
  if (nat !== undefined) figures['nat.hour'] = p(nat, 'NAT gateway-hour', 'V', SOURCES.nat);
  const sqs = SQS[region];
  if (sqs) {
    figures['sqs.standardMillionRequests'] = p(Math.round(sqs[0] * 1e8) / 100, 'million requests', 'V', SOURCES.sqsPriceList);
    figures['sqs.fifoMillionRequests'] = p(Math.round(sqs[1] * 1e8) / 100, 'million requests', 'V', SOURCES.sqsPriceList);
  }
  return figures;
}
