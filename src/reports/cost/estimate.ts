/**
 * The monthly cost of a set of synthesized stacks, line by line: what each priced resource costs
 * under the stated assumptions, from the price table. Pure: templates, the resolved plan and the
 * assumptions in, lines out. The same rules price the "naive" variant (CDK ecs-patterns defaults)
 * so the two differ exactly where Portside's choices differ.
 */
import { deployTimeFunctions } from './deploy-time-functions';
import { referencesIn, targetOf } from './template-references';
import type { DatabaseEngine, EnvironmentPlan, PortsidePlan, Profile, ServicePlan } from '../../manifest/plan';
import type { CfnResource, SynthesizedStack } from '../assembly-reader';
import type { CostAssumptions } from './assumptions';
import { Confidence, PRICES, PriceKey } from './prices';
import { freeReason, PRICED_TYPES } from './resource-types';
import { runsPerMonth } from '../../manifest/schedule-expressions';
import { SERVICE_DEFAULTS } from '../../manifest/defaults';

export type CostCategory =
  | 'compute' | 'load balancing' | 'network' | 'database' | 'storage' | 'backup' | 'observability' | 'security' | 'delivery';

export const CATEGORY_ORDER: readonly CostCategory[] = [
  'compute', 'load balancing', 'network', 'database', 'storage', 'backup', 'observability', 'security', 'delivery',
];

export interface CostLine {
  readonly category: CostCategory;
  /** What is billed: `Fargate ARM vCPU, on-demand`. */
  readonly item: string;
  /** Which resource: a service, database, volume, or stack. */
  readonly resource: string;
  readonly stackName: string;
  /** Region whose price applies (a backup copy is priced in its DR region). */
  readonly region: string;
  readonly quantity: number;
  /** Unit of the quantity and the unit price: `vCPU-hour`. */
  readonly unit: string;
  readonly unitUsd: number;
  readonly monthlyUsd: number;
  /** Price-table keys; several when the unit price is their product (Spot). */
  readonly priceKeys: readonly PriceKey[];
  /** The weakest confidence of the prices used (see prices.ts). */
  readonly confidence: Confidence;
  /** How the quantity was reached: `2 tasks × 0.5 vCPU × 730 h`. */
  readonly working: string;
}

/** A line that could not be priced: the price table has no figure for it in that region. */
export interface MissingPrice {
  readonly priceKey: string;
  readonly region: string;
  readonly item: string;
  readonly resource: string;
  readonly stackName: string;
}

/** Resource types in the templates that are neither priced nor known to be free. */
export interface UnpricedType {
  readonly type: string;
  readonly count: number;
  readonly stacks: readonly string[];
}

export interface Estimate {
  readonly lines: readonly CostLine[];
  readonly missingPrices: readonly MissingPrice[];
  readonly unpricedTypes: readonly UnpricedType[];
  /** Facts a reader should know about lines that came out at zero or were simplified. */
  readonly notes: readonly string[];
}

/**
 * `portside`: what the templates say. `naive`: the same services the way CDK's ecs-patterns
 * defaults build them: x86 only, no Spot, one NAT gateway (and its public IPv4) per AZ, no VPC
 * endpoints at all, so image pulls and logs go through NAT. Databases and everything else: as is.
 */
export type EstimateMode = 'portside' | 'naive';

export interface EstimateInput {
  readonly stacks: readonly SynthesizedStack[];
  readonly plan: PortsidePlan;
  /** The environment the stacks belong to; absent for stacks shared by environments. */
  readonly environment?: EnvironmentPlan;
  readonly assumptions: CostAssumptions;
  readonly mode: EstimateMode;
}

const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { V: 0, S: 1, U: 2 };

function weakest(...levels: Confidence[]): Confidence {
  return levels.reduce((worst, level) => (CONFIDENCE_RANK[level] > CONFIDENCE_RANK[worst] ? level : worst), 'V' as Confidence);
}

/** Numbers in workings: at most 4 decimals, no trailing zeros. */
export function num(value: number): string {
  return Number(value.toFixed(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

interface Charge {
  readonly category: CostCategory;
  readonly item: string;
  readonly resource: string;
  readonly stack: SynthesizedStack;
  /** Defaults to the stack's region. */
  readonly region?: string;
  readonly keys: PriceKey | readonly PriceKey[];
  readonly quantity: number;
  readonly working: string;
  /** Lowers the confidence below the prices' own (an assumption the price does not cover). */
  readonly confidence?: Confidence;
}

class Ledger {
  readonly lines: CostLine[] = [];
  readonly missing: MissingPrice[] = [];
  readonly notes: string[] = [];

  charge(charge: Charge): void {
    const region = charge.region ?? charge.stack.region;
    const keys = typeof charge.keys === 'string' ? [charge.keys] : charge.keys;
    const prices = keys.map((key) => PRICES[region]?.[key]);
    if (charge.quantity <= 0) return;
    const missingKey = keys.find((_, index) => prices[index] === undefined);
    if (missingKey !== undefined) {
      this.missing.push({ priceKey: missingKey, region, item: charge.item, resource: charge.resource, stackName: charge.stack.stackName });
      return;
    }
    const found = prices.map((price) => price!);
    const unitUsd = found.reduce((product, price) => product * price.usd, 1);
    this.lines.push({
      category: charge.category,
      item: charge.item,
      resource: charge.resource,
      stackName: charge.stack.stackName,
      region,
      quantity: charge.quantity,
      unit: found[0]!.unit,
      unitUsd,
      monthlyUsd: charge.quantity * unitUsd,
      priceKeys: keys,
      confidence: weakest(...found.map((price) => price.confidence), charge.confidence ?? 'V'),
      working: charge.working,
    });
  }

  /** A dimension the price table cannot price at all (no key exists for it). */
  unpriceable(priceKey: string, item: string, resource: string, stack: SynthesizedStack): void {
    this.missing.push({ priceKey, region: stack.region, item, resource, stackName: stack.stackName });
  }
}

// ---------------------------------------------------------------------------------------------
// Template reading
// ---------------------------------------------------------------------------------------------

type Props = Record<string, unknown>;

interface Res {
  readonly id: string;
  readonly type: string;
  readonly props: Props;
  readonly stack: SynthesizedStack;
}

function resourcesOf(stack: SynthesizedStack): Res[] {
  return Object.entries(stack.template.Resources).map(([id, resource]: [string, CfnResource]) => ({
    id, type: resource.Type, props: (resource.Properties ?? {}) as Props, stack,
  }));
}

/** A template string with its `Fn::Join` parts joined and references shown as `{}`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: unknown } | undefined)?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(flatten).join(String(join[0]));
  return '{}';
}

/** A count once the image is set: `Fn::If [HasImage, n, 0]` → n. */
function countOnceImageSet(value: unknown): number {
  if (typeof value === 'number') return value;
  const branches = (value as { 'Fn::If'?: unknown[] } | undefined)?.['Fn::If'];
  if (!Array.isArray(branches)) return 0;
  return typeof branches[1] === 'number' ? branches[1] : countOnceImageSet(branches[1]);
}

function tagValue(props: Props, key: string): string | undefined {
  const tags = props.Tags;
  if (!Array.isArray(tags)) return undefined;
  const tag = tags.find((t) => (t as { Key?: unknown }).Key === key) as { Value?: unknown } | undefined;
  return typeof tag?.Value === 'string' ? tag.Value : undefined;
}

/** `StorageBuildLogs003C2AEF` → `StorageBuildLogs`. */
function shortId(id: string): string {
  return id.replace(/[0-9A-F]{8}$/, '');
}

function stackLabel(stack: SynthesizedStack, project: string): string {
  return stack.stackName.startsWith(`${project}-`) ? stack.stackName.slice(project.length + 1) : stack.stackName;
}

// ---------------------------------------------------------------------------------------------
// Fargate
// ---------------------------------------------------------------------------------------------

export interface StrategyItem { readonly provider: string; readonly base: number; readonly weight: number }

function strategyOf(props: Props): StrategyItem[] {
  const strategy = props.CapacityProviderStrategy;
  if (!Array.isArray(strategy) || strategy.length === 0) return [{ provider: 'FARGATE', base: 0, weight: 1 }];
  return strategy.map((item) => {
    const s = item as { CapacityProvider?: unknown; Base?: unknown; Weight?: unknown };
    return { provider: String(s.CapacityProvider), base: Number(s.Base ?? 0), weight: Number(s.Weight ?? 0) };
  });
}

/**
 * How ECS spreads `tasks` over a capacity provider strategy: each provider's `base` first, the
 * rest in proportion to the weights (expected values, so a fraction of a task is possible).
 */
export function splitTasks(tasks: number, strategy: readonly StrategyItem[]): { onDemand: number; spot: number } {
  let remaining = tasks;
  const placed = new Map<string, number>();
  for (const item of strategy) {
    const base = Math.min(remaining, item.base);
    placed.set(item.provider, (placed.get(item.provider) ?? 0) + base);
    remaining -= base;
  }
  const totalWeight = strategy.reduce((sum, item) => sum + item.weight, 0);
  for (const item of strategy) {
    const share = totalWeight > 0 ? (remaining * item.weight) / totalWeight : 0;
    placed.set(item.provider, (placed.get(item.provider) ?? 0) + share);
  }
  const spot = placed.get('FARGATE_SPOT') ?? 0;
  return { onDemand: tasks - spot, spot };
}

export interface TaskShape { readonly vcpu: number; readonly gb: number; readonly arch: 'arm' | 'x86'; readonly ephemeralGb: number }

function taskShape(task: Props | undefined): TaskShape {
  const platform = (task?.RuntimePlatform ?? {}) as { CpuArchitecture?: unknown };
  const ephemeral = (task?.EphemeralStorage ?? {}) as { SizeInGiB?: unknown };
  return {
    vcpu: Number(task?.Cpu ?? 256) / 1024,
    gb: Number(task?.Memory ?? 512) / 1024,
    arch: platform.CpuArchitecture === 'ARM64' ? 'arm' : 'x86',
    ephemeralGb: Number(ephemeral.SizeInGiB ?? 20),
  };
}

/** A container beside the service's own (`App`) and its reserved share of the task. */
interface SidecarShare { readonly name: string; readonly vcpu: number; readonly gb: number }

function sidecarShares(task: Props | undefined): SidecarShare[] {
  const containers = (Array.isArray(task?.ContainerDefinitions) ? task.ContainerDefinitions : []) as Props[];
  return containers.filter((container) => container.Name !== 'App').map((container) => ({
    name: String(container.Name),
    vcpu: Number(container.Cpu ?? 0) / 1024,
    gb: Number(container.Memory ?? 0) / 1024,
  }));
}

interface PricedService {
  readonly name: string;
  /** Sidecars' shares of the task, priced on lines of their own (the service's line has the rest). */
  readonly sidecars: readonly SidecarShare[];
  readonly plan: ServicePlan | undefined;
  readonly tasks: number;
  readonly maxTasks: number;
  readonly shape: TaskShape;
  readonly strategy: StrategyItem[];
  readonly stack: SynthesizedStack;
}

/** Fargate cost of `tasks` running all month, without a ledger (for "at maxCount"). */
export function fargateMonthlyUsd(region: string, service: { tasks: number; shape: TaskShape; strategy: readonly StrategyItem[] }, hours: number): number | undefined {
  const prices = PRICES[region];
  const arch = service.shape.arch;
  const vcpu = prices?.[`fargate.${arch}.vcpuHour`]?.usd;
  const gb = prices?.[`fargate.${arch}.gbHour`]?.usd;
  const spotShare = prices?.['fargate.spotShareOfOnDemand']?.usd;
  if (vcpu === undefined || gb === undefined) return undefined;
  const { onDemand, spot } = splitTasks(service.tasks, service.strategy);
  if (spot > 0 && spotShare === undefined) return undefined;
  const perTask = (service.shape.vcpu * vcpu + service.shape.gb * gb) * hours;
  return onDemand * perTask + spot * perTask * (spotShare ?? 0);
}

// ---------------------------------------------------------------------------------------------
// The estimate
// ---------------------------------------------------------------------------------------------

const ARCH_LABEL = { arm: 'ARM', x86: 'x86' } as const;

/** Days between recovery points of an AWS Backup cron schedule: daily 1, weekly 7, monthly 30. */
export function scheduleIntervalDays(expression: string): number {
  const fields = /cron\(([^)]*)\)/.exec(expression)?.[1]?.trim().split(/\s+/) ?? [];
  const [, , dayOfMonth = '*', , dayOfWeek = '?'] = fields;
  if (/^\d+$/.test(dayOfMonth)) return 30;
  if (dayOfWeek !== '*' && dayOfWeek !== '?') return 7;
  return 1;
}

function sum<T>(items: readonly T[], key: { [K in keyof T]: T[K] extends number ? K : never }[keyof T]): number {
  return items.reduce((total, item) => total + (item[key] as number), 0);
}

/** Months a log event stays stored, in 730-hour months. */
function monthsRetained(retentionDays: number | undefined): number {
  return ((retentionDays ?? 365) * 24) / 730;
}

export function estimate(input: EstimateInput): Estimate {
  const { plan, environment, assumptions: a, mode } = input;
  const ledger = new Ledger();
  const hours = a.hoursPerMonth;
  const profile: Profile = environment?.profile ?? 'resilient';
  const all = input.stacks.flatMap(resourcesOf);
  const repeated = new Set(input.stacks.map((s) => s.stackName).filter((name, i, names) => names.indexOf(name) !== i));
  /** `prod-network`; a stack deployed to several accounts (foundation) also names its account. */
  const label = (stack: SynthesizedStack) => stackLabel(stack, plan.project) + (repeated.has(stack.stackName) ? ` ${stack.account}` : '');

  // ---- services (every stack): tasks from the resolved plan, shape from the task definition ----
  const services: PricedService[] = all.filter((r) => r.type === 'AWS::ECS::Service').map((service) => {
    const taskId = targetOf(service.props.TaskDefinition);
    const task = taskId ? service.stack.template.Resources[taskId]?.Properties : undefined;
    const name = tagValue(service.props, 'service') ?? label(service.stack);
    const servicePlan = environment?.services.find((s) => s.name === name);
    const templateCount = countOnceImageSet(service.props.DesiredCount);
    return {
      name,
      plan: servicePlan,
      tasks: servicePlan?.desiredCount ?? templateCount,
      maxTasks: servicePlan?.maxCount ?? templateCount,
      shape: taskShape(task as Props | undefined),
      sidecars: sidecarShares(task as Props | undefined),
      strategy: strategyOf(service.props),
      stack: service.stack,
    };
  });
  const serviceOfStack = (stack: SynthesizedStack) => services.find((s) => s.stack === stack);
  const totalTasks = services.reduce((sum, s) => sum + s.tasks, 0);
  const requests = a.requestsPerServiceMonth[profile];

  for (const service of services) {
    const arch = mode === 'naive' ? 'x86' : service.shape.arch;
    const strategy = mode === 'naive' ? [{ provider: 'FARGATE', base: 0, weight: 1 }] : service.strategy;
    const { onDemand, spot } = splitTasks(service.tasks, strategy);
    const split = spot > 0 ? ` (${num(onDemand)} on-demand, ${num(spot)} Spot of ${service.tasks})` : '';
    for (const [kind, count] of [['on-demand', onDemand], ['Spot', spot]] as const) {
      if (count <= 0) continue;
      const spotKeys: PriceKey[] = kind === 'Spot' ? ['fargate.spotShareOfOnDemand'] : [];
      const tasksText = `${num(count)} task${count === 1 ? '' : 's'}${split ? ` ${kind}` : ''}`;
      // The task is billed whole; each sidecar's reserved share gets its own line, the service's container the rest.
      const shares = [
        { suffix: '', vcpu: service.shape.vcpu - sum(service.sidecars, 'vcpu'), gb: service.shape.gb - sum(service.sidecars, 'gb') },
        ...service.sidecars.map((sidecar) => ({ suffix: ` (sidecar ${sidecar.name})`, vcpu: sidecar.vcpu, gb: sidecar.gb })),
      ];
      for (const share of shares) {
        ledger.charge({
          category: 'compute', item: `Fargate ${ARCH_LABEL[arch]} vCPU, ${kind}${share.suffix}`, resource: service.name, stack: service.stack,
          keys: [`fargate.${arch}.vcpuHour`, ...spotKeys], quantity: count * share.vcpu * hours,
          working: `${tasksText} × ${num(share.vcpu)} vCPU × ${hours} h${kind === 'Spot' ? ' at the Spot share of on-demand' : ''}`,
          confidence: kind === 'Spot' && arch === 'arm' ? 'U' : 'V',
        });
        ledger.charge({
          category: 'compute', item: `Fargate ${ARCH_LABEL[arch]} memory, ${kind}${share.suffix}`, resource: service.name, stack: service.stack,
          keys: [`fargate.${arch}.gbHour`, ...spotKeys], quantity: count * share.gb * hours,
          working: `${tasksText} × ${num(share.gb)} GB × ${hours} h${kind === 'Spot' ? ' at the Spot share of on-demand' : ''}`,
          confidence: kind === 'Spot' && arch === 'arm' ? 'U' : 'V',
        });
      }
    }
    if (service.shape.ephemeralGb > 20) {
      ledger.charge({
        category: 'compute', item: 'Fargate ephemeral storage above 20 GB', resource: service.name, stack: service.stack,
        keys: 'fargate.ephemeralGbHour', quantity: service.tasks * (service.shape.ephemeralGb - 20) * hours,
        working: `${service.tasks} tasks × ${num(service.shape.ephemeralGb - 20)} GB × ${hours} h`,
      });
    }
  }

  // ---- jobs: one task per run, each run priced at its timeout (the most it can cost) ----
  for (const schedule of all.filter((r) => r.type === 'AWS::Scheduler::Schedule')) {
    const name = label(schedule.stack).replace(/^.*-service-/, '');
    const job = environment?.services.find((s) => s.name === name)?.workload;
    const expression = String(schedule.props.ScheduleExpression);
    const runs = runsPerMonth(expression);
    const minutes = job?.kind === 'job' ? job.timeoutMinutes : SERVICE_DEFAULTS.timeoutMinutes;
    const attempts = job?.kind === 'job' ? 1 + job.retries : 1;
    const task = all.find((r) => r.type === 'AWS::ECS::TaskDefinition' && r.stack === schedule.stack);
    const shape = taskShape(task?.props);
    const arch = mode === 'naive' ? 'x86' : shape.arch;
    const taskHours = (runs * minutes) / 60;
    const working = `${num(runs)} runs (${expression}) × ${minutes} min, its timeout`;
    ledger.charge({ category: 'compute', item: `Fargate ${ARCH_LABEL[arch]} vCPU, job runs`, resource: name, stack: schedule.stack, keys: `fargate.${arch}.vcpuHour`, quantity: taskHours * shape.vcpu, working: `${working} × ${num(shape.vcpu)} vCPU` });
    ledger.charge({ category: 'compute', item: `Fargate ${ARCH_LABEL[arch]} memory, job runs`, resource: name, stack: schedule.stack, keys: `fargate.${arch}.gbHour`, quantity: taskHours * shape.gb, working: `${working} × ${num(shape.gb)} GB` });
    ledger.charge({ category: 'compute', item: 'EventBridge Scheduler invocations', resource: name, stack: schedule.stack, keys: 'scheduler.millionInvocations', quantity: runs / 1e6, working: `${num(runs)} invocations` });
    // A run: start, the task state (per attempt), the end: a handful of transitions.
    const transitions = runs * (2 + 2 * attempts);
    ledger.charge({ category: 'compute', item: 'Step Functions state transitions', resource: name, stack: schedule.stack, keys: 'sfn.thousandTransitions', quantity: transitions / 1000, working: `${num(runs)} runs × up to ${2 + 2 * attempts} transitions (${attempts} attempt${attempts === 1 ? '' : 's'})` });
  }

  // ---- load balancers and WAF ----
  for (const lb of all.filter((r) => r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const owner = serviceOfStack(lb.stack)?.name ?? label(lb.stack);
    if (lb.props.Type !== undefined && lb.props.Type !== 'application') {
      ledger.unpriceable(`elb.${String(lb.props.Type)}`, `${String(lb.props.Type)} load balancer`, owner, lb.stack);
      continue;
    }
    ledger.charge({ category: 'load balancing', item: 'ALB hours', resource: owner, stack: lb.stack, keys: 'alb.hour', quantity: hours, working: `1 load balancer × ${hours} h` });
    const perSecond = requests / (hours * 3600);
    const gbPerHour = (requests * a.responseKb) / 1e6 / hours;
    const lcu = Math.max(perSecond / 25, gbPerHour);
    ledger.charge({
      category: 'load balancing', item: 'ALB LCU-hours', resource: owner, stack: lb.stack, keys: 'alb.lcuHour', quantity: lcu * hours,
      working: `max(${num(perSecond)} new connections/s ÷ 25, ${num(gbPerHour)} GB/h ÷ 1) = ${num(lcu)} LCU × ${hours} h (${num(requests / 1e6)}M requests × ${a.responseKb} KB)`,
    });
    if (lb.props.Scheme !== 'internal') {
      const azs = Array.isArray(lb.props.Subnets) ? lb.props.Subnets.length : Array.isArray(lb.props.SubnetMappings) ? lb.props.SubnetMappings.length : 0;
      ledger.charge({
        category: 'load balancing', item: 'public IPv4 (internet-facing ALB)', resource: owner, stack: lb.stack, keys: 'ipv4.hour', quantity: azs * hours,
        working: `${azs} addresses (one per AZ) × ${hours} h`, confidence: 'S',
      });
    }
  }
  for (const acl of all.filter((r) => r.type === 'AWS::WAFv2::WebACL')) {
    const owner = serviceOfStack(acl.stack)?.name ?? label(acl.stack);
    const rules = Array.isArray(acl.props.Rules) ? (acl.props.Rules as Props[]) : [];
    const associated = all.some((r) => r.type === 'AWS::WAFv2::WebACLAssociation' && r.stack === acl.stack && targetOf(r.props.WebACLArn) === acl.id);
    ledger.charge({ category: 'security', item: 'WAF web ACL', resource: owner, stack: acl.stack, keys: 'waf.webAclMonth', quantity: 1, working: '1 web ACL' });
    ledger.charge({
      category: 'security', item: 'WAF rules', resource: owner, stack: acl.stack, keys: 'waf.ruleMonth', quantity: rules.length,
      working: rules.map((rule) => String(rule.Name)).join(', '),
    });
    for (const rule of rules) {
      const group = ((rule.Statement as Props | undefined)?.ManagedRuleGroupStatement as Props | undefined)?.Name;
      if (typeof group === 'string' && /BotControl|ATP|ACFP|AntiDDoS/.test(group)) {
        ledger.unpriceable(`waf.managedRuleGroup.${group}`, `WAF managed rule group ${group} (subscription and request fees)`, owner, acl.stack);
      }
    }
    if (associated) {
      ledger.charge({
        category: 'security', item: 'WAF requests', resource: owner, stack: acl.stack, keys: 'waf.millionRequests', quantity: requests / 1e6,
        working: `${num(requests / 1e6)}M requests to the associated load balancer`,
      });
    }
  }

  // ---- network: NAT gateways, public IPv4, VPC endpoints, data processed ----
  const natGateways = all.filter((r) => r.type === 'AWS::EC2::NatGateway');
  const endpoints = all.filter((r) => r.type === 'AWS::EC2::VPCEndpoint');
  const endpointService = (endpoint: Res) => {
    const name = flatten(endpoint.props.ServiceName);
    return /^com\.amazonaws\.[^.]+\.(.+)$/.exec(name)?.[1] ?? name;
  };
  const networkStack = natGateways[0]?.stack ?? endpoints[0]?.stack ?? all.find((r) => r.type === 'AWS::EC2::VPC')?.stack;
  const azCount = environment?.network.availabilityZones.length ?? natGateways.length;
  if (mode === 'naive' && networkStack) {
    ledger.charge({ category: 'network', item: 'NAT gateway hours', resource: 'network', stack: networkStack, keys: 'nat.hour', quantity: azCount * hours, working: `${azCount} NAT gateways (one per AZ) × ${hours} h` });
    ledger.charge({ category: 'network', item: 'public IPv4 (NAT gateways)', resource: 'network', stack: networkStack, keys: 'ipv4.hour', quantity: azCount * hours, working: `${azCount} Elastic IPs × ${hours} h` });
  } else {
    if (natGateways.length > 0) {
      ledger.charge({ category: 'network', item: 'NAT gateway hours', resource: 'network', stack: natGateways[0]!.stack, keys: 'nat.hour', quantity: natGateways.length * hours, working: `${natGateways.length} NAT gateway${natGateways.length === 1 ? '' : 's'} × ${hours} h` });
    }
    const eips = all.filter((r) => r.type === 'AWS::EC2::EIP');
    if (eips.length > 0) {
      ledger.charge({ category: 'network', item: 'public IPv4 (Elastic IPs)', resource: 'network', stack: eips[0]!.stack, keys: 'ipv4.hour', quantity: eips.length * hours, working: `${eips.length} Elastic IP${eips.length === 1 ? '' : 's'} × ${hours} h` });
    }
    for (const endpoint of endpoints) {
      if (endpoint.props.VpcEndpointType !== 'Interface') continue;
      const azs = Array.isArray(endpoint.props.SubnetIds) ? endpoint.props.SubnetIds.length : 1;
      ledger.charge({
        category: 'network', item: `interface endpoint ${endpointService(endpoint)}`, resource: 'network', stack: endpoint.stack,
        keys: 'vpce.interfaceAzHour', quantity: azs * hours, working: `${azs} AZs × ${hours} h`,
      });
    }
  }
  if (networkStack && totalTasks > 0) {
    const endpointServices = new Set(mode === 'naive' ? [] : endpoints.map(endpointService));
    const logsGb = totalTasks * a.logGbPerTaskMonth;
    const pullsGb = totalTasks * a.deploysPerMonth[profile] * a.imageGb;
    const egressGb = totalTasks * a.egressGbPerTaskMonth;
    const viaEndpoints: string[] = [];
    const viaNat: string[] = [`egress ${num(egressGb)} GB`];
    let natGb = egressGb;
    let endpointGb = 0;
    if (endpointServices.has('logs')) { endpointGb += logsGb; viaEndpoints.push(`logs ${num(logsGb)} GB`); } else { natGb += logsGb; viaNat.push(`logs ${num(logsGb)} GB`); }
    if (!endpointServices.has('s3')) { natGb += pullsGb; viaNat.push(`image pulls ${num(pullsGb)} GB`); }
    const tasksText = `${totalTasks} tasks: `;
    if (mode === 'naive' || natGateways.length > 0) {
      ledger.charge({ category: 'network', item: 'NAT data processed', resource: 'network', stack: networkStack, keys: 'nat.gb', quantity: natGb, working: tasksText + viaNat.join(' + ') });
    }
    if (endpointGb > 0) {
      ledger.charge({ category: 'network', item: 'interface endpoint data processed', resource: 'network', stack: networkStack, keys: 'vpce.gb', quantity: endpointGb, working: tasksText + viaEndpoints.join(' + ') });
    }
    if (mode === 'portside' && endpointServices.has('s3')) {
      ledger.notes.push(`image layers (${num(pullsGb)} GB a month) come from S3 through the free S3 gateway endpoint, not NAT`);
    }
  }

  // ---- Container Insights ----
  for (const cluster of all.filter((r) => r.type === 'AWS::ECS::Cluster')) {
    const settings = Array.isArray(cluster.props.ClusterSettings) ? (cluster.props.ClusterSettings as Props[]) : [];
    const insights = settings.find((s) => s.Name === 'containerInsights')?.Value;
    if (insights === 'enhanced') {
      ledger.unpriceable('cloudwatch.containerInsightsEnhanced', 'Container Insights with enhanced observability', label(cluster.stack), cluster.stack);
    } else if (insights === 'enabled') {
      const ci = a.containerInsights;
      const metrics = ci.metricsPerCluster + services.length * (ci.metricsPerService + ci.metricsPerTaskFamily);
      ledger.charge({
        category: 'observability', item: 'Container Insights metrics', resource: 'cluster', stack: cluster.stack, keys: 'cloudwatch.metricMonth', quantity: metrics,
        working: `${ci.metricsPerCluster} + ${services.length} services × (${ci.metricsPerService} + ${ci.metricsPerTaskFamily}) metrics`, confidence: 'U',
      });
      ledger.charge({
        category: 'observability', item: 'Container Insights performance logs', resource: 'cluster', stack: cluster.stack, keys: 'cloudwatch.logIngestGb',
        quantity: totalTasks * ci.logGbPerTaskMonth, working: `${totalTasks} tasks × ${ci.logGbPerTaskMonth} GB`, confidence: 'U',
      });
    }
  }

  // ---- Aurora ----
  const clusterName = (cluster: Res | undefined) => {
    const identifier = cluster?.props.DBClusterIdentifier;
    const prefix = `${plan.project}-${environment?.name ?? ''}-`;
    return typeof identifier === 'string' ? identifier.replace(prefix, '') : cluster ? shortId(cluster.id) : 'database';
  };
  const byId = (stack: SynthesizedStack, id: string | undefined) => all.find((r) => r.stack === stack && r.id === id);
  for (const instance of all.filter((r) => r.type === 'AWS::RDS::DBInstance')) {
    const cluster = byId(instance.stack, targetOf(instance.props.DBClusterIdentifier));
    const engine = String(instance.props.Engine ?? cluster?.props.Engine ?? '');
    const instanceClass = String(instance.props.DBInstanceClass);
    const role = /Writer/.test(instance.id) ? 'writer' : /Reader/.test(instance.id) ? 'reader' : 'instance';
    const name = `${clusterName(cluster)} ${role}`;
    if (!engine.startsWith('aurora')) {
      ledger.unpriceable(`rds.instance.${instanceClass}`, `RDS ${engine} ${instanceClass} instance`, name, instance.stack);
      continue;
    }
    ledger.charge({
      category: 'database', item: `Aurora ${instanceClass}`, resource: name, stack: instance.stack,
      keys: `aurora.instance.${instanceClass}`, quantity: hours, working: `1 instance × ${hours} h`,
    });
  }
  for (const cluster of all.filter((r) => r.type === 'AWS::RDS::DBCluster')) {
    const name = clusterName(cluster);
    const engine = String(cluster.props.Engine ?? '') as DatabaseEngine;
    if (!engine.startsWith('aurora')) continue;
    const size = a.databaseStorageGb[profile];
    if (cluster.props.StorageType === 'aurora-iopt1') {
      ledger.unpriceable('aurora.ioOptimized', 'Aurora I/O-Optimized storage and instance premium', name, cluster.stack);
    } else {
      ledger.charge({ category: 'database', item: 'Aurora storage', resource: name, stack: cluster.stack, keys: 'aurora.storageGbMonth', quantity: size, working: `${size} GB` });
      const io = a.databaseIoMillionsPerMonth[profile];
      ledger.charge({ category: 'database', item: 'Aurora I/O', resource: name, stack: cluster.stack, keys: 'aurora.ioMillion', quantity: io, working: `${io}M requests` });
    }
    const retention = Number(cluster.props.BackupRetentionPeriod ?? 1);
    ledger.charge({
      category: 'backup', item: 'Aurora backups beyond the free volume-size', resource: name, stack: cluster.stack, keys: 'aurora.backupGbMonth',
      quantity: size * a.backupDailyChangeRate * retention, working: `${size} GB × ${num(a.backupDailyChangeRate * 100)}% a day × ${retention} days retained`,
    });
    if (cluster.props.ManageMasterUserPassword === true) {
      ledger.charge({ category: 'security', item: 'Secrets Manager secret (master user)', resource: name, stack: cluster.stack, keys: 'secrets.secretMonth', quantity: 1, working: '1 RDS-managed secret' });
    }
  }

  // ---- EFS ----
  for (const fs of all.filter((r) => r.type === 'AWS::EFS::FileSystem')) {
    const name = tagValue({ Tags: fs.props.FileSystemTags }, 'Name')?.replace(/^.*FileSystem-([^/]+).*$/, '$1') ?? shortId(fs.id);
    const size = a.fileSystemStorageGb[profile];
    const policies = Array.isArray(fs.props.LifecyclePolicies) ? (fs.props.LifecyclePolicies as Props[]) : [];
    const toIa = policies.some((policy) => policy.TransitionToIA !== undefined);
    const iaShare = toIa ? a.fileSystemIaShare : 0;
    ledger.charge({ category: 'storage', item: 'EFS Standard', resource: name, stack: fs.stack, keys: 'efs.standardGbMonth', quantity: size * (1 - iaShare), working: `${size} GB × ${num((1 - iaShare) * 100)}%` });
    if (toIa) {
      ledger.charge({ category: 'storage', item: 'EFS Infrequent Access', resource: name, stack: fs.stack, keys: 'efs.iaGbMonth', quantity: size * iaShare, working: `${size} GB × ${num(iaShare * 100)}%` });
    }
    if (fs.props.ThroughputMode === 'elastic') {
      ledger.charge({ category: 'storage', item: 'EFS Elastic Throughput reads', resource: name, stack: fs.stack, keys: 'efs.elasticReadGb', quantity: a.fileSystemReadGbPerMonth[profile], working: `${a.fileSystemReadGbPerMonth[profile]} GB read` });
      ledger.charge({ category: 'storage', item: 'EFS Elastic Throughput writes', resource: name, stack: fs.stack, keys: 'efs.elasticWriteGb', quantity: a.fileSystemWriteGbPerMonth[profile], working: `${a.fileSystemWriteGbPerMonth[profile]} GB written` });
    } else if (fs.props.ThroughputMode === 'provisioned') {
      ledger.unpriceable('efs.provisionedThroughput', 'EFS provisioned throughput', name, fs.stack);
    }
  }

  // ---- AWS Backup plans: recovery points, their copies in the DR region, and the transfer ----
  for (const backupPlan of all.filter((r) => r.type === 'AWS::Backup::BackupPlan')) {
    const selections = all.filter((r) => r.type === 'AWS::Backup::BackupSelection' && r.stack === backupPlan.stack && targetOf(r.props.BackupPlanId) === backupPlan.id);
    const selected = selections.flatMap((selection) => [...referencesIn((selection.props.BackupSelection as Props).Resources)])
      .map((id) => byId(backupPlan.stack, id)).filter((r): r is Res => r !== undefined);
    const kinds = [
      { kind: 'Aurora', key: 'aurora.backupGbMonth' as PriceKey, size: a.databaseStorageGb[profile], count: selected.filter((r) => r.type === 'AWS::RDS::DBCluster').length },
      { kind: 'EFS', key: 'backup.efsWarmGbMonth' as PriceKey, size: a.fileSystemStorageGb[profile], count: selected.filter((r) => r.type === 'AWS::EFS::FileSystem').length },
    ].filter((k) => k.count > 0);
    const rules = (((backupPlan.props.BackupPlan as Props | undefined)?.BackupPlanRule ?? []) as Props[]).map((rule) => {
      const interval = scheduleIntervalDays(String(rule.ScheduleExpression ?? 'cron(0 5 * * ? *)'));
      const retention = Number((rule.Lifecycle as Props | undefined)?.DeleteAfterDays ?? 365);
      const points = Math.max(1, Math.ceil(retention / interval));
      // share of the data changed at least once between two points, each day changing a random d of it
      const change = 1 - (1 - a.backupDailyChangeRate) ** interval;
      const copyRegions = ((rule.CopyActions ?? []) as Props[]).map((copy) => /^arn:aws[^:]*:backup:([^:]+):/.exec(String(copy.DestinationBackupVaultArn))?.[1]).filter((r): r is string => r !== undefined);
      return { name: String(rule.RuleName), interval, retention, points, change, copyRegions };
    });
    const storedPerGb = rules.reduce((sum, rule) => sum + 1 + rule.change * (rule.points - 1), 0);
    const rulesText = rules.map((rule) => `${rule.name} ×${rule.points}`).join(', ');
    for (const kind of kinds) {
      const gb = kind.count * kind.size * storedPerGb;
      const working = `${kind.count} × ${kind.size} GB × ${num(storedPerGb)} (one full copy + changes between points, per rule: ${rulesText})`;
      ledger.charge({ category: 'backup', item: `AWS Backup recovery points, ${kind.kind}`, resource: 'backup plan', stack: backupPlan.stack, keys: kind.key, quantity: gb, working });
      for (const region of [...new Set(rules.flatMap((rule) => rule.copyRegions))]) {
        const copied = rules.filter((rule) => rule.copyRegions.includes(region)).reduce((sum, rule) => sum + 1 + rule.change * (rule.points - 1), 0);
        ledger.charge({
          category: 'backup', item: `AWS Backup copies in ${region}, ${kind.kind}`, resource: 'DR vault', stack: backupPlan.stack, region, keys: kind.key,
          quantity: kind.count * kind.size * copied, working: `${kind.count} × ${kind.size} GB × ${num(copied)}, as in the environment's vault`,
        });
      }
    }
    const transferGb = kinds.reduce((sum, kind) => sum + rules.filter((rule) => rule.copyRegions.length > 0)
      .reduce((s, rule) => s + rule.copyRegions.length * (hours / 24 / rule.interval) * kind.count * kind.size * rule.change, 0), 0);
    if (transferGb > 0) {
      ledger.charge({
        category: 'backup', item: `copy transfer to ${[...new Set(rules.flatMap((rule) => rule.copyRegions))].join(', ')}`, resource: 'backup plan', stack: backupPlan.stack,
        keys: 'transfer.interRegionGb', quantity: transferGb, working: 'each new recovery point copies its changes (the first full copy is not counted)',
      });
    }
  }

  // ---- CloudWatch Logs ----
  const taskLogGroups = new Map<string, PricedService>();
  for (const task of all.filter((r) => r.type === 'AWS::ECS::TaskDefinition')) {
    const service = services.find((s) => s.stack === task.stack);
    for (const container of (Array.isArray(task.props.ContainerDefinitions) ? task.props.ContainerDefinitions : []) as Props[]) {
      const group = targetOf(((container.LogConfiguration as Props | undefined)?.Options as Props | undefined)?.['awslogs-group']);
      if (group && service) taskLogGroups.set(`${task.stack.stackName}/${group}`, service);
    }
  }
  const referencedBy = (type: string, stack: SynthesizedStack, id: string, pick: (props: Props) => unknown) =>
    all.some((r) => r.type === type && r.stack === stack && referencesIn(pick(r.props)).has(id));
  for (const group of all.filter((r) => r.type === 'AWS::Logs::LogGroup')) {
    const name = typeof group.props.LogGroupName === 'string' ? group.props.LogGroupName : '';
    const service = taskLogGroups.get(`${group.stack.stackName}/${group.id}`);
    let what: string;
    let gb: number;
    let working: string;
    if (service) {
      what = 'application logs'; gb = service.tasks * a.logGbPerTaskMonth; working = `${service.tasks} tasks × ${a.logGbPerTaskMonth} GB`;
    } else if (referencedBy('AWS::EC2::FlowLog', group.stack, group.id, (p) => [p.LogGroupName, p.LogDestination])) {
      what = 'VPC flow logs'; gb = a.flowLogGbPerMonth[profile]; working = `${gb} GB`;
    } else if (name.startsWith('aws-waf-logs-')) {
      what = 'WAF logs'; gb = (requests * a.wafLogKbPerRequest) / 1e6; working = `${num(requests / 1e6)}M requests × ${a.wafLogKbPerRequest} KB`;
    } else if (name.startsWith('/aws/rds/')) {
      what = `database log ${name.split('/').pop()}`; gb = a.databaseLogGbPerLogGroupMonth; working = `${gb} GB`;
    } else if (referencedBy('AWS::CloudTrail::Trail', group.stack, group.id, (p) => p.CloudWatchLogsLogGroupArn)) {
      what = 'CloudTrail events'; gb = a.trailLogGbPerMonth; working = `${gb} GB`;
    } else if (referencedBy('AWS::CodeBuild::Project', group.stack, group.id, (p) => p.LogsConfig)) {
      what = 'build logs'; gb = a.buildLogGbPerMonth; working = `${gb} GB`;
    } else {
      what = 'logs'; gb = a.otherLogGbPerMonth; working = `${gb} GB (no known writer)`;
    }
    const resource = service?.name ?? (name.startsWith('/aws/rds/cluster/') ? name.split('/')[4]!.replace(`${plan.project}-${environment?.name ?? ''}-`, '') : label(group.stack));
    const retention = typeof group.props.RetentionInDays === 'number' ? group.props.RetentionInDays : undefined;
    const months = monthsRetained(retention);
    ledger.charge({ category: 'observability', item: `log ingestion, ${what}`, resource, stack: group.stack, keys: 'cloudwatch.logIngestGb', quantity: gb, working });
    ledger.charge({
      category: 'observability', item: `log storage, ${what}`, resource, stack: group.stack, keys: 'cloudwatch.logStorageGbMonth', quantity: gb * months,
      working: `${num(gb)} GB/month × ${retention === undefined ? 'never expires: 1 year assumed' : `${retention} days`} (${num(months)} months)`,
    });
  }

  // ---- metrics, alarms, dashboards (aggregated per stack) ----
  for (const stack of input.stacks) {
    const of = (type: string) => all.filter((r) => r.stack === stack && r.type === type);
    let standard = 0;
    let highResolution = 0;
    for (const alarm of of('AWS::CloudWatch::Alarm')) {
      const metrics = Array.isArray(alarm.props.Metrics) ? (alarm.props.Metrics as Props[]) : undefined;
      const count = alarm.props.ThresholdMetricId !== undefined ? 3 : metrics ? metrics.filter((m) => m.MetricStat !== undefined).length : 1;
      const periods = metrics ? metrics.map((m) => Number((m.MetricStat as Props | undefined)?.Period ?? 60)) : [Number(alarm.props.Period ?? 60)];
      if (Math.min(...periods) < 60) highResolution += count; else standard += count;
    }
    const alarms = of('AWS::CloudWatch::Alarm').length;
    if (standard > 0) ledger.charge({ category: 'observability', item: 'alarms', resource: label(stack), stack, keys: 'cloudwatch.alarmMetricMonth', quantity: standard, working: `${alarms} alarms, ${standard} standard-resolution metrics (anomaly detection counts 3)` });
    if (highResolution > 0) ledger.charge({ category: 'observability', item: 'high-resolution alarms', resource: label(stack), stack, keys: 'cloudwatch.highResolutionAlarmMonth', quantity: highResolution, working: `${highResolution} alarm metrics with a period under 60 s` });
    const composites = of('AWS::CloudWatch::CompositeAlarm').length;
    ledger.charge({ category: 'observability', item: 'composite alarms', resource: label(stack), stack, keys: 'cloudwatch.compositeAlarmMonth', quantity: composites, working: `${composites} composite alarms` });
    const dashboards = of('AWS::CloudWatch::Dashboard').length;
    ledger.charge({ category: 'observability', item: 'dashboards', resource: label(stack), stack, keys: 'cloudwatch.dashboardMonth', quantity: dashboards, working: `${dashboards} dashboard${dashboards === 1 ? '' : 's'} (the account's first 3 are free: not deducted)` });
    const filters = of('AWS::Logs::MetricFilter').flatMap((f) => (Array.isArray(f.props.MetricTransformations) ? (f.props.MetricTransformations as Props[]) : []));
    const always = filters.filter((t) => t.DefaultValue !== undefined).length;
    ledger.charge({ category: 'observability', item: 'custom metrics from metric filters', resource: label(stack), stack, keys: 'cloudwatch.metricMonth', quantity: always, working: `${always} metrics with a default value (published with every log event)` });
    if (filters.length > always) {
      ledger.notes.push(`${label(stack)}: ${filters.length - always} metric filters publish only when an event matches; each costs up to the custom-metric price in a month with matches (not counted)`);
    }
  }

  // ---- keys, secrets, parameters, buckets ----
  for (const key of all.filter((r) => r.type === 'AWS::KMS::Key')) {
    const rotation = key.props.EnableKeyRotation === true;
    ledger.charge({
      category: 'security', item: 'KMS key', resource: label(key.stack), stack: key.stack, keys: 'kms.keyMonth', quantity: 1,
      working: `1 customer managed key${rotation ? ' (each yearly rotation adds a key version at the same price, for the first two)' : ''}`,
    });
  }
  for (const secret of all.filter((r) => r.type === 'AWS::SecretsManager::Secret')) {
    ledger.charge({ category: 'security', item: 'Secrets Manager secret', resource: typeof secret.props.Name === 'string' ? secret.props.Name : shortId(secret.id), stack: secret.stack, keys: 'secrets.secretMonth', quantity: 1, working: '1 secret' });
  }
  for (const zone of all.filter((r) => r.type === 'AWS::Route53::HostedZone')) {
    ledger.charge({ category: 'network', item: 'Route 53 hosted zone', resource: typeof zone.props.Name === 'string' ? zone.props.Name : shortId(zone.id), stack: zone.stack, keys: 'route53.hostedZoneMonth', quantity: 1, working: '1 hosted zone (private service names for calls)' });
  }
  for (const parameter of all.filter((r) => r.type === 'AWS::SSM::Parameter' && r.props.Tier === 'Advanced')) {
    ledger.charge({ category: 'security', item: 'SSM advanced parameter', resource: shortId(parameter.id), stack: parameter.stack, keys: 'ssm.advancedParameterMonth', quantity: 1, working: '1 advanced parameter (standard ones are free)' });
  }
  for (const bucket of all.filter((r) => r.type === 'AWS::S3::Bucket')) {
    // The manifest's buckets are the data stack's (every other bucket holds logs, artifacts or trails).
    const gb = bucket.stack.stackName.endsWith('-data') ? a.dataBucketStorageGb[profile] : a.bucketStorageGb;
    ledger.charge({ category: 'storage', item: 'S3 Standard storage', resource: `${label(bucket.stack)} ${shortId(bucket.id)}`, stack: bucket.stack, keys: 's3.standardGbMonth', quantity: gb, working: `${gb} GB` });
  }
  const deadLetterQueues = new Set(all.filter((r) => r.type === 'AWS::SQS::Queue').flatMap((r) => [...referencesIn((r.props.RedrivePolicy as Props | undefined)?.deadLetterTargetArn)]));
  for (const queue of all.filter((r) => r.type === 'AWS::SQS::Queue' && !deadLetterQueues.has(r.id))) {
    const millions = a.queueMillionRequestsPerMonth[profile];
    const fifo = queue.props.FifoQueue === true;
    ledger.charge({
      category: 'storage', item: `SQS ${fifo ? 'FIFO' : 'standard'} requests`, resource: typeof queue.props.QueueName === 'string' ? queue.props.QueueName : shortId(queue.id), stack: queue.stack,
      keys: fifo ? 'sqs.fifoMillionRequests' : 'sqs.standardMillionRequests', quantity: millions, working: `${millions}M requests (its dead-letter queue idle)`,
    });
  }

  // ---- delivery: images, replication, pipelines, builds ----
  const repositories = all.filter((r) => r.type === 'AWS::ECR::Repository');
  for (const repository of repositories) {
    const name = typeof repository.props.RepositoryName === 'string' ? repository.props.RepositoryName : shortId(repository.id);
    ledger.charge({ category: 'delivery', item: 'ECR image storage', resource: name, stack: repository.stack, keys: 'ecr.storageGbMonth', quantity: a.imageStorageGbPerRepository, working: `${a.imageStorageGbPerRepository} GB` });
  }
  const servicePipelineNames = new Set(plan.delivery.pipelines.map((pipeline) => `${plan.project}-${pipeline.service}-${pipeline.branch}`));
  for (const replication of all.filter((r) => r.type === 'AWS::ECR::ReplicationConfiguration')) {
    const rules = (((replication.props.ReplicationConfiguration as Props | undefined)?.Rules ?? []) as Props[]);
    const regions = [...new Set(rules.flatMap((rule) => ((rule.Destinations ?? []) as Props[]).map((d) => String(d.Region))))];
    const repos = repositories.filter((r) => r.stack === replication.stack).length;
    const pushesGb = [...servicePipelineNames].length * a.commitsPerBranchMonth * a.imagePushGbPerCommit;
    for (const region of regions) {
      ledger.charge({ category: 'delivery', item: `ECR replica storage in ${region}`, resource: 'image replicas', stack: replication.stack, region, keys: 'ecr.storageGbMonth', quantity: repos * a.imageStorageGbPerRepository, working: `${repos} repositories × ${a.imageStorageGbPerRepository} GB` });
      ledger.charge({
        category: 'delivery', item: `ECR replication transfer to ${region}`, resource: 'image replicas', stack: replication.stack, keys: 'transfer.interRegionGb', quantity: pushesGb,
        working: `${servicePipelineNames.size} image pipelines × ${a.commitsPerBranchMonth} commits × ${a.imagePushGbPerCommit} GB of new layers`,
      });
    }
  }
  const buildMinutes = new Map<string, { minutes: number; project: Res }>();
  for (const pipeline of all.filter((r) => r.type === 'AWS::CodePipeline::Pipeline')) {
    const name = typeof pipeline.props.Name === 'string' ? pipeline.props.Name : shortId(pipeline.id);
    const runs = servicePipelineNames.has(name) ? a.commitsPerBranchMonth : a.platformCommitsPerMonth;
    let minutesPerRun = 0;
    for (const stage of (Array.isArray(pipeline.props.Stages) ? pipeline.props.Stages : []) as Props[]) {
      for (const action of (Array.isArray(stage.Actions) ? stage.Actions : []) as Props[]) {
        const type = (action.ActionTypeId ?? {}) as Props;
        if (type.Category === 'Approval') continue;
        if (type.Category === 'Source') { minutesPerRun += a.sourceActionMinutes; continue; }
        const minutes = /^(Build|Check)$/.test(String(stage.Name)) ? a.buildActionMinutes : a.deployActionMinutes;
        minutesPerRun += minutes;
        if (type.Provider === 'CodeBuild') {
          const project = byId(pipeline.stack, targetOf((action.Configuration as Props | undefined)?.ProjectName));
          if (project) {
            const entry = buildMinutes.get(project.id) ?? { minutes: 0, project };
            entry.minutes += runs * minutes;
            buildMinutes.set(project.id, entry);
          }
        }
      }
    }
    if (pipeline.props.PipelineType !== 'V2') {
      ledger.unpriceable('codepipeline.v1PipelineMonth', 'CodePipeline V1 pipeline', name, pipeline.stack);
      continue;
    }
    ledger.charge({ category: 'delivery', item: 'CodePipeline V2 action-minutes', resource: name, stack: pipeline.stack, keys: 'codepipeline.v2ActionMinute', quantity: runs * minutesPerRun, working: `${runs} runs × ${minutesPerRun} min (manual approvals are free)` });
  }
  for (const { minutes, project } of buildMinutes.values()) {
    const environmentProps = (project.props.Environment ?? {}) as Props;
    const arch = environmentProps.Type === 'ARM_CONTAINER' ? 'arm' : environmentProps.Type === 'LINUX_CONTAINER' ? 'linux' : undefined;
    const size = /SMALL$/.test(String(environmentProps.ComputeType)) ? 'small' : /MEDIUM$/.test(String(environmentProps.ComputeType)) ? 'medium' : /LARGE$/.test(String(environmentProps.ComputeType)) ? 'large' : undefined;
    const key = `codebuild.${arch}.${size}Minute`;
    const name = typeof project.props.Name === 'string' ? project.props.Name : shortId(project.id);
    if (arch === undefined || size === undefined) {
      ledger.unpriceable(key, `CodeBuild ${String(environmentProps.Type)} ${String(environmentProps.ComputeType)}`, name, project.stack);
      continue;
    }
    ledger.charge({ category: 'delivery', item: `CodeBuild ${arch === 'arm' ? 'ARM' : 'Linux x86'} ${size}`, resource: name, stack: project.stack, keys: key as PriceKey, quantity: minutes, working: `${num(minutes)} build minutes a month` });
  }

  // ---- coverage: every type priced, free, or reported ----
  const unpriced = new Map<string, { count: number; stacks: Set<string> }>();
  const report = (type: string, stack: SynthesizedStack) => {
    const entry = unpriced.get(type) ?? { count: 0, stacks: new Set<string>() };
    entry.count += 1;
    entry.stacks.add(stack.stackName);
    unpriced.set(type, entry);
  };
  const deployTime = deployTimeFunctions(input.stacks);
  for (const resource of all) {
    if (resource.type === 'AWS::Lambda::Function') {
      if (!deployTime.has(`${resource.stack.stackName}/${resource.id}`)) report(resource.type, resource.stack);
      continue;
    }
    if (PRICED_TYPES.has(resource.type) || freeReason(resource.type) !== undefined) continue;
    report(resource.type, resource.stack);
  }

  return {
    lines: ledger.lines,
    missingPrices: ledger.missing,
    unpricedTypes: [...unpriced].sort(([a], [b]) => a.localeCompare(b)).map(([type, entry]) => ({ type, count: entry.count, stacks: [...entry.stacks].sort() })),
    notes: ledger.notes,
  };
}

/** The Fargate cost of an environment's services if each ran at its maxCount all month. */
export function fargateAtMaxUsd(input: EstimateInput): number | undefined {
  const services = input.stacks.flatMap(resourcesOf).filter((r) => r.type === 'AWS::ECS::Service');
  let total = 0;
  for (const service of services) {
    const taskId = targetOf(service.props.TaskDefinition);
    const task = taskId ? (service.stack.template.Resources[taskId]?.Properties as Props | undefined) : undefined;
    const name = tagValue(service.props, 'service');
    const plan = input.environment?.services.find((s) => s.name === name);
    const cost = fargateMonthlyUsd(service.stack.region, {
      tasks: plan?.maxCount ?? countOnceImageSet(service.props.DesiredCount), shape: taskShape(task), strategy: strategyOf(service.props),
    }, input.assumptions.hoursPerMonth);
    if (cost === undefined) return undefined;
    total += cost;
  }
  return total;
}
