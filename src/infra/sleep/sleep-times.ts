/**
 * When a sleeping environment's parts go to sleep and wake, as cron expressions read in the
 * schedule's time zone. Application Auto Scaling scheduled actions and EventBridge Scheduler take
 * the same six-field form, `cron(minutes hours day-of-month month day-of-week year)` with `?` in one
 * day field, and an IANA time zone beside it (daylight saving applied by the service):
 * https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html,
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html.
 *
 * Order at wake: Aurora first, the plan's databaseStartLeadMinutes ahead (a start takes minutes
 * and services connect at once; the default and its source are in manifest/defaults.ts), then the services at the window's start, then alarm actions
 * ALARM_GRACE_MINUTES later. At sleep, all at the window's end, every day: a cluster or service
 * woken outside the window (by a deploy, by hand, or by Aurora itself after seven days stopped) is
 * put back to sleep the same evening.
 */
import { WEEKDAYS, type Weekday } from '../../manifest/awake-window';
import type { EnvironmentSchedulePlan } from '../../manifest/plan';

/**
 * Minutes after the window opens that alarm actions are enabled again: long enough for the
 * databases' alarms to leave INSUFFICIENT_DATA while silent, shorter than the 10 minutes after
 * which tasks-below-desired reports services that fail to start (so a broken wake still notifies).
 */
export const ALARM_GRACE_MINUTES = 5;

/** Cron day-of-week names, in the order the field counts them (1 = SUN). */
const CRON_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

export interface SleepTimes {
  /** Services scale back to their manifest counts: the window opens, on awake days. */
  readonly servicesWake: string;
  /** Services scale to 0: the window closes, every day. */
  readonly servicesSleep: string;
  /** Aurora clusters start: databaseStartLeadMinutes before the window opens. */
  readonly databasesStart: string;
  /** Aurora clusters stop: the window closes, every day. */
  readonly databasesStop: string;
  /** Alarm actions are disabled: the window closes, every day. */
  readonly alarmsOff: string;
  /** Alarm actions are enabled: ALARM_GRACE_MINUTES after the window opens, on awake days. */
  readonly alarmsOn: string;
  /** The IANA time zone every expression is read in. */
  readonly timezone: string;
}

function minuteOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** `MON-FRI`, `SUN,SAT`, `MON,WED,FRI`: runs of consecutive days (in the field's SUN…SAT order) as ranges. */
export function cronDays(days: readonly Weekday[]): string {
  const indexes = CRON_DAYS.map((_, index) => index).filter((index) => days.includes(WEEKDAYS[(index + 6) % 7]!));
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; i++) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++;
    parts.push(j > i ? `${CRON_DAYS[indexes[i]!]}-${CRON_DAYS[indexes[j]!]}` : CRON_DAYS[indexes[i]!]!);
    i = j;
  }
  return parts.join(',');
}

/** A cron expression at `minute` of the day on `days`; a minute before midnight or past it moves to the day before or after. */
function at(minute: number, days: readonly Weekday[]): string {
  const shift = Math.floor(minute / 1440);
  const time = minute - shift * 1440;
  const shifted = days.map((day) => WEEKDAYS[(((WEEKDAYS.indexOf(day) + shift) % 7) + 7) % 7]!);
  return `cron(${time % 60} ${Math.floor(time / 60)} ? * ${cronDays(shifted)} *)`;
}

/** Every day at `minute`. */
function daily(minute: number): string {
  return `cron(${minute % 60} ${Math.floor(minute / 60)} ? * * *)`;
}

export function sleepTimes(schedule: EnvironmentSchedulePlan): SleepTimes {
  const start = minuteOf(schedule.start);
  const end = minuteOf(schedule.end);
  return {
    servicesWake: at(start, schedule.days),
    servicesSleep: daily(end),
    databasesStart: at(start - schedule.databaseStartLeadMinutes, schedule.days),
    databasesStop: daily(end),
    alarmsOff: daily(end),
    alarmsOn: at(start + ALARM_GRACE_MINUTES, schedule.days),
    timezone: schedule.timezone,
  };
}
