/**
 * The deployment-time model of ECS's traffic-shifting strategies (blue/green, canary, linear), and
 * how much of the traffic a bad image reaches under every strategy before traffic is back on the
 * previous one. Rules (ECS developer guide, blue/green, canary and linear deployments; ECS API
 * reference, CanaryConfiguration and LinearConfiguration):
 * - the new ("green") tasks all start at once beside the old ones, behind the idle target group;
 * - after the test traffic shift, lifecycle hooks at POST_TEST_TRAFFIC_SHIFT run before production moves;
 * - canary: canaryPercent of production traffic, then canaryBakeTime, then the rest; linear: stepPercent
 *   more every stepBakeTime (no step bake after 100 %); then BakeTimeInMinutes with the old tasks still
 *   running, then they drain;
 * - deployment alarms and the circuit breaker roll back until the bake ends, by moving traffic back
 *   to the old tasks, which are still running (no relaunch);
 * - a rolling deployment stops old tasks as soon as new ones are healthy, so its rollback relaunches them.
 * The bad image here passes its health check but answers 5XX: only the 5XX alarm catches it, after its
 * minutes of errors and CloudWatch's delay, counted from when production traffic first reaches it. The
 * alarm counts errors (≥ 5 a minute), so at a small share it needs enough traffic: the model assumes it.
 */
import { linearBakedSteps } from '../manifest/deployment-rules';
import type { DeploySettings, TimingAssumptions, TrafficStrategy } from './deploy-timing';

export { linearBakedSteps };

/**
 * Production share of the new tasks over time since production traffic first moved, as a list of
 * phases (share, seconds); the last phase (100 %) lasts the final bake. Rolling: 100 % at once.
 */
export function sharePhases(strategy: TrafficStrategy): readonly { readonly percent: number; readonly seconds: number }[] {
  switch (strategy.kind) {
    case 'rolling':
      return [{ percent: 100, seconds: Infinity }];
    case 'blue-green':
      return [{ percent: 100, seconds: strategy.bakeMinutes * 60 }];
    case 'canary':
      return [{ percent: strategy.canaryPercent, seconds: strategy.canaryBakeMinutes * 60 }, { percent: 100, seconds: strategy.bakeMinutes * 60 }];
    case 'linear': {
      const baked = linearBakedSteps(strategy.stepPercent);
      const steps = Array.from({ length: baked }, (_, index) => ({ percent: Math.min(100, strategy.stepPercent * (index + 1)), seconds: strategy.stepBakeMinutes * 60 }));
      return [...steps, { percent: 100, seconds: strategy.bakeMinutes * 60 }];
    }
  }
}

/** A good deployment of a traffic-shifting strategy: start, hook, every bake, then the old tasks drain. */
export function trafficShiftSeconds(settings: DeploySettings, assumptions: TimingAssumptions): { readonly steadyStateSeconds: number } {
  const strategy = settings.strategy ?? { kind: 'rolling' as const };
  const phases = sharePhases(strategy);
  const hook = strategy.kind !== 'rolling' && strategy.smokeTest ? assumptions.smokeTestSeconds : 0;
  const bakes = phases.reduce((sum, phase) => sum + (Number.isFinite(phase.seconds) ? phase.seconds : 0), 0);
  return {
    steadyStateSeconds: assumptions.taskStartSeconds + settings.healthCheckIntervalSeconds + hook
      + phases.length * assumptions.weightChangeSeconds + bakes + settings.deregistrationDelaySeconds,
  };
}

export interface BadImageExposure {
  /** The largest share of production traffic the bad image served, in percent. */
  readonly sharePercent: number;
  /** Seconds from its first production request until traffic is back on the previous image; undefined when nothing brings it back. */
  readonly seconds?: number;
  /** Share × time: percent-seconds of production traffic it served (100 % for 60 s = 6000). */
  readonly percentSeconds?: number;
}

/**
 * A bad image that passes its health check and answers 5XX: how much traffic it serves, and for how
 * long, before the 5XX deployment alarm fires and ECS moves traffic back (traffic-shifting) or
 * relaunches the old tasks (rolling). Caught only while ECS still watches: during the bakes.
 */
export function badImageExposure(settings: DeploySettings, assumptions: TimingAssumptions): BadImageExposure {
  const strategy = settings.strategy ?? { kind: 'rolling' as const };
  const phases = sharePhases(strategy);
  if (settings.target5xxAlarmMinutes === undefined) {
    return { sharePercent: 100 };
  }
  const detected = settings.target5xxAlarmMinutes * 60 + assumptions.alarmDelaySeconds;
  let elapsed = 0;
  let percentSeconds = 0;
  let sharePercent = 0;
  for (const phase of phases) {
    const inPhase = Math.min(phase.seconds, detected - elapsed);
    sharePercent = phase.percent;
    percentSeconds += phase.percent * inPhase;
    elapsed += inPhase;
    if (elapsed >= detected) break;
  }
  if (elapsed < detected) {
    // The last bake ended before the alarm could fire: the old tasks are gone, nothing rolls back.
    return { sharePercent: 100 };
  }
  // Traffic-shifting: the old tasks still run, ECS moves the weights back. Rolling: they were stopped
  // once the new ones were healthy, so ECS starts them again and waits for their first passing check.
  const back = strategy.kind === 'rolling' ? assumptions.taskStartSeconds + settings.healthCheckIntervalSeconds : assumptions.weightChangeSeconds;
  return { sharePercent, seconds: detected + back, percentSeconds: percentSeconds + sharePercent * back };
}
