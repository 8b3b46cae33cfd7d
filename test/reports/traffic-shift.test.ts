import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import type { CfnTemplate } from '../../src/reports/assembly-reader';
import { DEFAULT_ASSUMPTIONS as A, deploySettingsOf, deployTiming, ecsPatternsDefaults } from '../../src/reports/deploy-timing';
import { badImageExposure, linearBakedSteps } from '../../src/reports/traffic-shift';
import { planFromYaml, referencePlan } from '../support/reference';

const progressive = buildApp(planFromYaml(readFileSync(join(__dirname, '..', 'infra', 'fixtures', 'progressive-delivery.yaml'), 'utf8')), { compliance: false });
const reference = buildApp(referencePlan(), { compliance: false });
const templateOf = (app: typeof reference, env: string, service: string) =>
  Template.fromStack(app.stages.find((s) => s.stageName === env)!.services.get(service)!).toJSON() as CfnTemplate;

const rolling = deploySettingsOf(templateOf(reference, 'prod', 'storefront'), 3);
const canary = deploySettingsOf(templateOf(progressive, 'prod', 'shop'), 4);
const blueGreen = deploySettingsOf(templateOf(progressive, 'prod', 'api'), 2);
/** Seconds from the bad image's first production request until the 5XX alarm fires. */
const toAlarm = (settings: typeof rolling) => settings.target5xxAlarmMinutes! * 60 + A.alarmDelaySeconds;

describe('the traffic-shifting deployment model', () => {
  it('reads each strategy from the synthesized service', () => {
    expect(rolling.strategy).toEqual({ kind: 'rolling' });
    expect(canary.strategy).toEqual({ kind: 'canary', bakeMinutes: 6, canaryPercent: 10, canaryBakeMinutes: 6, smokeTest: true });
    expect(blueGreen.strategy).toEqual({ kind: 'blue-green', bakeMinutes: 10, smokeTest: false });
    // The alarms read both target groups through metric math; the model still finds their minutes.
    expect([canary.target5xxAlarmMinutes, canary.unhealthyAlarmMinutes]).toEqual([rolling.target5xxAlarmMinutes, rolling.unhealthyAlarmMinutes]);
  });

  it('times a good canary: start, first check, hook, canary bake, final bake, drain', () => {
    const s = canary.strategy!.kind === 'canary' ? canary.strategy! : undefined;
    expect(deployTiming(canary).steadyStateSeconds).toBe(
      A.taskStartSeconds + canary.healthCheckIntervalSeconds + A.smokeTestSeconds + 2 * A.weightChangeSeconds
      + (s!.canaryBakeMinutes + s!.bakeMinutes) * 60 + canary.deregistrationDelaySeconds,
    );
  });

  it('exposes canaryPercent of the traffic for the time the 5XX alarm needs, then moves it back', () => {
    const exposure = badImageExposure(canary, A);
    expect(exposure.sharePercent).toBe(10);
    expect(exposure.seconds).toBe(toAlarm(canary) + A.weightChangeSeconds);
    expect(exposure.percentSeconds).toBe(10 * exposure.seconds!);
  });

  it('exposes all traffic under blue/green, but moves it back without relaunching anything', () => {
    const exposure = badImageExposure(blueGreen, A);
    expect(exposure).toEqual({ sharePercent: 100, seconds: toAlarm(blueGreen) + A.weightChangeSeconds, percentSeconds: 100 * (toAlarm(blueGreen) + A.weightChangeSeconds) });
    // Rolling relaunches the old tasks instead: slower by a task start and a health check.
    expect(badImageExposure(rolling, A).seconds! - exposure.seconds!).toBe(A.taskStartSeconds + rolling.healthCheckIntervalSeconds - A.weightChangeSeconds);
  });

  it('lets a bad image through when the bake ends before the alarm can fire', () => {
    const short = { ...blueGreen, strategy: { kind: 'blue-green' as const, bakeMinutes: 1, smokeTest: false } };
    expect(badImageExposure(short, A)).toEqual({ sharePercent: 100 });
  });

  it('exposes a linear deployment step by step until the alarm fires', () => {
    const linear = { ...blueGreen, strategy: { kind: 'linear' as const, bakeMinutes: 5, stepPercent: 10, stepBakeMinutes: 1, smokeTest: false } };
    const exposure = badImageExposure(linear, A);
    // One-minute steps of 10 %: when the alarm fires (180 s), the third step (30 %) is serving.
    expect(exposure.sharePercent).toBe(10 * (Math.floor(toAlarm(linear) / 60) + (toAlarm(linear) % 60 === 0 ? 0 : 1)));
    expect(exposure.percentSeconds).toBe(10 * 60 + 20 * 60 + 30 * (toAlarm(linear) - 120) + 30 * A.weightChangeSeconds);
    expect(linearBakedSteps(10)).toBe(9);
  });

  it('never brings traffic back under CDK ecs-patterns defaults (no alarm, no circuit breaker)', () => {
    expect(badImageExposure(ecsPatternsDefaults(3), A)).toEqual({ sharePercent: 100 });
  });

  it('rolls a bad image that fails its health check back in one round of failures: every new task starts at once', () => {
    expect(deployTiming(canary).detectedBy).toBe('circuit breaker');
    expect(deployTiming(canary).badImageDetectedSeconds).toBe(A.taskStartSeconds + Math.max(canary.healthCheckGracePeriodSeconds, canary.unhealthyThresholdCount * canary.healthCheckIntervalSeconds) + canary.deregistrationDelaySeconds);
  });
});
