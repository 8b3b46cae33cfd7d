import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  CountAxisFromZero,
  CustomMetricGroup,
  FargateServiceMonitoring,
  MonitoringFacade,
  TimeAxisSecondsFromZero,
} from 'cdk-monitoring-constructs';
import type { Construct } from 'constructs';
import type { EnvironmentPlan, ServicePlan } from '../../manifest/plan';
import { serviceParameterNames } from './names';
import { CONTAINER_INSIGHTS_NAMESPACE } from './service-alarms';

const ALB = 'AWS/ApplicationELB';
const MINUTE = Duration.minutes(1);

export interface ServiceDashboardContext {
  readonly scope: Construct;
  readonly facade: MonitoringFacade;
  readonly plan: EnvironmentPlan;
  readonly vpc: ec2.IVpc;
  /** Reads a monitoring parameter the service stack published (SSM, resolved at deploy time). */
  readonly parameter: (name: string) => string;
}

/**
 * A service's rows on the environment dashboard, by kind: tasks (CPU, memory, running vs desired)
 * for web services and workers; requests, errors, latency and targets for a web service; the
 * queue's backlog and backlog per task for a worker; runs (started, succeeded, failed, timed out)
 * and their duration for a job. Each reads only the parameters its own kind's stack publishes.
 */
export function addServiceToDashboard(context: ServiceDashboardContext, service: ServicePlan): void {
  const { scope, facade, plan } = context;
  const names = serviceParameterNames(plan.project, plan.name, service.name);
  const workload = service.workload;
  facade.addMediumHeader(`${workload.kind === 'web' ? 'Service' : workload.kind === 'worker' ? 'Worker' : 'Job'} ${service.name}`);
  if (workload.kind === 'job') {
    const stateMachineArn = context.parameter(names.stateMachineArn);
    const runs = (metricName: string, label: string, statistic: string = cloudwatch.Stats.SUM) =>
      new cloudwatch.Metric({ namespace: 'AWS/States', metricName, dimensionsMap: { StateMachineArn: stateMachineArn }, statistic, label, period: Duration.hours(1) });
    facade.monitorCustom({
      humanReadableName: `${service.name} runs (${workload.schedule} ${workload.timezone})`,
      alarmFriendlyName: `${service.name}-runs`,
      metricGroups: [
        {
          title: 'Runs',
          graphWidgetAxis: CountAxisFromZero,
          metrics: [runs('ExecutionsStarted', 'started'), runs('ExecutionsSucceeded', 'succeeded'), runs('ExecutionsFailed', 'failed'), runs('ExecutionsTimedOut', 'timed out')],
        },
        { title: 'Run time', graphWidgetAxis: TimeAxisSecondsFromZero, metrics: [runs('ExecutionTime', 'longest run (ms)', cloudwatch.Stats.MAXIMUM)] },
      ],
    });
    return;
  }

  const clusterName = context.parameter(names.clusterName);
  const serviceName = context.parameter(names.serviceName);
  const cluster = ecs.Cluster.fromClusterAttributes(scope, `Cluster-${service.name}`, { clusterName, vpc: context.vpc });
  const fargateService = ecs.FargateService.fromFargateServiceAttributes(scope, `Service-${service.name}`, { cluster, serviceName });
  facade.addSegment(new FargateServiceMonitoring(facade, { fargateService, humanReadableName: `${service.name} tasks`, alarmFriendlyName: service.name }));
  const tasks = (metricName: string, label: string) => new cloudwatch.Metric({
    namespace: CONTAINER_INSIGHTS_NAMESPACE,
    metricName,
    dimensionsMap: { ClusterName: clusterName, ServiceName: serviceName },
    statistic: cloudwatch.Stats.AVERAGE,
    label,
    period: MINUTE,
  });
  const runningVsDesired: CustomMetricGroup = {
    title: 'Running vs desired tasks',
    graphWidgetAxis: CountAxisFromZero,
    metrics: [tasks('RunningTaskCount', 'running'), tasks('DesiredTaskCount', 'desired')],
  };

  if (workload.kind === 'worker') {
    const queue = plan.queues.find((candidate) => candidate.name === workload.queue);
    const visible = new cloudwatch.Metric({
      namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensionsMap: { QueueName: queue?.queueName ?? workload.queue },
      statistic: cloudwatch.Stats.MAXIMUM, label: 'visible messages', period: MINUTE,
    });
    const perTask = new cloudwatch.MathExpression({
      expression: 'visible / FILL(running, 1)',
      usingMetrics: { visible, running: tasks('RunningTaskCount', 'running') },
      label: `messages per task (target ${service.scaling.messagesPerTask})`,
      period: MINUTE,
    });
    facade.monitorCustom({
      humanReadableName: `${service.name} backlog and tasks`,
      alarmFriendlyName: `${service.name}-backlog`,
      metricGroups: [
        { title: 'Backlog', graphWidgetAxis: CountAxisFromZero, metrics: [visible] },
        { title: 'Backlog per task', graphWidgetAxis: CountAxisFromZero, metrics: [perTask] },
        runningVsDesired,
      ],
    });
    return;
  }

  const loadBalancer = { LoadBalancer: context.parameter(names.loadBalancerFullName) };
  const target = { ...loadBalancer, TargetGroup: context.parameter(names.targetGroupFullName) };
  const alb = (metricName: string, dimensionsMap: Record<string, string>, statistic: string, label: string) =>
    new cloudwatch.Metric({ namespace: ALB, metricName, dimensionsMap, statistic, label, period: MINUTE });
  const groups: CustomMetricGroup[] = [
    { title: 'Requests', graphWidgetAxis: CountAxisFromZero, metrics: [alb('RequestCount', loadBalancer, cloudwatch.Stats.SUM, 'requests')] },
    {
      title: '4XX / 5XX',
      graphWidgetAxis: CountAxisFromZero,
      metrics: [
        alb('HTTPCode_Target_4XX_Count', target, cloudwatch.Stats.SUM, 'target 4XX'),
        alb('HTTPCode_Target_5XX_Count', target, cloudwatch.Stats.SUM, 'target 5XX'),
        alb('HTTPCode_ELB_5XX_Count', loadBalancer, cloudwatch.Stats.SUM, 'load balancer 5XX'),
      ],
    },
    {
      title: 'Response time',
      graphWidgetAxis: TimeAxisSecondsFromZero,
      metrics: [
        alb('TargetResponseTime', target, cloudwatch.Stats.p(50), 'p50'),
        alb('TargetResponseTime', target, cloudwatch.Stats.p(99), 'p99'),
      ],
    },
    {
      title: 'Targets',
      graphWidgetAxis: CountAxisFromZero,
      metrics: [
        alb('HealthyHostCount', target, cloudwatch.Stats.MINIMUM, 'healthy'),
        alb('UnHealthyHostCount', target, cloudwatch.Stats.MAXIMUM, 'unhealthy'),
      ],
    },
    runningVsDesired,
  ];
  facade.monitorCustom({ humanReadableName: `${service.name} load balancer and tasks`, alarmFriendlyName: `${service.name}-alb`, metricGroups: groups });
}
