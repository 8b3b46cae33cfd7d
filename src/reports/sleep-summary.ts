/**
 * What a sleeping environment's templates do on its schedule, read back from them (not from the
 * manifest), for `portside plan` and the diagram: the services' scheduled actions, the Aurora
 * start and stop schedules and the alarm-action schedules, each with its cron expression and zone.
 */
import type { SynthesizedStack } from './assembly-reader';

export interface SleepSummary {
  /** The zone every expression is read in. */
  readonly timezone: string;
  /** Services with a `Wake` and a `Sleep` scheduled action, and the two expressions. */
  readonly services: { readonly count: number; readonly wake?: string; readonly sleep?: string };
  /** Aurora clusters with a start and a stop schedule. */
  readonly databases: { readonly count: number; readonly start?: string; readonly stop?: string };
  /** Alarms whose actions are turned off while asleep, and when they are turned on again. */
  readonly alarms: { readonly count: number; readonly off?: string; readonly on?: string };
}

interface ScheduledAction { readonly ScheduledActionName?: string; readonly Schedule?: string; readonly Timezone?: string }

/** The `rds:stopDBCluster` of a universal target's ARN (`arn:…:scheduler:::aws-sdk:rds:stopDBCluster`, possibly in a Join). */
function universalAction(target: unknown): string | undefined {
  return /aws-sdk:([a-z0-9-]+:[A-Za-z]+)/.exec(JSON.stringify(target ?? ''))?.[1];
}

/** Alarm names in a target's input: a JSON text, or a Join of text and the alarms' Refs (one each). */
function namesIn(input: unknown): number {
  if (typeof input === 'string') return (JSON.parse(input) as { AlarmNames?: unknown[] }).AlarmNames?.length ?? 0;
  const parts = (input as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join']?.[1] ?? [];
  return parts.filter((part) => typeof part === 'object').length;
}

/** Undefined for an environment without sleep schedules. */
export function summarizeSleep(stacks: readonly SynthesizedStack[]): SleepSummary | undefined {
  const resources = stacks.flatMap((stack) => Object.values(stack.template.Resources));
  const actions = resources
    .filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget')
    .flatMap((r) => (r.Properties?.ScheduledActions as ScheduledAction[] | undefined) ?? []);
  const calls = resources
    .filter((r) => r.Type === 'AWS::Scheduler::Schedule')
    .map((r) => {
      const target = r.Properties?.Target as { Arn?: unknown; Input?: unknown } | undefined;
      return { action: universalAction(target?.Arn), expression: String(r.Properties?.ScheduleExpression), timezone: r.Properties?.ScheduleExpressionTimezone as string | undefined, input: target?.Input };
    })
    .filter((call) => call.action !== undefined);
  const wake = actions.filter((a) => a.ScheduledActionName === 'Wake');
  if (wake.length === 0 && calls.length === 0) return undefined;
  const of = (action: string) => calls.filter((call) => call.action === action);
  const alarmNames = (action: string) => of(action).reduce((total, call) => total + namesIn(call.input), 0);
  return {
    timezone: wake[0]?.Timezone ?? calls[0]?.timezone ?? 'UTC',
    services: { count: wake.length, wake: wake[0]?.Schedule, sleep: actions.find((a) => a.ScheduledActionName === 'Sleep')?.Schedule },
    databases: { count: of('rds:startDBCluster').length, start: of('rds:startDBCluster')[0]?.expression, stop: of('rds:stopDBCluster')[0]?.expression },
    alarms: { count: alarmNames('cloudwatch:disableAlarmActions'), off: of('cloudwatch:disableAlarmActions')[0]?.expression, on: of('cloudwatch:enableAlarmActions')[0]?.expression },
  };
}

/** `Europe/London: Aurora ×2 starts cron(30 6 …); 4 services wake cron(0 7 …); 27 alarms notify again cron(5 7 …); asleep from cron(0 19 …)`. */
export function sleepText(sleep: SleepSummary): string {
  const parts = [
    ...(sleep.databases.count > 0 ? [`${sleep.databases.count} Aurora cluster${sleep.databases.count === 1 ? '' : 's'} start ${sleep.databases.start}, stop ${sleep.databases.stop}`] : []),
    ...(sleep.services.count > 0 ? [`${sleep.services.count} service${sleep.services.count === 1 ? '' : 's'} wake ${sleep.services.wake}, scale to 0 ${sleep.services.sleep}`] : []),
    ...(sleep.alarms.count > 0 ? [`${sleep.alarms.count} alarms silent from ${sleep.alarms.off}, notify again ${sleep.alarms.on}`] : []),
  ];
  return `${sleep.timezone}: ${parts.join('; ')}`;
}
