import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { DeploymentPlan } from '../../manifest/plan';

/**
 * The ports of a web service's test listener (blue-green, canary, linear): plain HTTP without a
 * domain, HTTPS with the service's certificate with one. Only the VPC reaches them (the load
 * balancer's security group admits its CIDR only), so a new image is checked before any user sees it.
 */
export const TEST_LISTENER_PORTS = { http: 8080, https: 8443 } as const;

/** ECS's strategy for each manifest strategy. */
export const ECS_STRATEGIES: Readonly<Record<DeploymentPlan['strategy'], ecs.DeploymentStrategy>> = {
  rolling: ecs.DeploymentStrategy.ROLLING,
  'blue-green': ecs.DeploymentStrategy.BLUE_GREEN,
  canary: ecs.DeploymentStrategy.CANARY,
  linear: ecs.DeploymentStrategy.LINEAR,
};

/**
 * The FargateService settings of a deployment: nothing for rolling (the service synthesizes exactly
 * as before version 2); otherwise the strategy, the bake after the full shift, and the canary or
 * linear step with the same bake at each step.
 */
export function deploymentStrategyProps(deployment: DeploymentPlan): Partial<ecs.FargateServiceProps> {
  if (deployment.strategy === 'rolling') {
    return {};
  }
  const bake = Duration.minutes(deployment.bakeMinutes);
  return {
    deploymentStrategy: ECS_STRATEGIES[deployment.strategy],
    bakeTime: bake,
    ...(deployment.strategy === 'canary' ? { canaryConfiguration: { stepPercent: deployment.canaryPercent, stepBakeTime: bake } } : {}),
    ...(deployment.strategy === 'linear' ? { linearConfiguration: { stepPercent: deployment.stepPercent, stepBakeTime: bake } } : {}),
  };
}
