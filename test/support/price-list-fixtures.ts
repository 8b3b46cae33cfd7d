/**
 * Offer files in the exact AWS Price List bulk format (formatVersion v1.0: products by SKU, then
 * terms.OnDemand and terms.Reserved by SKU and offer term), small and hand-made, and a local HTTP
 * server on 127.0.0.1 that serves them the way pricing.us-east-1.amazonaws.com lays them out.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureProduct {
  readonly usagetype: string;
  readonly productFamily: string;
  readonly attributes?: Readonly<Record<string, string>>;
  /** USD per Price List unit, as AWS writes it (a string); tiers beyond the first follow. */
  readonly usd: string | readonly string[];
  readonly unit: string;
}

/** Region prefixes of usage types, as AWS writes them. */
const PREFIX: Readonly<Record<string, string>> = { 'us-east-1': '', 'us-west-2': 'USW2-', 'ap-southeast-2': 'APS2-', 'ap-southeast-4': 'APS4-', 'eu-west-2': 'EUW2-' };

/** One product per priced dimension of each offer Portside reads, plus products it must skip. */
export function fixtureProducts(offerCode: string, region: string, bump = 0): FixtureProduct[] {
  const x = (usd: number) => String(Number((usd * (1 + bump)).toFixed(10)));
  const table: Record<string, FixtureProduct[]> = {
    AmazonECS: [
      { usagetype: 'Fargate-vCPU-Hours:perCPU', productFamily: 'Compute', usd: x(0.04048), unit: 'hours' },
      { usagetype: 'Fargate-GB-Hours', productFamily: 'Compute', usd: x(0.004445), unit: 'hours' },
      { usagetype: 'Fargate-ARM-vCPU-Hours:perCPU', productFamily: 'Compute', usd: x(0.03238), unit: 'hours' },
      { usagetype: 'Fargate-ARM-GB-Hours', productFamily: 'Compute', usd: x(0.00356), unit: 'hours' },
      { usagetype: 'Fargate-EphemeralStorage-GB-Hours', productFamily: 'Compute', usd: x(0.000111), unit: 'GB-Hours' },
      // skipped: Windows and Spot are other usage types
      { usagetype: 'Fargate-Windows-vCPU-Hours:perCPU', productFamily: 'Compute', usd: '0.09148', unit: 'hours' },
      { usagetype: 'SpotUsage-Fargate-vCPU-Hours:perCPU', productFamily: 'Compute', usd: '0.0126', unit: 'hours' },
    ],
    AWSELB: [
      { usagetype: 'LoadBalancerUsage', productFamily: 'Load Balancer-Application', usd: x(0.0252), unit: 'Hrs' },
      { usagetype: 'LCUUsage', productFamily: 'Load Balancer-Application', usd: x(0.008), unit: 'LCU-Hrs' },
      { usagetype: 'LoadBalancerUsage', productFamily: 'Load Balancer-Network', usd: '0.0225', unit: 'Hrs' },
    ],
    AmazonEC2: [
      { usagetype: 'NatGateway-Hours', productFamily: 'NAT Gateway', usd: x(0.045), unit: 'Hrs' },
      { usagetype: 'NatGateway-Bytes', productFamily: 'NAT Gateway', usd: x(0.045), unit: 'GB' },
      { usagetype: 'BoxUsage:m5.large', productFamily: 'Compute Instance', usd: '0.096', unit: 'Hrs' },
    ],
    AmazonVPC: [
      { usagetype: 'VpcEndpoint-Hours', productFamily: 'VpcEndpoint', usd: x(0.01), unit: 'Hrs' },
      { usagetype: 'VpcEndpoint-Bytes', productFamily: 'VpcEndpoint', usd: [x(0.01), x(0.006)], unit: 'GB' },
      { usagetype: 'PublicIPv4:InUseAddress', productFamily: 'VPC Public IPv4 Address', usd: '0.005', unit: 'Hrs' },
    ],
    AmazonRDS: [
      { usagetype: 'InstanceUsage:db.r6g.large', productFamily: 'Database Instance', attributes: { databaseEngine: 'Aurora MySQL', instanceType: 'db.r6g.large' }, usd: x(0.26), unit: 'Hrs' },
      { usagetype: 'InstanceUsage:db.t4g.medium', productFamily: 'Database Instance', attributes: { databaseEngine: 'Aurora MySQL', instanceType: 'db.t4g.medium' }, usd: x(0.073), unit: 'Hrs' },
      { usagetype: 'InstanceUsageIOOptimized:db.r6g.large', productFamily: 'Database Instance', attributes: { databaseEngine: 'Aurora MySQL' }, usd: '0.338', unit: 'Hrs' },
      { usagetype: 'InstanceUsage:db.r6g.large', productFamily: 'Database Instance', attributes: { databaseEngine: 'MySQL', instanceType: 'db.r6g.large' }, usd: '0.215', unit: 'Hrs' },
      { usagetype: 'Aurora:StorageUsage', productFamily: 'Database Storage', usd: x(0.1), unit: 'GB-Mo' },
      { usagetype: 'Aurora:StorageIOUsage', productFamily: 'System Operation', usd: x(0.0000002), unit: 'IOs' },
      { usagetype: 'Aurora:BackupUsage', productFamily: 'Storage Snapshot', usd: x(0.021), unit: 'GB-Mo' },
    ],
    AmazonEFS: [
      { usagetype: 'TimedStorage-ByteHrs', productFamily: 'Storage', usd: x(0.3), unit: 'GB-Mo' },
      { usagetype: 'IATimedStorage-ByteHrs', productFamily: 'Storage', usd: x(0.016), unit: 'GB-Mo' },
    ],
    AmazonCloudWatch: [
      { usagetype: 'DataProcessing-Bytes', productFamily: 'Data Payload', usd: x(0.5), unit: 'GB' },
      { usagetype: 'TimedStorage-ByteHrs', productFamily: 'Storage Snapshot', usd: x(0.03), unit: 'GB-Mo' },
      { usagetype: 'CW:MetricMonitorUsage', productFamily: 'Metric', usd: [x(0.3), x(0.1)], unit: 'Metrics' },
      { usagetype: 'CW:AlarmMonitorUsage', productFamily: 'Alarm', usd: x(0.1), unit: 'Alarms' },
      { usagetype: 'CW:HighResAlarmMonitorUsage', productFamily: 'Alarm', usd: x(0.3), unit: 'Alarms' },
    ],
    AWSBackup: [{ usagetype: 'WarmStorage-ByteHrs-EFS', productFamily: 'Storage', usd: x(0.05), unit: 'GB-Mo' }],
    AWSSecretsManager: [{ usagetype: 'AWSSecretsManager-Secrets', productFamily: 'Secret', usd: x(0.4), unit: 'Secrets' }],
    awskms: [{ usagetype: 'KMS-Keys', productFamily: 'Encryption Key', usd: x(1), unit: 'Keys' }],
    AmazonECR: [{ usagetype: 'TimedStorage-ByteHrs', productFamily: 'EC2 Container Registry', usd: x(0.1), unit: 'GB-Mo' }],
    AmazonS3: [
      { usagetype: 'TimedStorage-ByteHrs', productFamily: 'Storage', attributes: { volumeType: 'Standard' }, usd: [x(0.023), x(0.022), x(0.021)], unit: 'GB-Mo' },
      { usagetype: 'TimedStorage-INT-FA-ByteHrs', productFamily: 'Storage', attributes: { volumeType: 'Intelligent-Tiering Frequent Access' }, usd: '0.023', unit: 'GB-Mo' },
    ],
    AWSQueueService: [
      // the free first million is a tier of its own, at 0
      { usagetype: 'Requests-Tier1', productFamily: 'API Request', attributes: { queueType: 'Standard' }, usd: ['0', x(0.0000004)], unit: 'Requests' },
      { usagetype: 'Requests-FIFO-Tier1', productFamily: 'API Request', attributes: { queueType: 'FIFO (first-in, first-out)' }, usd: ['0', x(0.0000005)], unit: 'Requests' },
    ],
  };
  return (table[offerCode] ?? []).map((product) => ({ ...product, usagetype: `${PREFIX[region] ?? 'XX1-'}${product.usagetype}` }));
}

const sku = (offerCode: string, region: string, index: number) => `${offerCode.slice(0, 4).toUpperCase()}${region.replace(/-/g, '').toUpperCase()}${String(index).padStart(4, '0')}`;

/** An offer file in the Price List format. */
export function offerFile(offerCode: string, region: string, products: readonly FixtureProduct[], publicationDate = '2026-11-20T18:04:13Z'): Record<string, unknown> {
  const entries = products.map((product, index) => ({ product, id: sku(offerCode, region, index) }));
  return {
    formatVersion: 'v1.0',
    disclaimer: 'This pricing list is for informational purposes only.',
    offerCode,
    version: '20261120180413',
    publicationDate,
    products: Object.fromEntries(entries.map(({ product, id }) => [id, {
      sku: id,
      productFamily: product.productFamily,
      attributes: { servicecode: offerCode, location: region, locationType: 'AWS Region', regionCode: region, usagetype: product.usagetype, operation: '', ...product.attributes },
    }])),
    terms: {
      OnDemand: Object.fromEntries(entries.map(({ product, id }) => {
        const tiers = typeof product.usd === 'string' ? [product.usd] : product.usd;
        return [id, {
          [`${id}.JRTCKXETXF`]: {
            offerTermCode: 'JRTCKXETXF', sku: id, effectiveDate: '2026-11-01T00:00:00Z', termAttributes: {},
            priceDimensions: Object.fromEntries(tiers.map((usd, tier) => [`${id}.JRTCKXETXF.${tier}`, {
              rateCode: `${id}.JRTCKXETXF.${tier}`, description: `${product.usagetype} tier ${tier}`, unit: product.unit,
              beginRange: String(tier * 1_000_000), endRange: tier === tiers.length - 1 ? 'Inf' : String((tier + 1) * 1_000_000), pricePerUnit: { USD: usd }, appliesTo: [],
            }])),
          },
        }];
      })),
      Reserved: Object.fromEntries(entries.slice(0, 1).map(({ id }) => [id, { [`${id}.4NA7Y494T4`]: { offerTermCode: '4NA7Y494T4', sku: id, priceDimensions: {} } }])),
    },
  };
}

/** region_index.json of an offer: each region's current file. */
export function regionIndex(offerCode: string, regions: readonly string[]): Record<string, unknown> {
  return {
    formatVersion: 'v1.0', disclaimer: 'This pricing list is for informational purposes only.', publicationDate: '2026-11-20T18:04:13Z',
    regions: Object.fromEntries(regions.map((region) => [region, { regionCode: region, currentVersionUrl: `/offers/v1.0/aws/${offerCode}/20261120180413/${region}/index.json` }])),
  };
}

/** What the server answers for a path: a body, a status, or a handler of its own (a connection cut mid-body). */
export type Route = string | { readonly status: number } | ((request: IncomingMessage, response: ServerResponse) => void);

export interface FixtureServer {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves `route(path)` on 127.0.0.1 at a random port; 404 where it returns undefined. */
export async function serve(route: (path: string) => Route | undefined): Promise<FixtureServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const answer = route(path);
    if (typeof answer === 'function') return answer(request, response);
    if (answer === undefined || typeof answer === 'object') {
      response.writeHead(answer?.status ?? 404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The routes of a Price List holding every offer Portside reads for `regions`. */
export function priceListRoutes(offerCodes: readonly string[], regions: readonly string[], overrides: Readonly<Record<string, Route>> = {}): (path: string) => Route | undefined {
  return (path) => {
    if (overrides[path] !== undefined) return overrides[path];
    const index = /^\/offers\/v1\.0\/aws\/([^/]+)\/current\/region_index\.json$/.exec(path);
    if (index && offerCodes.includes(index[1]!)) return JSON.stringify(regionIndex(index[1]!, regions));
    const file = /^\/offers\/v1\.0\/aws\/([^/]+)\/20261120180413\/([^/]+)\/index\.json$/.exec(path);
    if (file && offerCodes.includes(file[1]!) && regions.includes(file[2]!)) return JSON.stringify(offerFile(file[1]!, file[2]!, fixtureProducts(file[1]!, file[2]!, file[2] === 'ap-southeast-4' ? 0.1 : 0)));
    return undefined;
  };
}
