import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Construct } from 'constructs';
import type { EnvironmentSchedulePlan, ServicePlan } from '../../manifest/plan';
import { sleepTimes } from '../sleep/sleep-times';
import { capacityProviderStrategies } from './capacity';
import type { ServiceDatabaseUser } from './service-database-user';
import { carryCallerGroups, ServiceTask } from './service-task';

export interface TaskServiceProps {
  readonly service: ServicePlan;
  readonly cluster: ecs.ICluster;
  readonly task: ServiceTask;
  readonly databases: readonly ServiceDatabaseUser[];
  /** Web services only: how long a starting task may fail its load balancer health check. */
  readonly healthCheckGracePeriod?: Duration;
  /**
   * Web services only: ECS's strategy settings (test-listener.ts `deploymentStrategyProps`).
   * @default - rolling
   */
  readonly strategy?: Partial<ecs.FargateServiceProps>;
}

/**
 * The ECS service that keeps a web service's or worker's tasks running (construct id `Service`):
 * rolling 100 %/200 % with the circuit breaker rolling back, the latest platform version (1.4.0 or
 * later, required for EFS), the private subnets of every AZ without public IPs, AZ rebalancing, the
 * profile's capacity (Spot beside one on-demand task in economy), tags propagated, the caller groups
 * of the services it calls, and its first tasks only once its database users exist. No tasks until
 * an image is set (ContainerImageInput).
 */
export function addTaskService(scope: Construct, props: TaskServiceProps): ecs.FargateService {
  const { service, task } = props;
  const ecsService = new ecs.FargateService(scope, 'Service', {
    cluster: props.cluster,
    taskDefinition: task.taskDefinition,
    desiredCount: task.image.desiredCount(service.desiredCount),
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    circuitBreaker: { enable: true, rollback: true },
    ...(props.healthCheckGracePeriod ? { healthCheckGracePeriod: props.healthCheckGracePeriod } : {}),
    platformVersion: ecs.FargatePlatformVersion.LATEST,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    securityGroups: [task.securityGroup],
    assignPublicIp: false,
    availabilityZoneRebalancing: ecs.AvailabilityZoneRebalancing.ENABLED,
    capacityProviderStrategies: capacityProviderStrategies(service.useSpot),
    propagateTags: ecs.PropagatedTagSource.SERVICE,
    enableECSManagedTags: true,
    ...props.strategy,
  });
  carryCallerGroups(ecsService, task);
  for (const user of props.databases) {
    ecsService.node.addDependency(user.user);
  }
  return ecsService;
}

/** Scaling reacts within a minute; scale-in waits longer so the tail of a burst is not cut short. */
export const SCALING_COOLDOWNS = { out: Duration.seconds(60), in: Duration.seconds(300) } as const;

/**
 * Scales the service between desiredCount and maxCount once an image is set, and between 0 and 0
 * before, so Application Auto Scaling never starts a placeholder task (only the `HasImage` condition
 * chooses: a deploy that changes the image leaves the bounds, and the count scaling chose, as they
 * are), and on CPU at the manifest's target. Each kind adds its own second target.
 *
 * In a sleeping environment two scheduled actions move the bounds: 0–0 when the window closes (every
 * day) and back to desiredCount–maxCount when it opens. A scheduled action sets MinCapacity and
 * MaxCapacity, and Application Auto Scaling then scales in to the new maximum or out to the new
 * minimum; target tracking keeps working inside the bounds, so at 0–0 it cannot start a task, and
 * after the wake it scales from desiredCount as before
 * (https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-policy-overview.html).
 */
export function scaleTaskCount(ecsService: ecs.FargateService, task: ServiceTask, service: ServicePlan, schedule?: EnvironmentSchedulePlan): ecs.ScalableTaskCount {
  const minCapacity = task.image.taskCount(service.desiredCount);
  const maxCapacity = task.image.taskCount(service.maxCount);
  const scaling = ecsService.autoScaleTaskCount({ minCapacity, maxCapacity });
  if (schedule) {
    const times = sleepTimes(schedule);
    const timeZone = TimeZone.of(times.timezone);
    scaling.scaleOnSchedule('Sleep', { schedule: appscaling.Schedule.expression(times.servicesSleep), timeZone, minCapacity: 0, maxCapacity: 0 });
    // The same bounds as the target's own, so a service without an image stays at 0 after a wake too.
    scaling.scaleOnSchedule('Wake', { schedule: appscaling.Schedule.expression(times.servicesWake), timeZone, minCapacity, maxCapacity });
  }
  scaling.scaleOnCpuUtilization('CpuScaling', {
    targetUtilizationPercent: service.scaling.cpuPercent,
    scaleOutCooldown: SCALING_COOLDOWNS.out,
    scaleInCooldown: SCALING_COOLDOWNS.in,
  });
  return scaling;
}
