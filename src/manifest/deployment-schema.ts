/**
 * The shape of a web service's `deployment` (MANIFEST.md, version 2): how ECS moves traffic to a new
 * image. Ranges are the ones ECS accepts (ECS API reference, CanaryConfiguration and
 * LinearConfiguration; DeploymentConfiguration.BakeTimeInMinutes):
 * - canaryPercent: multiples of 0.1 from 0.1 to 100.0;
 * - stepPercent (linear): multiples of 0.1 from 3.0 to 100.0;
 * - bake times: 0 to 1440 minutes (24 hours).
 * Which field goes with which strategy, and the CloudFormation time limit, are deployment-rules.ts.
 */
import { z } from 'zod';
import { clauses } from './finding';
import { field } from './hints';
import { integer } from './schema-helpers';

export const DEPLOYMENT_STRATEGIES = ['rolling', 'blue-green', 'canary', 'linear'] as const;

/** ECS's own ranges, cited above; the rules and the messages read them from here. */
export const DEPLOYMENT_LIMITS = {
  bakeMinutes: { min: 0, max: 1440 },
  canaryPercent: { min: 0.1, max: 100 },
  stepPercent: { min: 3, max: 100 },
} as const;

/** A percentage in tenths between min and max, as ECS takes them; `allowed` names the field in the message. */
function tenths(min: number, max: number, allowed: string) {
  return z.number().min(min).max(max).superRefine((value, context) => {
    if (Math.abs(value * 10 - Math.round(value * 10)) > 1e-9) {
      context.addIssue({ code: 'custom', message: clauses(`got ${value}`, allowed, `use ${Math.round(value * 10) / 10}`) });
    }
  });
}

const CANARY_ALLOWED = 'canaryPercent is 0.1–100 in steps of 0.1 (what ECS accepts)';
const STEP_ALLOWED = 'stepPercent is 3–100 in steps of 0.1 (what ECS accepts)';

export const deploymentSchema = field(
  z.strictObject({
    strategy: field(
      z.enum(DEPLOYMENT_STRATEGIES),
      'rolling: new tasks replace old ones as they pass their health check; blue-green: a full new set is started and checked on the test listener, then all traffic moves at once; canary: canaryPercent of the traffic moves first, the rest after bakeMinutes; linear: stepPercent more every bakeMinutes. Default: rolling.',
      { allowed: 'strategy is rolling, blue-green, canary or linear', example: 'canary' },
    ).optional(),
    bakeMinutes: field(
      integer(DEPLOYMENT_LIMITS.bakeMinutes.min, DEPLOYMENT_LIMITS.bakeMinutes.max),
      'blue-green, canary and linear: minutes the new tasks serve at each traffic step (the canary phase, every linear step) and after all traffic has moved, while the old tasks still run and a rollback only moves traffic back. Default: 5.',
      { allowed: 'bakeMinutes is 0–1440 (ECS\'s limit, 24 hours)', fix: 'use e.g. 5', example: '5' },
    ).optional(),
    canaryPercent: field(
      tenths(DEPLOYMENT_LIMITS.canaryPercent.min, DEPLOYMENT_LIMITS.canaryPercent.max, CANARY_ALLOWED),
      'canary only: share of the production traffic the new tasks take first, for bakeMinutes. Default: 5 (ECS\'s default).',
      { allowed: CANARY_ALLOWED, fix: 'use e.g. 10', example: '10' },
    ).optional(),
    stepPercent: field(
      tenths(DEPLOYMENT_LIMITS.stepPercent.min, DEPLOYMENT_LIMITS.stepPercent.max, STEP_ALLOWED),
      'linear only: share of the production traffic moved at each step, every bakeMinutes. Default: 10 (ECS\'s default).',
      { allowed: STEP_ALLOWED, fix: 'use e.g. 20', example: '20' },
    ).optional(),
    smokeTest: field(
      z.string().max(1024).regex(/^\/\S*$/),
      'blue-green, canary and linear: a path the new tasks must answer with 2xx on the test listener before any production traffic moves; otherwise the deployment rolls back. Default: none.',
      {
        allowed: 'expected a URL path starting with /',
        fix: (input) => (typeof input === 'string' && /^\S+$/.test(input) ? `write "/${input.replace(/^\/*/, '')}"` : 'write a path such as /health/deep'),
        example: '/health/deep',
      },
    ).optional(),
  }),
  'Web services: how a new image reaches the traffic (ECS-native rolling, blue/green, canary or linear deployment); a failed deployment rolls back automatically in each.',
  { kind: 'a mapping { strategy, bakeMinutes, canaryPercent, stepPercent, smokeTest }', example: '{ strategy: canary, canaryPercent: 10 }' },
);

export type DeploymentInput = z.output<typeof deploymentSchema>;
