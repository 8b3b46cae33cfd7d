import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import type { CfnTemplate } from '../../src/reports/assembly-reader';
import { deploySettingsOf, deployTiming, ecsPatternsDefaults } from '../../src/reports/deploy-timing';
import { referencePlan } from '../support/reference';

const { stages } = buildApp(referencePlan(), { compliance: false });
const storefront = (env: string) => Template.fromStack(stages.find((s) => s.stageName === env)!.services.get('storefront')!).toJSON() as CfnTemplate;

describe('the deployment speed model', () => {
  it('reads the settings the service stack synthesizes', () => {
    expect(deploySettingsOf(storefront('prod'), 3)).toEqual({
      desiredTasks: 3,
      healthCheckIntervalSeconds: 10,
      unhealthyThresholdCount: 3,
      deregistrationDelaySeconds: 30,
      healthCheckGracePeriodSeconds: 60,
      maximumPercent: 200,
      circuitBreaker: true,
      unhealthyAlarmMinutes: 3,
      target5xxAlarmMinutes: 2,
      strategy: { kind: 'rolling' },
    });
  });

  it('times a good deployment of Portside\'s prod storefront (3 tasks)', () => {
    // One batch of 3 (maximum 200 %): start 45 s + one 10 s check, then the old tasks drain 30 s = 85 s.
    expect(deployTiming(deploySettingsOf(storefront('prod'), 3)).steadyStateSeconds).toBe(85);
  });

  it('rolls a bad image back by circuit breaker before the alarm: 165 s in prod', () => {
    // A failing task: 45 s start + max(60 s grace, 3 × 10 s unhealthy) + 30 s drain = 135 s; the breaker
    // needs max(3, ceil(1.5)) = 3 failures, one batch of 3 → 135 s; the alarm: 45 + 30 + 3 × 60 + 60 = 315 s.
    // Rolled back once the 3 new tasks have drained: 135 + 30 = 165 s.
    expect(deployTiming(deploySettingsOf(storefront('prod'), 3))).toEqual({
      steadyStateSeconds: 85, badImageDetectedSeconds: 135, badImageRolledBackSeconds: 165, detectedBy: 'circuit breaker',
    });
  });

  it('needs two rounds of failures with 2 tasks (dev), still before the alarm', () => {
    // 3 failures in batches of 2 → 2 × 135 = 270 s < 315 s; + 30 s drain.
    expect(deployTiming(deploySettingsOf(storefront('dev'), 2))).toMatchObject({ badImageDetectedSeconds: 270, badImageRolledBackSeconds: 300, detectedBy: 'circuit breaker' });
  });

  it('lets the alarm decide when it is faster than the breaker (many slow-to-fail tasks)', () => {
    const slow = { ...deploySettingsOf(storefront('prod'), 3), healthCheckGracePeriodSeconds: 600 };
    // Breaker: 45 + 600 + 30 = 675 s; alarm: 45 + 30 + 180 + 60 = 315 s.
    expect(deployTiming(slow)).toMatchObject({ badImageDetectedSeconds: 315, detectedBy: 'alarm' });
  });

  it('compares with CDK ecs-patterns defaults: 4.4× slower to settle, and a bad image is never rolled back', () => {
    // 45 s start + one 30 s check + 300 s drain = 375 s.
    const patterns = deployTiming(ecsPatternsDefaults(3));
    expect(patterns).toEqual({ steadyStateSeconds: 375, detectedBy: 'nothing' });
    expect(patterns.steadyStateSeconds / deployTiming(deploySettingsOf(storefront('prod'), 3)).steadyStateSeconds).toBeCloseTo(4.41, 2);
  });
});
