import { Duration, Fn, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { JobWorkloadPlan, ServicePlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import { capacityProviderStrategies } from './capacity';
import { addJobAlarms, JobAlarms } from './job-alarms';
import type { ServiceTaskProps } from './service-task';
import { TaskWorkload } from './task-workload';

export interface FargateJobProps extends Omit<ServiceTaskProps, 'variables'> {
  readonly cluster: ecs.ICluster;
  readonly project: string;
  readonly environment: string;
}

/** Backoff between a job's attempts: a minute, then doubling (capacity and transient errors clear). */
export const JOB_RETRY = { interval: Duration.minutes(1), backoffRate: 2 } as const;

/**
 * A job: an EventBridge Scheduler schedule (in a schedule group of its own, so its metrics are its
 * own) starts a Step Functions Standard run that runs one Fargate task with `ecs:runTask.sync`
 * (Run a Job): the state waits for the task to stop and fails when the essential container exits
 * non-zero or the task cannot start.
 *
 * The timeout is enforced by the task state's TimeoutSeconds (timeoutMinutes × 60): the state then
 * fails with States.Timeout, and Step Functions stops the ECS task it started (the Run a Job pattern
 * holds ecs:StopTask for exactly that: https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html,
 * "you can only stop Amazon ECS tasks that were started by Step Functions"). `retries` retries the
 * state on task failure, timeout and ECS errors, with backoff; the run fails after the last attempt,
 * which `<stack>-job-failed` reports.
 *
 * The schedule is DISABLED until the first image exists (the `HasImage` condition), so the first
 * deploy neither waits for an image nor runs the placeholder; an image deploy changes only the task
 * definition, which the next run uses.
 */
export class FargateJob extends TaskWorkload {
  public readonly stateMachine: sfn.StateMachine;
  public readonly schedule: scheduler.Schedule;
  public readonly scheduleGroup: scheduler.ScheduleGroup;
  public readonly alarms: JobAlarms;

  constructor(scope: Construct, id: string, props: FargateJobProps) {
    const job = jobOf(props.service);
    super(scope, id, props);
    const { service } = props;

    const run = new tasks.EcsRunTask(this, 'RunTask', {
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      launchTarget: new tasks.EcsFargateLaunchTarget({
        platformVersion: ecs.FargatePlatformVersion.LATEST,
        capacityProviderOptions: tasks.CapacityProviderOptions.custom(capacityProviderStrategies(service.useSpot)),
      }),
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup, ...props.calls.map((call) => call.callerGroup)],
      assignPublicIp: false,
      propagatedTagSource: ecs.PropagatedTagSource.TASK_DEFINITION,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(job.timeoutMinutes)),
      resultPath: sfn.JsonPath.DISCARD,
    });
    if (job.retries > 0) {
      run.addRetry({
        errors: [sfn.Errors.TASKS_FAILED, sfn.Errors.TIMEOUT, 'ECS.AmazonECSException', 'AmazonECS.Unknown'],
        maxAttempts: job.retries,
        interval: JOB_RETRY.interval,
        backoffRate: JOB_RETRY.backoffRate,
      });
    }

    const stateMachineLogs = new logs.LogGroup(this, 'RunLogs', {
      retention: service.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'Runs', {
      definitionBody: sfn.DefinitionBody.fromChainable(run),
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: `${service.name}: one Fargate task per scheduled run, stopped after ${job.timeoutMinutes} minutes, ${job.retries} retr${job.retries === 1 ? 'y' : 'ies'}`,
      logs: { destination: stateMachineLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    acknowledge(this.stateMachine.role, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'the Run a Job integration stops and describes the task it started, whose ARN is unknown before RunTask (Step Functions can stop only tasks it started); X-Ray and log delivery take no resource',
    });

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', { scheduleGroupName: Stack.of(this).stackName });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: scheduler.ScheduleExpression.expression(job.schedule, TimeZone.of(job.timezone)),
      scheduleGroup: this.scheduleGroup,
      description: `Starts a run of ${service.name}`,
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
        // Starting a run is retried a few times for up to an hour; a run that still cannot start raises -job-not-started.
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
      }),
    });
    (this.schedule.node.defaultChild as scheduler.CfnSchedule).addPropertyOverride('State', Fn.conditionIf(this.image.hasImage.logicalId, 'ENABLED', 'DISABLED'));
    // A run starts only once its database users exist.
    for (const user of props.databases) {
      this.schedule.node.addDependency(user.user);
    }
    this.alarms = addJobAlarms(this, { project: props.project, environment: props.environment, service, job, stateMachine: this.stateMachine, scheduleGroup: this.scheduleGroup });
  }
}

function jobOf(service: ServicePlan): JobWorkloadPlan {
  if (service.workload.kind !== 'job') {
    throw new Error(`service ${service.name} is a ${service.workload.kind}, not a job`);
  }
  return service.workload;
}
