import { Duration, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import type { EnvironmentSchedulePlan, QueuePlan, ServicePlan, WorkerWorkloadPlan } from '../../manifest/plan';
import { alarmDescription } from '../operations/alarm-thresholds';
import { CONTAINER_INSIGHTS_NAMESPACE } from '../operations/service-alarms';
import type { ServiceTaskProps } from './service-task';
import { TaskWorkload } from './task-workload';
import { addTaskService, scaleTaskCount, SCALING_COOLDOWNS } from './task-service';

export interface FargateWorkerServiceProps extends Omit<ServiceTaskProps, 'variables'> {
  readonly cluster: ecs.ICluster;
  /** The queue the worker consumes (planned names: the queue lives in the data stack, found by name). */
  readonly queue: QueuePlan;
  /**
   * The environment's awake window: outside it the service scales to 0 (scheduled actions).
   * @default - awake around the clock
   */
  readonly schedule?: EnvironmentSchedulePlan;
}

/**
 * The deployment alarm of a worker, which has no load balancer to watch: messages reaching the
 * dead-letter queue. Its depth rising in each of 2 consecutive minutes while new tasks run means they
 * fail the messages they receive (each failed maxReceiveCount times); ECS then rolls back. A level
 * would roll back every deployment while old dead letters wait, so the alarm reads the rise (DIFF).
 */
export const WORKER_DEPLOYMENT_ALARM = { period: Duration.minutes(1), periods: 2, threshold: 1 } as const;

/**
 * A worker: a Fargate service with no load balancer that consumes one queue. Deploy safety is the
 * circuit breaker (tasks that fail to start or keep stopping roll the deployment back) and the
 * dead-letter alarm above; a stopping task gets the stop timeout (120 s, Fargate's maximum) to finish
 * the message in hand. It scales between desiredCount and maxCount on the backlog per task
 * (visible messages ÷ running tasks, target messagesPerTask), and on CPU.
 */
export class FargateWorkerService extends TaskWorkload {
  public readonly service: ecs.FargateService;
  /** Dead letters rising: ECS rolls a deployment back when it goes off. */
  public readonly deployDeadLettersAlarm: cloudwatch.Alarm;
  /** Visible messages ÷ running tasks: what the backlog scaling tracks. */
  public readonly backlogPerTask: cloudwatch.MathExpression;

  constructor(scope: Construct, id: string, props: FargateWorkerServiceProps) {
    const worker = workerOf(props.service);
    if (worker.queue !== props.queue.name) {
      throw new Error(`worker ${props.service.name} consumes queue ${worker.queue}, not ${props.queue.name}`);
    }
    super(scope, id, props);
    const { service, queue } = props;
    const task = this.task;

    this.service = addTaskService(this, { service, cluster: props.cluster, task, databases: props.databases });

    const queueMetric = (queueName: string) => new cloudwatch.Metric({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensionsMap: { QueueName: queueName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    });
    const runningTasks = new cloudwatch.Metric({
      namespace: CONTAINER_INSIGHTS_NAMESPACE,
      metricName: 'RunningTaskCount',
      dimensionsMap: { ClusterName: props.cluster.clusterName, ServiceName: this.service.serviceName },
      statistic: cloudwatch.Stats.AVERAGE,
      period: Duration.minutes(1),
    });
    this.backlogPerTask = new cloudwatch.MathExpression({
      expression: 'visible / FILL(running, 1)',
      usingMetrics: { visible: queueMetric(queue.queueName), running: runningTasks },
      label: `${queue.name} messages per task`,
      period: Duration.minutes(1),
    });
    this.deployDeadLettersAlarm = this.addDeploymentAlarm(service, queue, queueMetric(queue.deadLetterQueueName));
    this.addAutoScaling(service, props.schedule);
  }

  private addDeploymentAlarm(service: ServicePlan, queue: QueuePlan, deadLetters: cloudwatch.Metric): cloudwatch.Alarm {
    const name = `${Stack.of(this).stackName}-deploy-dead-letters`;
    const { period, periods, threshold } = WORKER_DEPLOYMENT_ALARM;
    const alarm = new cloudwatch.Alarm(this, 'DeployDeadLettersAlarm', {
      alarmName: name,
      alarmDescription: alarmDescription('critical',
        `Rolls back ECS deployments of ${service.name}: messages of queue ${queue.name} kept reaching its dead-letter queue `
        + `(each after ${queue.maxReceiveCount} failed deliveries) in each of ${periods} consecutive minutes. During a deployment ECS `
        + 'rolls back to the previous task definition; outside one, the running version fails messages.',
        `read the worker's logs for the failing messages; inspect them in ${queue.deadLetterQueueName} and, once fixed, redrive them to the queue (SQS console, "Start DLQ redrive").`),
      metric: new cloudwatch.MathExpression({
        expression: 'DIFF(FILL(deadLetters, 0))',
        usingMetrics: { deadLetters },
        label: 'new dead letters',
        period,
      }),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Named literally and created first, as for a web service's deployment alarms.
    this.service.enableDeploymentAlarms([name], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
    (this.service.node.defaultChild as ecs.CfnService).node.addDependency(alarm);
    return alarm;
  }

  /**
   * CPU (scaleTaskCount) and the backlog per task: Application Auto Scaling takes metric math, CDK's
   * custom-metric helper takes a single metric only, so the math is written onto the policy.
   */
  private addAutoScaling(service: ServicePlan, schedule: EnvironmentSchedulePlan | undefined): void {
    const scaling = scaleTaskCount(this.service, this.task, service, schedule);
    scaling.scaleToTrackCustomMetric('BacklogScaling', {
      metric: this.backlogPerTask.usingMetrics.visible as cloudwatch.Metric,
      targetValue: service.scaling.messagesPerTask,
      scaleOutCooldown: SCALING_COOLDOWNS.out,
      scaleInCooldown: SCALING_COOLDOWNS.in,
    });
    // The policy is created under the service's scalable target, which the task count wraps.
    const backlog = scaling.node.findAll().find((construct) => construct.node.id === 'BacklogScaling');
    if (!backlog) {
      throw new Error('internal error: the backlog scaling policy was not created');
    }
    const policy = backlog.node.defaultChild as appscaling.CfnScalingPolicy;
    const spec = 'TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification';
    for (const property of ['MetricName', 'Namespace', 'Statistic', 'Dimensions', 'Unit']) {
      policy.addPropertyDeletionOverride(`${spec}.${property}`);
    }
    policy.addPropertyOverride(`${spec}.Metrics`, backlogQueries(this.backlogPerTask));
  }
}

/** The math expression as Application Auto Scaling's metric data queries: one per metric, the expression last. */
function backlogQueries(expression: cloudwatch.MathExpression): unknown[] {
  const queries = Object.entries(expression.usingMetrics).map(([id, metric]) => {
    const stat = (metric as cloudwatch.Metric);
    return {
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: stat.namespace,
          MetricName: stat.metricName,
          Dimensions: Object.entries(stat.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
        },
        Stat: stat.statistic,
      },
      ReturnData: false,
    };
  });
  return [...queries, { Id: 'backlog', Expression: expression.expression, Label: expression.label, ReturnData: true }];
}

function workerOf(service: ServicePlan): WorkerWorkloadPlan {
  if (service.workload.kind !== 'worker') {
    throw new Error(`service ${service.name} is a ${service.workload.kind}, not a worker`);
  }
  return service.workload;
}
