import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { ServicePlan, WebWorkloadPlan } from '../../manifest/plan';
import { alarmDescription } from '../operations/alarm-thresholds';

/**
 * The alarms ECS watches while it deploys (and during the bake time after): either one in ALARM fails
 * the deployment and rolls it back (ROLLBACK_ON_ALARM), beside the circuit breaker. Both read the
 * service's target group, so they see the new tasks as soon as the load balancer sends them traffic.
 * The README ("Deploy safety") derives its rollback times from these numbers: keep them in step.
 */
export const DEPLOYMENT_ALARMS = {
  /** Target 5XX responses: Sum ≥ 5 in each of 2 consecutive one-minute periods (no traffic is not an error). */
  target5xx: { period: Duration.minutes(1), threshold: 5, evaluationPeriods: 2 },
  /**
   * Unhealthy targets: Maximum ≥ 1 for every minute of a window longer than the grace period
   * (at least 3 minutes), so tasks still starting inside the grace period, which ECS itself tolerates,
   * never trip it during a healthy rolling deployment.
   */
  unhealthyHosts: { period: Duration.minutes(1), threshold: 1, minimumEvaluationPeriods: 3 },
} as const;

/** Minutes of continuous unhealthy targets that trip the unhealthy-hosts alarm: the grace period plus 2, at least 3. */
export function unhealthyAlarmMinutes(healthCheckGracePeriodSeconds: number): number {
  return Math.max(DEPLOYMENT_ALARMS.unhealthyHosts.minimumEvaluationPeriods, Math.ceil(healthCheckGracePeriodSeconds / 60) + 2);
}

export interface DeploymentAlarmsProps {
  readonly service: ServicePlan;
  readonly web: WebWorkloadPlan;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly ecsService: ecs.FargateService;
  /**
   * Blue-green, canary and linear: the alternate target group. ECS registers each deployment's new
   * tasks in whichever group is idle, so the alarms read both.
   * @default - rolling: the one target group
   */
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
}

/** A target group metric, or across both groups of a traffic-shifting service (`combine` of the two, a missing minute as 0). */
function acrossGroups(
  metric: (group: elbv2.ApplicationTargetGroup) => cloudwatch.Metric,
  primary: elbv2.ApplicationTargetGroup,
  alternate: elbv2.ApplicationTargetGroup | undefined,
  combine: 'sum' | 'max',
  label: string,
): cloudwatch.IMetric {
  if (!alternate) {
    return metric(primary);
  }
  return new cloudwatch.MathExpression({
    expression: combine === 'sum' ? 'FILL(primary, 0) + FILL(alternate, 0)' : 'MAX([FILL(primary, 0), FILL(alternate, 0)])',
    usingMetrics: { primary: metric(primary), alternate: metric(alternate) },
    label,
    period: metric(primary).period,
  });
}

/**
 * The deployment alarms, named `<stack>-deploy-5xx` and `<stack>-deploy-unhealthy` (stack names are
 * unique per account and region). The service names them as literals and depends on them, so they
 * exist before ECS is told to watch them; their metrics read the target group and load balancer,
 * never the service, so there is no dependency cycle. ECS reads their state itself; the service
 * stack's ServiceAlarms adds the alarm topic as their ALARM and OK action.
 */
export function addDeploymentAlarms(scope: Construct, { service, web, targetGroup, ecsService, alternateTargetGroup }: DeploymentAlarmsProps) {
  const stackName = Stack.of(scope).stackName;
  const { target5xx, unhealthyHosts } = DEPLOYMENT_ALARMS;
  const unhealthyMinutes = unhealthyAlarmMinutes(web.healthCheckGracePeriodSeconds);
  const names = { target5xx: `${stackName}-deploy-5xx`, unhealthyHosts: `${stackName}-deploy-unhealthy` };
  const alarms = {
    target5xx: new cloudwatch.Alarm(scope, 'Deploy5xxAlarm', {
      alarmName: names.target5xx,
      alarmDescription: alarmDescription('critical',
        `Rolls back ECS deployments of ${service.name}: its targets answered ${target5xx.threshold} or more 5XX responses `
        + `in each of ${target5xx.evaluationPeriods} consecutive minutes. During a deployment ECS rolls back to the previous task definition `
        + '(and the stack update fails); outside one, the running version is failing requests.',
        'after a rollback, read the failed tasks\' logs, fix and ship again; otherwise read the service logs for the errors, check the database '
        + 'panels of the dashboard, and if a release caused it deploy the previous ImageUri.'),
      metric: acrossGroups((group) => group.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        period: target5xx.period,
        statistic: cloudwatch.Stats.SUM,
      }), targetGroup, alternateTargetGroup, 'sum', 'Target 5XX responses'),
      threshold: target5xx.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: target5xx.evaluationPeriods,
      datapointsToAlarm: target5xx.evaluationPeriods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    unhealthyHosts: new cloudwatch.Alarm(scope, 'DeployUnhealthyAlarm', {
      alarmName: names.unhealthyHosts,
      alarmDescription: alarmDescription('critical',
        `Rolls back ECS deployments of ${service.name}: at least ${unhealthyHosts.threshold} target failed its load balancer `
        + `health check in each of ${unhealthyMinutes} consecutive minutes (longer than the ${web.healthCheckGracePeriodSeconds} s grace period). `
        + 'During a deployment ECS rolls back; outside one, tasks are failing their health check and being replaced.',
        `check ${web.healthCheckPath} on the failing tasks (service logs, ECS stopped-task reasons); a dependency the health check calls `
        + '(database, volume) may be down: see the dashboard.'),
      metric: acrossGroups((group) => group.metrics.unhealthyHostCount({
        period: unhealthyHosts.period,
        statistic: cloudwatch.Stats.MAXIMUM,
      }), targetGroup, alternateTargetGroup, 'max', 'Unhealthy targets'),
      threshold: unhealthyHosts.threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: unhealthyMinutes,
      datapointsToAlarm: unhealthyMinutes,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
  };
  // Literal names (a Ref would work too, but CDK then warns of a possible cycle); the explicit
  // dependency keeps the order a Ref would give: alarms first, then the service that watches them.
  ecsService.enableDeploymentAlarms([names.target5xx, names.unhealthyHosts], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
  const cfnService = ecsService.node.defaultChild as ecs.CfnService;
  cfnService.node.addDependency(alarms.target5xx, alarms.unhealthyHosts);
  return alarms;
}
