/**
 * An environment's estimate split the way Cost Explorer splits its bill by the `service` tag: every
 * taggable resource of a service's stack (tasks, load balancer, logs, alarms, firewall) carries that
 * service's tag; the network, data and operations stacks (NAT, databases, file systems, dashboards)
 * carry none, so their cost is the environment's, shared by its services.
 */
import type { SynthesizedStack } from '../assembly-reader';
import type { CostLine } from './ledger';
import { resourcesOf, tagValue } from './template-resources';

export interface CostByService {
  /** Per service, in the order given: the monthly cost of the stack tagged with its name. */
  readonly services: readonly { readonly service: string; readonly usd: number }[];
  /** What carries no `service` tag: the network, data and operations stacks. */
  readonly environmentUsd: number;
}

/** The `service` tag a stack's resources carry (the value of the first resource tagged with it). */
function serviceTagOf(stack: SynthesizedStack): string | undefined {
  return resourcesOf(stack).map((resource) => tagValue(resource.props, 'service')).find((service) => service !== undefined);
}

export function costByService(lines: readonly CostLine[], stacks: readonly SynthesizedStack[], services: readonly string[]): CostByService {
  const serviceOfStack = new Map(stacks.flatMap((stack) => {
    const service = serviceTagOf(stack);
    return service === undefined ? [] : [[stack.stackName, service] as const];
  }));
  const usd = new Map(services.map((service) => [service, 0]));
  let environmentUsd = 0;
  for (const line of lines) {
    const service = serviceOfStack.get(line.stackName);
    if (service === undefined || !usd.has(service)) environmentUsd += line.monthlyUsd;
    else usd.set(service, usd.get(service)! + line.monthlyUsd);
  }
  return { services: [...usd].map(([service, total]) => ({ service, usd: total })), environmentUsd };
}
