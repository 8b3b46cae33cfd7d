/** Fargate's billing dimensions read from templates: task shapes, sidecar shares and capacity provider strategies. */
import { BUNDLED_TABLE, PriceTable } from './prices';
import type { Props } from './template-resources';

export interface StrategyItem { readonly provider: string; readonly base: number; readonly weight: number }

export function strategyOf(props: Props): StrategyItem[] {
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

export function taskShape(task: Props | undefined): TaskShape {
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
export interface SidecarShare { readonly name: string; readonly vcpu: number; readonly gb: number }

export function sidecarShares(task: Props | undefined): SidecarShare[] {
  const containers = (Array.isArray(task?.ContainerDefinitions) ? task.ContainerDefinitions : []) as Props[];
  return containers.filter((container) => container.Name !== 'App').map((container) => ({
    name: String(container.Name),
    vcpu: Number(container.Cpu ?? 0) / 1024,
    gb: Number(container.Memory ?? 0) / 1024,
  }));
}

/** Fargate cost of `tasks` running all month, without a ledger (for "at maxCount"). */
export function fargateMonthlyUsd(region: string, service: { tasks: number; shape: TaskShape; strategy: readonly StrategyItem[] }, hours: number, prices: PriceTable = BUNDLED_TABLE): number | undefined {
  const arch = service.shape.arch;
  const vcpu = prices.lookup(region, `fargate.${arch}.vcpuHour`)?.price.usd;
  const gb = prices.lookup(region, `fargate.${arch}.gbHour`)?.price.usd;
  const spotShare = prices.lookup(region, 'fargate.spotShareOfOnDemand')?.price.usd;
  if (vcpu === undefined || gb === undefined) return undefined;
  const { onDemand, spot } = splitTasks(service.tasks, service.strategy);
  if (spot > 0 && spotShare === undefined) return undefined;
  const perTask = (service.shape.vcpu * vcpu + service.shape.gb * gb) * hours;
  return onDemand * perTask + spot * perTask * (spotShare ?? 0);
}

