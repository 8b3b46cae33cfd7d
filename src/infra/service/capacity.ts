import type * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * Where a service's tasks run: with Spot, one on-demand task always and the rest mostly on Fargate
 * Spot (an interruption never empties the service); without, on-demand Fargate only.
 */
export function capacityProviderStrategies(useSpot: boolean): ecs.CapacityProviderStrategy[] {
  return useSpot
    ? [
      { capacityProvider: 'FARGATE', base: 1, weight: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
    ]
    : [{ capacityProvider: 'FARGATE', weight: 1 }];
}
