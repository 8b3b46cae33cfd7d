/**
 * A model of how long a rolling ECS deployment behind an ALB takes to reach steady state, and how long
 * a bad image takes to be detected and rolled back, from the settings in a synthesized service stack.
 * Sources (../shared/research/aws-prices-and-deploy-facts.md § 2, AWS docs cited there):
 * - a newly registered target needs ONE passing health check; an unhealthy one `UnhealthyThresholdCount`;
 * - ECS starts `maximumPercent - 100` % of the desired tasks at once (rounded down) and, after a new
 *   task is healthy, deregisters an old one, which stops after the deregistration delay;
 * - ECS ignores load balancer health during the grace period after a task starts;
 * - the circuit breaker fails a deployment after clamp(ceil(0.5 × desired), 3, 200) failed tasks;
 * - without a circuit breaker or alarms, a deployment of a bad image never fails: CloudFormation
 *   waits for stabilisation (reported ~3 h before its timeout).
 * What no source gives (AWS publishes no end-to-end figure) is an assumption, stated in `TimingAssumptions`.
 */
import type { CfnResource, CfnTemplate } from './assembly-reader';
import { trafficShiftSeconds } from './traffic-shift';

export interface DeploySettings {
  readonly desiredTasks: number;
  readonly healthCheckIntervalSeconds: number;
  readonly unhealthyThresholdCount: number;
  readonly deregistrationDelaySeconds: number;
  readonly healthCheckGracePeriodSeconds: number;
  readonly maximumPercent: number;
  readonly circuitBreaker: boolean;
  /** Minutes an "unhealthy hosts" rollback alarm must see before it fires; undefined without one. */
  readonly unhealthyAlarmMinutes?: number;
  /** Minutes of target 5XX responses a rollback alarm must see before it fires; undefined without one. */
  readonly target5xxAlarmMinutes?: number;
  /** How ECS moves traffic to the new tasks (`DeploymentConfiguration.Strategy`; rolling when absent). */
  readonly strategy?: TrafficStrategy;
}

export type TrafficStrategy =
  | { readonly kind: 'rolling' }
  | { readonly kind: 'blue-green'; readonly bakeMinutes: number; readonly smokeTest: boolean }
  | { readonly kind: 'canary'; readonly bakeMinutes: number; readonly canaryPercent: number; readonly canaryBakeMinutes: number; readonly smokeTest: boolean }
  | { readonly kind: 'linear'; readonly bakeMinutes: number; readonly stepPercent: number; readonly stepBakeMinutes: number; readonly smokeTest: boolean };

export interface TimingAssumptions {
  /** Fargate placement, image pull and container start until the app listens (a small image, warm region). */
  readonly taskStartSeconds: number;
  /** A CloudWatch alarm evaluates a minute's datapoint about this long after the minute ends. */
  readonly alarmDelaySeconds: number;
  /** The smoke test hook: ECS invokes it and it answers (three attempts at most, a few seconds when the path answers). */
  readonly smokeTestSeconds: number;
  /** ECS changes a listener rule's weights and the load balancer applies them. */
  readonly weightChangeSeconds: number;
}

export const DEFAULT_ASSUMPTIONS: TimingAssumptions = { taskStartSeconds: 45, alarmDelaySeconds: 60, smokeTestSeconds: 10, weightChangeSeconds: 5 };

/**
 * What CDK's `ApplicationLoadBalancedFargateService` synthesizes when nothing is set: ELB defaults
 * (30 s interval, 2 unhealthy checks, 300 s deregistration delay), CDK's 60 s grace period with a
 * load balancer, maximum 200 %, no circuit breaker, no alarms.
 */
export function ecsPatternsDefaults(desiredTasks: number): DeploySettings {
  return {
    desiredTasks,
    healthCheckIntervalSeconds: 30,
    unhealthyThresholdCount: 2,
    deregistrationDelaySeconds: 300,
    healthCheckGracePeriodSeconds: 60,
    maximumPercent: 200,
    circuitBreaker: false,
  };
}

export interface DeployTiming {
  /** Seconds from the start of a good deployment until only new tasks run. */
  readonly steadyStateSeconds: number;
  /** Seconds until a bad image's deployment is declared failed; undefined when nothing declares it. */
  readonly badImageDetectedSeconds?: number;
  /** Seconds until only the previous image's tasks serve again; undefined when nothing rolls back. */
  readonly badImageRolledBackSeconds?: number;
  readonly detectedBy: 'circuit breaker' | 'alarm' | 'nothing';
}

/** Tasks ECS starts at once: the share above 100 % that `maximumPercent` allows, at least one. */
function batchSize(settings: DeploySettings): number {
  return Math.max(1, Math.floor((settings.desiredTasks * (settings.maximumPercent - 100)) / 100));
}

export function deployTiming(settings: DeploySettings, assumptions: TimingAssumptions = DEFAULT_ASSUMPTIONS): DeployTiming {
  const shifting = settings.strategy !== undefined && settings.strategy.kind !== 'rolling';
  // Traffic-shifting strategies start the whole new set at once (one batch), then shift and bake
  // (traffic-shift.ts); rolling goes batch by batch: start, the first passing check, then the old drain.
  const batches = shifting ? 1 : Math.ceil(settings.desiredTasks / batchSize(settings));
  const steadyStateSeconds = shifting
    ? trafficShiftSeconds(settings, assumptions).steadyStateSeconds
    : batches * (assumptions.taskStartSeconds + settings.healthCheckIntervalSeconds) + settings.deregistrationDelaySeconds;

  const unhealthyAfter = settings.unhealthyThresholdCount * settings.healthCheckIntervalSeconds;
  // A failing task: started, replaced once the grace period and the unhealthy checks are both over, drained.
  const failedTaskSeconds = assumptions.taskStartSeconds + Math.max(settings.healthCheckGracePeriodSeconds, unhealthyAfter) + settings.deregistrationDelaySeconds;
  const failuresToTrip = Math.min(200, Math.max(3, Math.ceil(0.5 * settings.desiredTasks)));
  // A traffic-shifting deployment starts every new task at once, so its failures come in one round.
  const failuresPerRound = shifting ? Math.max(settings.desiredTasks, 1) : batchSize(settings);
  const byCircuitBreaker = settings.circuitBreaker ? Math.ceil(failuresToTrip / failuresPerRound) * failedTaskSeconds : undefined;
  const byAlarm = settings.unhealthyAlarmMinutes === undefined
    ? undefined
    : assumptions.taskStartSeconds + unhealthyAfter + settings.unhealthyAlarmMinutes * 60 + assumptions.alarmDelaySeconds;
  const candidates = [byCircuitBreaker, byAlarm].filter((t): t is number => t !== undefined);
  if (candidates.length === 0) {
    return { steadyStateSeconds, detectedBy: 'nothing' };
  }
  const detected = Math.min(...candidates);
  return {
    steadyStateSeconds,
    badImageDetectedSeconds: detected,
    // The previous tasks never stopped (minimum 100 %): rolling back drains the new ones.
    badImageRolledBackSeconds: detected + settings.deregistrationDelaySeconds,
    detectedBy: detected === byCircuitBreaker ? 'circuit breaker' : 'alarm',
  };
}

/** A number a template holds directly, or behind `Fn::If [HasImage, n, 0]` (and nested ifs): n. */
function numberIn(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '' && !Number.isNaN(Number(value))) return Number(value);
  const branches = (value as { 'Fn::If'?: unknown[] } | undefined)?.['Fn::If'];
  return Array.isArray(branches) ? numberIn(branches[1]) : undefined;
}

/** The deployment settings of a synthesized service stack (one ECS service, one target group). */
export function deploySettingsOf(template: CfnTemplate, desiredTasks: number): DeploySettings {
  const resources = Object.values(template.Resources);
  const service = resources.find((r) => r.Type === 'AWS::ECS::Service')?.Properties ?? {};
  const targetGroup = resources.find((r) => r.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup')?.Properties;
  if (!targetGroup) {
    return withoutLoadBalancer(resources, service, desiredTasks);
  }
  const deployment = (service.DeploymentConfiguration ?? {}) as DeploymentConfiguration;
  const attributes = (targetGroup.TargetGroupAttributes ?? []) as { Key: string; Value: string }[];
  const delay = attributes.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
  const alarmNames = deployment.Alarms?.Enable ? deployment.Alarms.AlarmNames ?? [] : [];
  const rollbackAlarm = (metricName: string) => resources.find((r) => r.Type === 'AWS::CloudWatch::Alarm'
    && alarmNames.includes(String(r.Properties?.AlarmName))
    && alarmReads(r, metricName));
  const unhealthyAlarm = rollbackAlarm('UnHealthyHostCount');
  const target5xxAlarm = rollbackAlarm('HTTPCode_Target_5XX_Count');
  return {
    desiredTasks,
    healthCheckIntervalSeconds: numberIn(targetGroup.HealthCheckIntervalSeconds) ?? 30,
    unhealthyThresholdCount: numberIn(targetGroup.UnhealthyThresholdCount) ?? 2,
    deregistrationDelaySeconds: numberIn(delay) ?? 300,
    healthCheckGracePeriodSeconds: numberIn(service.HealthCheckGracePeriodSeconds) ?? 0,
    maximumPercent: deployment.MaximumPercent ?? 200,
    circuitBreaker: deployment.DeploymentCircuitBreaker?.Enable === true,
    unhealthyAlarmMinutes: unhealthyAlarm ? alarmMinutes(unhealthyAlarm) : undefined,
    target5xxAlarmMinutes: target5xxAlarm ? alarmMinutes(target5xxAlarm) : undefined,
    strategy: strategyOf(deployment),
  };
}

interface DeploymentConfiguration {
  MaximumPercent?: number;
  DeploymentCircuitBreaker?: { Enable?: boolean };
  Alarms?: { AlarmNames?: string[]; Enable?: boolean };
  Strategy?: string;
  BakeTimeInMinutes?: number;
  CanaryConfiguration?: { CanaryPercent?: number; CanaryBakeTimeInMinutes?: number };
  LinearConfiguration?: { StepPercent?: number; StepBakeTimeInMinutes?: number };
  LifecycleHooks?: unknown[];
}

/** The service's strategy, with ECS's documented defaults where the template leaves one out (ECS API reference). */
function strategyOf(deployment: DeploymentConfiguration): TrafficStrategy {
  const bakeMinutes = numberIn(deployment.BakeTimeInMinutes) ?? 0;
  const smokeTest = (deployment.LifecycleHooks ?? []).length > 0;
  switch (deployment.Strategy) {
    case 'BLUE_GREEN':
      return { kind: 'blue-green', bakeMinutes, smokeTest };
    case 'CANARY':
      return {
        kind: 'canary', bakeMinutes, smokeTest,
        canaryPercent: numberIn(deployment.CanaryConfiguration?.CanaryPercent) ?? 5,
        canaryBakeMinutes: numberIn(deployment.CanaryConfiguration?.CanaryBakeTimeInMinutes) ?? 10,
      };
    case 'LINEAR':
      return {
        kind: 'linear', bakeMinutes, smokeTest,
        stepPercent: numberIn(deployment.LinearConfiguration?.StepPercent) ?? 10,
        stepBakeMinutes: numberIn(deployment.LinearConfiguration?.StepBakeTimeInMinutes) ?? 6,
      };
    default:
      return { kind: 'rolling' };
  }
}

/** Whether an alarm reads `metricName`, directly or inside its metric math (an alarm across two target groups). */
function alarmReads(alarm: CfnResource, metricName: string): boolean {
  if (alarm.Properties?.MetricName === metricName) return true;
  const metrics = (alarm.Properties?.Metrics ?? []) as { MetricStat?: { Metric?: { MetricName?: string } } }[];
  return metrics.some((metric) => metric.MetricStat?.Metric?.MetricName === metricName);
}

/** Minutes of breaching data an alarm needs: datapoints × period. */
function alarmMinutes(alarm: CfnResource): number {
  const metrics = (alarm.Properties?.Metrics ?? []) as { MetricStat?: { Period?: unknown } }[];
  const period = numberIn(alarm.Properties?.Period) ?? numberIn(metrics.find((metric) => metric.MetricStat)?.MetricStat?.Period) ?? 60;
  return (numberIn(alarm.Properties?.DatapointsToAlarm) ?? numberIn(alarm.Properties?.EvaluationPeriods) ?? 1) * (period / 60);
}

/**
 * A service without a load balancer (a worker): a new task counts once it runs (no health check to
 * pass), and an old one stops within its stop timeout (it finishes the message in hand); a bad image's
 * tasks stop by themselves, which the circuit breaker counts. Its dead-letter alarm is not modelled:
 * how soon messages fail depends on the traffic.
 */
function withoutLoadBalancer(resources: readonly CfnResource[], service: Readonly<Record<string, unknown>>, desiredTasks: number): DeploySettings {
  const deployment = (service.DeploymentConfiguration ?? {}) as { MaximumPercent?: number; DeploymentCircuitBreaker?: { Enable?: boolean } };
  const task = resources.find((r) => r.Type === 'AWS::ECS::TaskDefinition')?.Properties ?? {};
  const containers = (task.ContainerDefinitions ?? []) as { Essential?: boolean; StopTimeout?: number }[];
  const stopTimeout = Math.max(30, ...containers.map((container) => numberIn(container.StopTimeout) ?? 30));
  return {
    desiredTasks,
    healthCheckIntervalSeconds: 0,
    unhealthyThresholdCount: 0,
    deregistrationDelaySeconds: stopTimeout,
    healthCheckGracePeriodSeconds: 0,
    maximumPercent: deployment.MaximumPercent ?? 200,
    circuitBreaker: deployment.DeploymentCircuitBreaker?.Enable === true,
  };
}
