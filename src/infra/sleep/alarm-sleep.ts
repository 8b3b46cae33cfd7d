import { Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { EnvironmentSchedulePlan } from '../../manifest/plan';
import { SleepSchedules } from './sleep-role';
import { ALARM_GRACE_MINUTES, sleepTimes } from './sleep-times';

/**
 * Alarm names per call: DisableAlarmActions and EnableAlarmActions take at most 100, and a
 * Scheduler target's input at most 8,192 characters; 40 names of up to 150 characters stay within both.
 */
export const ALARMS_PER_CALL = 40;

export interface AlarmSleepProps {
  readonly schedule: EnvironmentSchedulePlan;
  /** Every alarm of the stack that sleep would trip or that would notify on waking. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/**
 * Silences a stack's alarms while its environment sleeps: cloudwatch:DisableAlarmActions on them
 * when the window closes (every day), cloudwatch:EnableAlarmActions ALARM_GRACE_MINUTES after it
 * opens. Asleep, Aurora alarms lose their data (INSUFFICIENT_DATA, then an OK e-mail every morning)
 * and a queue's oldest message ages past its threshold over a weekend; nobody needs mail about a
 * sleep they asked for. States still change while actions are off; only notifications stop. A
 * deploy that updates an alarm at night turns its actions back on until the next evening.
 */
export class AlarmSleep extends Construct {
  public readonly schedules: SleepSchedules;

  constructor(scope: Construct, id: string, props: AlarmSleepProps) {
    super(scope, id);
    const times = sleepTimes(props.schedule);
    this.schedules = new SleepSchedules(this, 'Schedules', { description: `EventBridge Scheduler turns the actions of ${Stack.of(this).stackName}'s alarms off while the environment sleeps` });
    for (let start = 0, part = 1; start < props.alarms.length; start += ALARMS_PER_CALL, part++) {
      const alarms = props.alarms.slice(start, start + ALARMS_PER_CALL);
      const call = {
        service: 'cloudwatch', timezone: times.timezone,
        resources: alarms.map((alarm) => alarm.alarmArn),
        input: { AlarmNames: alarms.map((alarm) => alarm.alarmName) },
      };
      const suffix = part === 1 ? '' : `-${part}`;
      this.schedules.add({
        ...call, id: `Off${suffix}`, cron: times.alarmsOff, action: 'disableAlarmActions', iamAction: 'cloudwatch:DisableAlarmActions',
        description: `Turns alarm actions off when the environment goes to sleep (${props.schedule.awake} ${props.schedule.timezone})`,
      });
      this.schedules.add({
        ...call, id: `On${suffix}`, cron: times.alarmsOn, action: 'enableAlarmActions', iamAction: 'cloudwatch:EnableAlarmActions',
        description: `Turns alarm actions on ${ALARM_GRACE_MINUTES} minutes after the environment wakes (${props.schedule.awake} ${props.schedule.timezone})`,
      });
    }
  }
}
