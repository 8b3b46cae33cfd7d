/**
 * The compute lines of an estimate: each ECS service's tasks (its sidecars' shares on lines of their
 * own), on-demand and Spot as its capacity strategy splits them, and each job's runs from its
 * schedule, priced at its timeout, with the Scheduler invocations and Step Functions transitions.
 * A sleeping environment's services are priced for its awake hours only (awake-hours.ts); its jobs
 * keep their schedule, and the schedules that put it to sleep are priced by their invocations.
 */
import { SERVICE_DEFAULTS } from '../../manifest/defaults';
import type { ServicePlan } from '../../manifest/plan';
import { runsPerMonth } from '../../manifest/schedule-expressions';
import type { SynthesizedStack } from '../assembly-reader';
import type { EstimateInput } from './estimate';
import { SidecarShare, sidecarShares, splitTasks, strategyOf, StrategyItem, TaskShape, taskShape } from './fargate-pricing';
import { Ledger, num } from './ledger';
import { awakeHours, hoursText } from './awake-hours';
import type { PriceKey } from './prices';
import { countOnceImageSet, Props, Res, tagValue } from './template-resources';
import { targetOf } from './template-references';

export interface PricedService {
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

export interface ComputeContext {
  readonly input: EstimateInput;
  readonly ledger: Ledger;
  readonly all: readonly Res[];
  /** A stack's short label: `prod-network`. */
  readonly label: (stack: SynthesizedStack) => string;
}

const ARCH_LABEL = { arm: 'ARM', x86: 'x86' } as const;

function sum<T>(items: readonly T[], key: { [K in keyof T]: T[K] extends number ? K : never }[keyof T]): number {
  return items.reduce((total, item) => total + (item[key] as number), 0);
}

/** Charges every service's and job's compute; returns the services (their task counts price logs, requests and more). */
export function chargeCompute({ input, ledger, all, label }: ComputeContext): PricedService[] {
  const { environment, mode } = input;
  const awake = awakeHours(environment, input.assumptions.hoursPerMonth);
  const hours = awake?.services ?? input.assumptions.hoursPerMonth;
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
          working: `${tasksText} × ${num(share.vcpu)} vCPU × ${hoursText(hours, awake)}${kind === 'Spot' ? ' at the Spot share of on-demand' : ''}`,
          confidence: kind === 'Spot' && arch === 'arm' ? 'U' : 'V',
        });
        ledger.charge({
          category: 'compute', item: `Fargate ${ARCH_LABEL[arch]} memory, ${kind}${share.suffix}`, resource: service.name, stack: service.stack,
          keys: [`fargate.${arch}.gbHour`, ...spotKeys], quantity: count * share.gb * hours,
          working: `${tasksText} × ${num(share.gb)} GB × ${hoursText(hours, awake)}${kind === 'Spot' ? ' at the Spot share of on-demand' : ''}`,
          confidence: kind === 'Spot' && arch === 'arm' ? 'U' : 'V',
        });
      }
    }
    if (service.shape.ephemeralGb > 20) {
      ledger.charge({
        category: 'compute', item: 'Fargate ephemeral storage above 20 GB', resource: service.name, stack: service.stack,
        keys: 'fargate.ephemeralGbHour', quantity: service.tasks * (service.shape.ephemeralGb - 20) * hours,
        working: `${service.tasks} tasks × ${num(service.shape.ephemeralGb - 20)} GB × ${hoursText(hours, awake)}`,
      });
    }
  }

  // ---- sleep: schedules calling an AWS API (universal targets), a few invocations a day, on one line ----
  const universal = (schedule: Res) => JSON.stringify(schedule.props.Target ?? {}).includes(':aws-sdk:');
  const sleepSchedules = all.filter((r) => r.type === 'AWS::Scheduler::Schedule' && universal(r));
  if (sleepSchedules.length > 0) {
    const runs = sleepSchedules.reduce((total, schedule) => total + runsPerMonth(String(schedule.props.ScheduleExpression)), 0);
    ledger.charge({
      category: 'compute', item: 'EventBridge Scheduler invocations, sleep', resource: `${sleepSchedules.length} schedules`, stack: sleepSchedules[0]!.stack,
      keys: 'scheduler.millionInvocations', quantity: runs / 1e6, working: `${num(runs)} invocations: scaling, Aurora stop and start, alarm actions`,
    });
  }

  // ---- jobs: one task per run, each run priced at its timeout (the most it can cost) ----
  for (const schedule of all.filter((r) => r.type === 'AWS::Scheduler::Schedule' && !universal(r))) {
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
  return services;
}
