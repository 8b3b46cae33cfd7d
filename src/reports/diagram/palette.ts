/**
 * One color per kind of thing in every diagram (and in the report's legend), close to the AWS
 * architecture icon colors: compute orange, networking violet, database blue, storage green,
 * developer tools pink.
 */
export type NodeKind = 'internet' | 'load-balancer' | 'service' | 'database' | 'file-system' | 'bucket' | 'queue' | 'nat-gateway' | 'endpoint' | 'source' | 'build' | 'registry' | 'pipeline';

export interface KindStyle {
  readonly label: string;
  readonly fill: string;
  readonly stroke: string;
}

export const KIND_STYLES: Readonly<Record<NodeKind, KindStyle>> = {
  'internet': { label: 'Internet', fill: '#FFFFFF', stroke: '#232F3E' },
  'load-balancer': { label: 'Application Load Balancer', fill: '#F1EBFF', stroke: '#8C4FFF' },
  'service': { label: 'ECS Fargate service', fill: '#FFF1E3', stroke: '#ED7100' },
  'database': { label: 'Aurora cluster', fill: '#E8EBFF', stroke: '#3B48CC' },
  'file-system': { label: 'EFS volume', fill: '#EEF6DC', stroke: '#5F8A0C' },
  'bucket': { label: 'S3 bucket', fill: '#E9F5E1', stroke: '#3F8624' },
  'queue': { label: 'SQS queue', fill: '#FCE8EE', stroke: '#B0084D' },
  'nat-gateway': { label: 'NAT gateway', fill: '#E3F6F3', stroke: '#01A88D' },
  'endpoint': { label: 'VPC endpoints', fill: '#E3F6F3', stroke: '#01A88D' },
  'source': { label: 'GitHub repository', fill: '#F6F8FA', stroke: '#24292F' },
  'build': { label: 'CodeBuild', fill: '#FDE8F2', stroke: '#E7157B' },
  'registry': { label: 'ECR repository', fill: '#FFF8DB', stroke: '#B8860B' },
  'pipeline': { label: 'CodePipeline', fill: '#FDE8F2', stroke: '#E7157B' },
};

export type TierStyleName = 'public' | 'private' | 'isolated';

/** Subnet tiers: a light background and a border, as in AWS diagrams (public green, private blue). */
export const TIER_STYLES: Readonly<Record<TierStyleName, { readonly label: string; readonly fill: string; readonly stroke: string }>> = {
  public: { label: 'Public subnets', fill: '#F2F8EC', stroke: '#7AA116' },
  private: { label: 'Private subnets (egress through NAT)', fill: '#EAF3FB', stroke: '#147EBA' },
  isolated: { label: 'Isolated subnets (no route out)', fill: '#F3F1F6', stroke: '#7D6E8F' },
};

export const VPC_STROKE = '#8C4FFF';
export const EDGE_COLORS = { traffic: '#232F3E', data: '#3B48CC', storage: '#5F8A0C', messages: '#B0084D', delivery: '#E7157B' } as const;
