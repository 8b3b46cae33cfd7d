import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DefaultDashboardFactory, MonitoringFacade, SnsAlarmActionStrategy } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import type { ServicePlan } from '../../manifest/plan';
import type { FargateWebService } from '../service/fargate-web-service';
import { alarmDescription, SERVICE_ALARMS, serviceCpuAlarmPercent } from './alarm-thresholds';
import { alarmTopicArn } from './environment-alarm-topic';

export interface ServiceAlarmsProps {
  readonly project: string;
  readonly environment: string;
  readonly service: ServicePlan;
  /** The ECS service whose tasks are watched. */
  readonly ecsService: ecs.FargateService;
  /** A web service: its load balancer and target group are watched too. */
  readonly web?: FargateWebService;
  /** The alarms ECS watches while it deploys (created with the service); here they get the topic as action. */
  readonly deploymentAlarms: readonly cloudwatch.Alarm[];
}

/** The ECS Container Insights namespace (Container Insights is on for every environment's cluster). */
export const CONTAINER_INSIGHTS_NAMESPACE = 'ECS/ContainerInsights';

/**
 * A service's operational alarms, in its own stack, all named `<stack>-<what>` and notifying the
 * environment's alarm topic (found by the ARN built from its name, so no stack reference) on ALARM and
 * on OK:
 * - the two deployment alarms of FargateWebService (`-deploy-5xx`, `-deploy-unhealthy`), which ECS
 *   also watches to roll deployments back. They stay hand-written there: ECS must be given their
 *   literal names and they must exist before the service, and the library has no target 5XX-count
 *   alarm (its load-balancer monitoring alarms on task counts only). Here they only get actions.
 * - through cdk-monitoring-constructs (a MonitoringFacade without a dashboard; the environment's
 *   dashboard is in the operations stack): CPU and memory saturation with the library's Fargate
 *   monitoring, and p99 latency and tasks below desired as custom metrics (the library has no
 *   target response time alarm, and its running-task alarm compares with a fixed count, not with
 *   the desired count that autoscaling moves).
 * Thresholds: `alarm-thresholds.ts`; meaning and what to do: docs/operations.md.
 */
export class ServiceAlarms extends Construct {
  public readonly facade: MonitoringFacade;
  /** Every alarm of the service, the deployment alarms included. */
  public readonly alarms: cloudwatch.AlarmBase[];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const { service, web, ecsService } = props;
    const stackName = Stack.of(this).stackName;
    const topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', alarmTopicArn(this, props.project, props.environment));

    for (const alarm of props.deploymentAlarms) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }

    this.facade = new MonitoringFacade(this, 'Monitoring', {
      alarmFactoryDefaults: {
        alarmNamePrefix: stackName,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: topic, onOkTopic: topic }),
      },
      dashboardFactory: new DefaultDashboardFactory(this, 'Dashboards', { dashboardNamePrefix: stackName, createDashboard: false }),
    });

    const { cpu, memory, p99Latency, tasksBelowDesired } = SERVICE_ALARMS;
    const cpuPercent = serviceCpuAlarmPercent(service.scaling.cpuPercent);
    const saturation = {
      fargateService: ecsService,
      humanReadableName: service.name,
      alarmFriendlyName: service.name,
      addCpuUsageAlarm: {
        Warning: {
          maxUsagePercent: cpuPercent,
          alarmNameOverride: `${stackName}-cpu`,
          alarmDescriptionOverride: alarmDescription(cpu.severity,
            `${service.name}: its tasks averaged more than ${cpuPercent} % CPU (ECS CPUUtilization) for ${minutes(cpu)} minutes, `
            + `above the ${service.scaling.cpuPercent} % autoscaling target: it cannot scale out fast enough, or runs ${service.maxCount} tasks (maxCount) already.`,
            'check the task count against maxCount and the request rate on the dashboard; raise maxCount or cpu in the manifest, or find the code path that burns CPU.'),
          period: cpu.period,
          datapointsToAlarm: cpu.periods,
          evaluationPeriods: cpu.periods,
          // No tasks (before the first image), no data: nothing is saturated, and tasks-below-desired covers missing tasks.
          treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      },
      addMemoryUsageAlarm: {
        Warning: {
          maxUsagePercent: memory.percent,
          alarmNameOverride: `${stackName}-memory`,
          alarmDescriptionOverride: alarmDescription(memory.severity,
            `${service.name}: its tasks averaged more than ${memory.percent} % of their ${service.memoryMiB} MiB memory (ECS MemoryUtilization) for ${minutes(memory)} minutes. `
            + 'Autoscaling does not scale on memory; a task that reaches its limit is killed (exit code 137, OutOfMemoryError) and replaced.',
            'look for stopped tasks with OutOfMemoryError in the ECS console and for growth in the service logs; raise memoryMiB in the manifest or fix the leak.'),
          period: memory.period,
          datapointsToAlarm: memory.periods,
          evaluationPeriods: memory.periods,
          treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      },
    };
    if (web) {
      this.facade.monitorFargateApplicationLoadBalancer({ ...saturation, applicationLoadBalancer: web.loadBalancer, applicationTargetGroup: web.targetGroup });
    } else {
      this.facade.monitorSimpleFargateService(saturation);
    }

    // No label: a labelled metric becomes a metric query, and EvaluateLowSampleCountPercentile applies to plain percentile alarms.
    const p99 = web?.targetGroup.metrics.targetResponseTime({ statistic: 'p99', period: p99Latency.period });
    const tasks = (metricName: string) => new cloudwatch.Metric({
      namespace: CONTAINER_INSIGHTS_NAMESPACE,
      metricName,
      dimensionsMap: { ClusterName: ecsService.cluster.clusterName, ServiceName: ecsService.serviceName },
      statistic: cloudwatch.Stats.AVERAGE,
      period: tasksBelowDesired.period,
    });
    // Desired 0 (no image yet, or scaled to zero on purpose) is never "below desired"; a minute
    // without a running-task sample counts as 0 running.
    const missingTasks = new cloudwatch.MathExpression({
      expression: 'IF(desired > 0, desired - FILL(running, 0), 0)',
      usingMetrics: { desired: tasks('DesiredTaskCount'), running: tasks('RunningTaskCount') },
      label: 'tasks below desired',
      period: tasksBelowDesired.period,
    });
    this.facade.monitorCustom({
      humanReadableName: web ? `${service.name} latency and tasks` : `${service.name} tasks`,
      alarmFriendlyName: service.name,
      metricGroups: [
        ...(p99 ? [{
          title: 'Target response time p99',
          metrics: [{
            metric: p99,
            alarmFriendlyName: 'p99-latency',
            addAlarm: {
              Warning: {
                threshold: p99Latency.seconds,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                alarmNameOverride: `${stackName}-p99-latency`,
                alarmDescriptionOverride: alarmDescription(p99Latency.severity,
                  `${service.name}: 1 % of its requests took longer than ${p99Latency.seconds} s (target response time p99) in ${p99Latency.periods} consecutive `
                  + `${p99Latency.period.toMinutes()}-minute periods. Periods with too few requests for a p99 are not evaluated.`,
                  'compare with the request count, CPU and database panels on the dashboard: slow queries, a saturated database or too few tasks are the usual causes; read the service logs for slow endpoints.'),
                datapointsToAlarm: p99Latency.periods,
                evaluationPeriods: p99Latency.periods,
                // No requests, no latency: an idle service is fine.
                treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
                evaluateLowSampleCountPercentile: false,
              },
            },
          }],
        }] : []),
        {
          title: 'Tasks below desired',
          metrics: [{
            metric: missingTasks,
            alarmFriendlyName: 'tasks-below-desired',
            addAlarm: {
              Critical: {
                threshold: 1,
                comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                alarmNameOverride: `${stackName}-tasks-below-desired`,
                alarmDescriptionOverride: alarmDescription(tasksBelowDesired.severity,
                  `${service.name}: at least one task fewer than ECS wants has been running (Container Insights RunningTaskCount < DesiredTaskCount) `
                  + `for ${minutes(tasksBelowDesired)} minutes: tasks keep failing to start or to stay up, or Fargate (Spot) has no capacity.`,
                  'open the service\'s Events and Stopped tasks in the ECS console for the stop reason (image pull, secrets, health check, OutOfMemoryError, Spot interruption) and the service logs.'),
                datapointsToAlarm: tasksBelowDesired.periods,
                evaluationPeriods: tasksBelowDesired.periods,
                // No Container Insights data means no service to count yet (before the first deploy), not missing tasks.
                treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
              },
            },
          }],
        },
      ],
    });

    this.alarms = [...props.deploymentAlarms, ...this.facade.createdAlarms().map((created) => created.alarm)];
  }
}

function minutes(window: { period: { toMinutes(): number }; periods: number }): number {
  return window.period.toMinutes() * window.periods;
}
