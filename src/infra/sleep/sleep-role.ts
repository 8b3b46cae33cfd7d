import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

/**
 * How a sleep or wake call is retried: a few times within the hour (throttling, a cluster still
 * between states), then dropped, with no dead-letter queue and no alarm. Many failures are expected
 * and harmless: stopping a cluster that is already stopped, or starting one a deploy already woke,
 * fails with InvalidDBClusterStateFault; the next day's call tries again. A wake that truly fails
 * shows where it matters: the services' alarms, enabled after the wake, report tasks that cannot
 * reach their database.
 */
export const SLEEP_CALL_RETRY = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const;

/** One AWS API call made on a schedule by EventBridge Scheduler's universal target (no Lambda). */
export interface SleepCall {
  /** Construct id of the schedule. */
  readonly id: string;
  readonly description: string;
  /** A cron expression of sleep-times.ts, read in `timezone`. */
  readonly cron: string;
  readonly timezone: string;
  /** The service and action as Scheduler names them: `rds` and `stopDBCluster`. */
  readonly service: string;
  readonly action: string;
  /** The IAM action and the resources the role may call it on (exactly these, nothing else). */
  readonly iamAction: string;
  readonly resources: readonly string[];
  readonly input: Record<string, unknown>;
}

/**
 * The schedules that put part of an environment to sleep and wake it, each calling one API
 * (`arn:aws:scheduler:::aws-sdk:<service>:<action>`) with a role Scheduler alone assumes, from this
 * account, allowed only those actions on those resources. Default schedule group; names generated
 * by CloudFormation (unique, within Scheduler's 64 characters).
 */
export class SleepSchedules extends Construct {
  public readonly role: iam.Role;
  public readonly schedules: scheduler.Schedule[] = [];

  constructor(scope: Construct, id: string, props: { readonly description: string }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      description: props.description,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: 'default/*' }) },
        },
      }),
    });
  }

  public add(call: SleepCall): scheduler.Schedule {
    const schedule = new scheduler.Schedule(this, call.id, {
      description: call.description.slice(0, 512),
      schedule: scheduler.ScheduleExpression.expression(call.cron, TimeZone.of(call.timezone)),
      target: new schedulerTargets.Universal({
        service: call.service,
        action: call.action,
        role: this.role,
        policyStatements: [new iam.PolicyStatement({ actions: [call.iamAction], resources: [...call.resources] })],
        input: scheduler.ScheduleTargetInput.fromObject(call.input),
        ...SLEEP_CALL_RETRY,
      }),
    });
    this.schedules.push(schedule);
    return schedule;
  }
}
