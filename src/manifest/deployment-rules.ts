/**
 * Rules on a web service's `deployment`, in the manifest and in every environment's override (an
 * override's `deployment` replaces the service's whole): each field goes with the strategy that uses
 * it, and the deployment fits in CloudFormation's time. Workers and jobs have no `deployment` at all
 * (workload-rules.ts): they always roll.
 */
import { SERVICE_DEFAULTS } from './defaults';
import type { DeploymentInput } from './deployment-schema';
import { INVALID } from './fields';
import { clauses, Finding, warningId } from './finding';
import type { FieldPath } from './path';
import type { DeploymentPlan } from './plan';
import { deploymentDefaults } from './service-defaults';
import type { ManifestView } from './view';
import { kindOf } from './workload-rules';

/**
 * CloudFormation stops an operation after 36 hours, and rejects an ECS canary or linear deployment
 * whose bake times add up to more than 33 hours (CloudFormation template reference,
 * AWS::ECS::Service CanaryConfiguration and LinearConfiguration). Portside refuses earlier, on its
 * own estimate, which also counts the smoke test hook and the tasks' start.
 */
export const CLOUDFORMATION_DEPLOYMENT_LIMIT_MINUTES = 33 * 60;

/**
 * Minutes the 5XX deployment alarm needs to go off once the new tasks answer errors: 2 one-minute
 * periods of errors and about 1 minute until CloudWatch has evaluated them (DEPLOYMENT_ALARMS in
 * src/infra/service/deployment-alarms.ts; a test keeps the two in step).
 */
export const ALARM_DETECTION_MINUTES = 3;

/** Minutes allowed for the smoke test hook: it answers within one invocation (src/lambda/smoke-test). */
export const SMOKE_TEST_HOOK_MINUTES = 1;
/** Minutes allowed for starting the new tasks before traffic moves (Fargate placement, image pull, health check). */
export const TASK_START_ALLOWANCE_MINUTES = 5;

/**
 * Traffic steps after the first shift, each followed by a bake, as CloudFormation counts them for
 * a linear deployment: 100 ÷ stepPercent − 1 when it divides 100, otherwise its floor (the bake
 * time is not applied once traffic reaches 100 %).
 */
export function linearBakedSteps(stepPercent: number): number {
  const steps = 100 / stepPercent;
  return Math.abs(steps - Math.round(steps)) < 1e-9 ? Math.round(steps) - 1 : Math.floor(steps);
}

/** Bake minutes of a deployment before its old tasks stop: CloudFormation's own formula per strategy. */
export function bakedMinutes(deployment: DeploymentPlan): number {
  switch (deployment.strategy) {
    case 'rolling':
      return 0;
    case 'blue-green':
      return deployment.bakeMinutes;
    case 'canary':
      return deployment.bakeMinutes * 2;
    case 'linear':
      return deployment.bakeMinutes * (1 + linearBakedSteps(deployment.stepPercent ?? SERVICE_DEFAULTS.deployment.stepPercent));
  }
}

/** Portside's estimate of a deployment's minutes in CloudFormation: the bakes, the hook, the tasks' start. */
export function estimatedDeploymentMinutes(deployment: DeploymentPlan): number {
  return bakedMinutes(deployment) + (deployment.smokeTest ? SMOKE_TEST_HOOK_MINUTES : 0) + TASK_START_ALLOWANCE_MINUTES;
}

const TRAFFIC_SHIFTING = 'blue-green, canary or linear';

/** The findings of one written `deployment` (a service's, or an override's that replaces it). */
function deploymentFindings(input: DeploymentInput, path: FieldPath): Finding[] {
  const findings: Finding[] = [];
  const strategy = input.strategy ?? SERVICE_DEFAULTS.deployment.strategy;
  const misplaced = (field: keyof DeploymentInput, reason: string, fix: string) => {
    if (input[field] !== undefined) {
      findings.push({ path: [...path, field], at: 'key', message: clauses(`got ${field} with strategy ${strategy}`, reason, fix) });
    }
  };
  if (strategy !== 'canary') {
    misplaced('canaryPercent', 'canaryPercent is the share a canary deployment moves first', strategy === 'rolling' ? 'remove it, or set strategy: canary' : `remove it, or set strategy: canary (use stepPercent for linear)`);
  }
  if (strategy !== 'linear') {
    misplaced('stepPercent', 'stepPercent is the share a linear deployment moves at each step', 'remove it, or set strategy: linear');
  }
  if (strategy === 'rolling') {
    misplaced('bakeMinutes', 'a rolling deployment stops each old task as soon as its replacement is healthy, so nothing bakes', `remove it, or set strategy: ${TRAFFIC_SHIFTING}`);
    misplaced('smokeTest', 'a rolling deployment has no test listener: new tasks take production traffic as soon as they are healthy', `remove it, or set strategy: ${TRAFFIC_SHIFTING}`);
    return findings;
  }
  const plan = deploymentDefaults(input);
  const minutes = estimatedDeploymentMinutes(plan);
  if (minutes > CLOUDFORMATION_DEPLOYMENT_LIMIT_MINUTES) {
    const room = CLOUDFORMATION_DEPLOYMENT_LIMIT_MINUTES - TASK_START_ALLOWANCE_MINUTES - (plan.smokeTest ? SMOKE_TEST_HOOK_MINUTES : 0);
    const perBake = Math.floor(room / (bakedMinutes(plan) / Math.max(1, plan.bakeMinutes)));
    findings.push({
      path: [...path, input.bakeMinutes === undefined ? 'strategy' : 'bakeMinutes'],
      message: clauses(
        `got a ${strategy} deployment estimated at ${minutes} minutes (${bakedMinutes(plan)} of bakes)`,
        `CloudFormation stops a stack update after 36 hours and refuses ECS deployments whose bakes add up to more than 33 (${CLOUDFORMATION_DEPLOYMENT_LIMIT_MINUTES} minutes)`,
        strategy === 'linear' ? `lower bakeMinutes to at most ${perBake}, or raise stepPercent` : `lower bakeMinutes to at most ${perBake}`,
      ),
    });
  }
  if ((strategy === 'canary' || strategy === 'linear') && plan.bakeMinutes < ALARM_DETECTION_MINUTES) {
    findings.push({
      path: [...path, input.bakeMinutes === undefined ? 'strategy' : 'bakeMinutes'],
      warning: warningId('bake-shorter-than-alarm'),
      message: clauses(
        `got bakeMinutes ${plan.bakeMinutes} with strategy ${strategy}`,
        `the 5XX deployment alarm needs about ${ALARM_DETECTION_MINUTES} minutes to go off, so the next step moves more traffic to a bad image before it is caught`,
        `use bakeMinutes: ${ALARM_DETECTION_MINUTES} or more`,
      ),
    });
  }
  return findings;
}

/** Each web service's `deployment`, and each override's, is consistent and fits CloudFormation's time. */
export function deploymentIsSound(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    if (kindOf(fields) !== 'web') {
      continue;
    }
    const deployment = fields.deployment;
    if (deployment !== undefined && deployment !== INVALID) {
      findings.push(...deploymentFindings(deployment, ['services', service, 'deployment']));
    }
    for (const [environment, view] of manifest.environments.entries) {
      const overridden = view.serviceOverrides.entries.get(service)?.deployment;
      if (overridden !== undefined && overridden !== INVALID) {
        findings.push(...deploymentFindings(overridden, ['environments', environment, 'overrides', 'services', service, 'deployment']));
      }
    }
  }
  return findings;
}

export const DEPLOYMENT_RULES = [deploymentIsSound] as const;
