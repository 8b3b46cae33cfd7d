/**
 * Where each figure of the price table comes from: the AWS Price List files and pages read, with
 * their dates. Kept apart from the figures so a price change and a source change review separately.
 */
import type { PriceSource } from './price-types';

const TOGEN = 'https://github.com/mooncitizen/togen/blob';
const priceList = (service: string, region: string) =>
  `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${service}/current/${region}/index.json`;

export const SOURCES = {
  ecsEuw2: {
    url: `${TOGEN}/a5b2dad6d5c9a6544e02c08ef59da0b74a930ef3/internal/cost/cmd/testdata/AmazonECS-eu-west-2.csv`,
    date: '2026-08-31',
    what: 'AWS Price List extract, AmazonECS eu-west-2 (verbatim CSV, publication 2026-08-31)',
  },
  elbEuw2: {
    url: `${TOGEN}/fdee117423ceda3ca613fa90f8411ac1d32a0127/internal/cost/cmd/testdata/AWSELB-eu-west-2.csv`,
    date: '2026-08-31',
    what: 'AWS Price List extract, AWSELB eu-west-2 (verbatim CSV)',
  },
  elbUse1: {
    url: `${TOGEN}/fdee117423ceda3ca613fa90f8411ac1d32a0127/internal/cost/cmd/testdata/AWSELB-us-east-1.csv`,
    date: '2026-08-31',
    what: 'AWS Price List extract, AWSELB us-east-1 (verbatim CSV)',
  },
  nat: {
    url: `${TOGEN}/36c1abbf17c7cd190fb02627aefb401567190523/internal/cost/prices/aws.json`,
    date: '2026-09-04',
    what: 'AWS Price List AmazonEC2 offer 20260904231117, NatGateway-Hours per region (trimmed, verbatim figures)',
  },
  sqsPriceList: {
    url: `${TOGEN}/36c1abbf17c7cd190fb02627aefb401567190523/internal/cost/prices/aws.json`,
    date: '2026-09-04',
    what: 'AWS Price List AWSQueueService offer 20260904154020: standard and FIFO requests per region beyond the free first million (trimmed, verbatim figures)',
  },
  rdsRatios: {
    url: `${TOGEN}/36c1abbf17c7cd190fb02627aefb401567190523/internal/cost/prices/aws.json`,
    date: '2026-09-04',
    what: 'AWS Price List AmazonRDS offer 20260904172716: RDS MySQL Single-AZ db.r6g.large and db.t4g.medium per region (not Aurora)',
  },
  dataTransferEuw2: {
    url: `${TOGEN}/cfc3c384dbc96449dc936479107b9bc0723104e8/internal/cost/cmd/testdata/AWSDataTransfer-eu-west-2.csv`,
    date: '2026-08-31',
    what: 'AWS Price List extract, AWSDataTransfer eu-west-2: "$0.02 per GB - EU (London) data transfer to EU (Ireland)"',
  },
  auroraUse1: {
    url: 'https://github.com/aws/agent-toolkit-for-aws/blob/main/skills/specialized-skills/database-skills/amazon-aurora-mysql/scripts/acu_calculator.py',
    date: '2026-03-28',
    what: 'AWS-owned static us-east-1 Aurora prices (Aurora Standard; MySQL and PostgreSQL share instance rates)',
  },
  natEuw1: {
    url: 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/20260925174521/eu-west-1/index.json',
    date: '2026-09-25',
    what: 'AWS Price List AmazonEC2 eu-west-1: EU-NatGateway-Bytes $0.048/GB, as quoted verbatim in a third-party test fixture (read 2026-10-02)',
  },
  cloudwatchEuw1: {
    url: 'https://github.com/mamtha4u/SDLC/blob/45b7bae453281a7599bcbe863f7e547e2fd5e1ef/backend/config/pricing_eu-west-1.json',
    date: '2026-09-22',
    what: 'AWS Price List AmazonCloudWatch eu-west-1 (published 2026-09-22) as snapshotted by a third-party project on 2026-10-02',
  },
  billEuw1: {
    url: 'https://aws.amazon.com/privatelink/pricing/',
    date: '2026-07-31',
    what: 'Third-party Cost Explorer bills, eu-west-1, July–August 2026 (EU-VpcEndpoint-Hours $352.42 for 34,824 endpoint-AZ-hours; EU-VpcEndpoint-Bytes $0.35 for 37.71 GB); billing unit per the PrivateLink pricing page',
  },
  albEuw1: {
    url: 'https://cal53.calculator.city/aws-alb-cost-calculator/',
    date: '2026-07-31',
    what: 'Third-party ALB calculator table "Europe (Ireland) $0.0252" per ALB-hour; a July 2026 eu-west-1 bill gives $15.00 for 595 h (= $0.0252)',
  },
  fgcalc: {
    url: 'https://github.com/theuves/fgcalc/blob/5049a5e21fd511bb80159d17190ef1c05414c95a/src/utils/data.js',
    date: '2026-08-31',
    what: 'Fargate on-demand and Spot per region "extracted from the official AWS Fargate documentation" (undated; on-demand figures match the 2026-08-31 price list where both exist). Spot prices float',
  },
  fargatePage: {
    url: 'https://aws.amazon.com/fargate/pricing/',
    date: '2026-09-20',
    what: 'AWS Fargate pricing page (us-east-1 "$0.000011244 per vCPU second" = $0.04048/h, via a transcription dated 2026-09-20)',
  },
  vantageFargate: {
    url: 'https://www.vantage.sh/blog/fargate-pricing',
    date: '2026-09-20',
    what: 'Third-party Fargate pricing guide (us-east-1 ARM and ephemeral storage)',
  },
  ipv4: {
    url: 'https://aws.amazon.com/blogs/networking-and-content-delivery/identify-and-optimize-public-ipv4-address-usage-on-aws/',
    date: '2024-02-01',
    what: 'AWS Networking blog: $0.005 per public IPv4 address-hour, in use or idle, all regions, since 2024-02-01',
  },
  vpcUse1: {
    url: 'https://aws.amazon.com/privatelink/pricing/',
    date: '2026-09-20',
    what: 'PrivateLink and VPC pricing (us-east-1 interface endpoint $0.01 per AZ-hour, $0.01/GB; NAT $0.045/GB) via third-party transcriptions dated 2026-09-20',
  },
  cloudwatchUse1: {
    url: 'https://aws.amazon.com/cloudwatch/pricing/',
    date: '2026-06-13',
    what: 'CloudWatch pricing (us-east-1) as quoted by third-party guides (infracost output, factualminds 2026-06)',
  },
  efsUse1: {
    url: 'https://aws.amazon.com/efs/pricing/',
    date: '2023-11-27',
    what: 'EFS pricing, us-east-1 (Standard $0.30, IA $0.016, Elastic reads $0.03/GB, writes $0.06/GB, backup warm $0.05) as transcribed from the pricing page on its 2023-11 revision by a third-party blog',
  },
  backupUse1: {
    url: 'https://aws.amazon.com/backup/pricing/',
    date: '2026-06-13',
    what: 'AWS Backup pricing (us-east-1 EFS warm $0.05/GB-month; Aurora snapshots at the Aurora backup rate) as quoted by third-party guides',
  },
  auroraBackupUse1: {
    url: 'https://www.cloudexmachina.io/blog/aws-aurora-pricing',
    date: '2025-09-02',
    what: 'Third-party Aurora pricing guide: backup storage beyond the free allocation $0.021/GB-month (us-east-1)',
  },
  route53: {
    url: 'https://aws.amazon.com/route53/pricing/',
    date: '2026-12-03',
    what: 'Amazon Route 53: $0.50 per hosted zone per month for the first 25 hosted zones (public or private), the same in every region; queries to alias records of AWS resources are free',
  },
  kms: {
    url: 'https://aws.amazon.com/kms/pricing/',
    date: '2026-09-11',
    what: 'AWS KMS pricing: $1 per customer managed key per month (each rotated key version adds $1, for the first two rotations)',
  },
  secrets: {
    url: 'https://aws.amazon.com/secrets-manager/pricing/',
    date: '2026-09-11',
    what: 'Secrets Manager $0.40 per secret-month (the London figure is in the eu-west-2 price list; other regions from third-party pages)',
  },
  ecr: {
    url: 'https://aws.amazon.com/ecr/pricing/',
    date: '2026-03-01',
    what: 'ECR private storage $0.10/GB-month (third-party guides; eu-west-1 checked against the Price List API by a third-party review)',
  },
  s3: {
    url: 'https://aws.amazon.com/s3/pricing/',
    date: '2026-09-28',
    what: 'S3 Standard, first 50 TB: $0.023/GB-month (us-east-1, eu-west-1) as quoted by third parties and billing records',
  },
  scheduler: {
    url: 'https://aws.amazon.com/eventbridge/pricing/',
    date: '2026-12-03',
    what: 'EventBridge Scheduler: $1.00 per million scheduled invocations after 14 million free a month (per account); a figure quoted the same across commercial regions (cloudburn.io, March 2026, quoting the AWS page), not re-read on the AWS page here',
  },
  stepFunctions: {
    url: 'https://aws.amazon.com/step-functions/pricing/',
    date: '2026-12-03',
    what: 'Step Functions Standard workflows: $0.025 per 1,000 state transitions after 4,000 free a month; the commonly published US/EU figure, not re-read for each region here',
  },
  sqs: {
    url: 'https://aws.amazon.com/sqs/pricing/',
    date: '2026-12-03',
    what: 'SQS: $0.40 per million standard-queue requests and $0.50 per million FIFO requests after the first million a month (free per account), each 64 KB chunk a request; the commonly published figure, the same in the US and EU regions; not re-read for eu-west-2 here',
  },
  codepipeline: {
    url: 'https://aws.amazon.com/codepipeline/pricing/',
    date: '2026-09-20',
    what: 'CodePipeline V2: $0.002 per action-execution minute (manual approvals not charged), all regions',
  },
  codebuildUse1: {
    url: 'https://aws.amazon.com/blogs/devops/strategies-to-optimize-the-costs-of-your-builds-on-aws-codebuild/',
    date: '2026-06-01',
    what: 'CodeBuild on-demand Linux rates (general1.small $0.005/min, medium $0.01, large $0.02; us-east-1) as quoted by third parties',
  },
  waf: {
    url: 'https://aws.amazon.com/waf/pricing/',
    date: '2026-09-20',
    what: 'AWS WAF: $5 per web ACL-month, $1 per rule-month, $0.60 per million requests, the same in every region (third-party quotes; region consistency per the AWS Networking blog)',
  },
} as const satisfies Record<string, PriceSource>;

/** An eu-west-2 Price List file, as quoted by a third-party hosting-cost document that read it on 2026-10-06 (not re-read here). */
export function london(service: string): PriceSource {
  return {
    url: priceList(service, 'eu-west-2'),
    date: '2026-10-06',
    what: `AWS Price List ${service} eu-west-2 as quoted by a third-party hosting-cost document read on 2026-10-06; not re-read here`,
  };
}
