/**
 * The ECS deployment lifecycle hook of web services with `deployment.smokeTest` (one function per
 * environment, in its network stack). ECS invokes it at POST_TEST_TRAFFIC_SHIFT, when the test
 * listener sends all its traffic to the new tasks and production still goes to the old ones; the
 * service's hook configuration passes `hookDetails` (what to test). It answers `hookStatus`
 * SUCCEEDED when the path answers 2xx through every load balancer node, FAILED otherwise, which
 * makes ECS roll the deployment back before any production traffic moves (ECS developer guide,
 * "Lambda hooks for Amazon ECS service deployments").
 *
 * It calls the load balancer's nodes by their private addresses: an internet-facing load
 * balancer's DNS name resolves to public addresses, which a function in the VPC would reach
 * through the NAT gateway, from outside the VPC, where the test listener admits nobody.
 */
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { checkAll, type SmokeResult, type SmokeTarget } from './check';

/** What a service's hook configuration passes (`HookDetails`), written by src/infra/service/traffic-shifting.ts. */
export interface SmokeTestDetails {
  /** `app/<name>/<id>`: the load balancer whose network interfaces carry the test listener. */
  readonly loadBalancer: string;
  readonly protocol: 'http' | 'https';
  readonly port: number;
  readonly path: string;
  readonly hostName?: string;
}

/** The part of ECS's invocation this function reads. */
export interface HookEvent {
  readonly hookDetails?: SmokeTestDetails | string;
  readonly lifecycleStage?: string;
}

export interface HookResponse {
  readonly hookStatus: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';
}

/** Per request, and between retries: the whole check stays far inside the function's 60 s timeout. */
export interface SmokeTiming {
  readonly timeoutMs: number;
  readonly attempts: number;
  readonly pauseMs: number;
}
export const SMOKE_TIMING: SmokeTiming = { timeoutMs: 5_000, attempts: 3, pauseMs: 3_000 };

export type AddressFinder = (loadBalancer: string) => Promise<readonly string[]>;

/** The private addresses of a load balancer's nodes: its network interfaces are described `ELB app/<name>/<id>`. */
export const findAddresses: AddressFinder = async (loadBalancer) => {
  const ec2 = new EC2Client({});
  const found = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [`ELB ${loadBalancer}`] }] }));
  return (found.NetworkInterfaces ?? []).flatMap((networkInterface) => (networkInterface.PrivateIpAddress ? [networkInterface.PrivateIpAddress] : []));
};

function detailsOf(event: HookEvent): SmokeTestDetails | undefined {
  const raw = typeof event.hookDetails === 'string' ? JSON.parse(event.hookDetails) as unknown : event.hookDetails;
  const details = raw as Partial<SmokeTestDetails> | undefined;
  const complete = details && typeof details.loadBalancer === 'string' && typeof details.path === 'string'
    && typeof details.port === 'number' && (details.protocol === 'http' || details.protocol === 'https');
  return complete ? details as SmokeTestDetails : undefined;
}

/** The hook's decision, with the finder and timing injectable for tests. */
export async function smokeTest(event: HookEvent, find: AddressFinder = findAddresses, timing: SmokeTiming = SMOKE_TIMING): Promise<HookResponse & { readonly detail: string }> {
  const details = detailsOf(event);
  if (!details) {
    // A hook that cannot tell must not wave a deployment through.
    return { hookStatus: 'FAILED', detail: 'hookDetails missing or incomplete: expected loadBalancer, protocol, port and path' };
  }
  const addresses = await find(details.loadBalancer);
  const targets: SmokeTarget[] = addresses.map((address) => ({
    protocol: details.protocol, address, port: details.port, path: details.path, timeoutMs: timing.timeoutMs,
    ...(details.hostName ? { hostName: details.hostName } : {}),
  }));
  const result: SmokeResult = await checkAll(targets, timing.attempts, timing.pauseMs);
  return { hookStatus: result.ok ? 'SUCCEEDED' : 'FAILED', detail: result.detail };
}

export async function handler(event: HookEvent): Promise<HookResponse> {
  const { hookStatus, detail } = await smokeTest(event);
  console.log(JSON.stringify({ lifecycleStage: event.lifecycleStage, hookStatus, detail }));
  return { hookStatus };
}
