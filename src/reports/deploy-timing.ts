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
}

export interface TimingAssumptions {
  /** Fargate placement, image pull and container start until the app listens (a small image, warm region). */
  readonly taskStartSeconds: number;
  /** A CloudWatch alarm evaluates a minute's datapoint about this long after the minute ends. */
  readonly alarmDelaySeconds: number;
}

export const DEFAULT_ASSUMPTIONS: TimingAssumptions = { taskStartSeconds: 45, alarmDelaySeconds: 60 };

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
  const batches = Math.ceil(settings.desiredTasks / batchSize(settings));
  // Each batch: start, the first passing check (worst case one interval), then the old tasks drain.
  const steadyStateSeconds = batches * (assumptions.taskStartSeconds + settings.healthCheckIntervalSeconds) + settings.deregistrationDelaySeconds;

  const unhealthyAfter = settings.unhealthyThresholdCount * settings.healthCheckIntervalSeconds;
  // A failing task: started, replaced once the grace period and the unhealthy checks are both over, drained.
  const failedTaskSeconds = assumptions.taskStartSeconds + Math.max(settings.healthCheckGracePeriodSeconds, unhealthyAfter) + settings.deregistrationDelaySeconds;
  const failuresToTrip = Math.min(200, Math.max(3, Math.ceil(0.5 * settings.desiredTasks)));
  const byCircuitBreaker = settings.circuitBreaker ? Math.ceil(failuresToTrip / batchSize(settings)) * failedTaskSeconds : undefined;
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
  const deployment = (service.DeploymentConfiguration ?? {}) as { MaximumPercent?: number; DeploymentCircuitBreaker?: { Enable?: boolean }; Alarms?: { AlarmNames?: string[]; Enable?: boolean } };
  const attributes = (targetGroup.TargetGroupAttributes ?? []) as { Key: string; Value: string }[];
  const delay = attributes.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
  const alarmNames = deployment.Alarms?.Enable ? deployment.Alarms.AlarmNames ?? [] : [];
  const unhealthyAlarm = resources.find((r) => r.Type === 'AWS::CloudWatch::Alarm'
    && alarmNames.includes(String(r.Properties?.AlarmName))
    && r.Properties?.MetricName === 'UnHealthyHostCount');
  return {
    desiredTasks,
    healthCheckIntervalSeconds: numberIn(targetGroup.HealthCheckIntervalSeconds) ?? 30,
    unhealthyThresholdCount: numberIn(targetGroup.UnhealthyThresholdCount) ?? 2,
    deregistrationDelaySeconds: numberIn(delay) ?? 300,
    healthCheckGracePeriodSeconds: numberIn(service.HealthCheckGracePeriodSeconds) ?? 0,
    maximumPercent: deployment.MaximumPercent ?? 200,
    circuitBreaker: deployment.DeploymentCircuitBreaker?.Enable === true,
    unhealthyAlarmMinutes: unhealthyAlarm
      ? (numberIn(unhealthyAlarm.Properties?.DatapointsToAlarm) ?? numberIn(unhealthyAlarm.Properties?.EvaluationPeriods) ?? 1) * ((numberIn(unhealthyAlarm.Properties?.Period) ?? 60) / 60)
      : undefined,
  };
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
