/**
 * The hours a sleeping environment's services and Aurora instances run in a month: its awake hours
 * a week over the estimate's month (hoursPerMonth ÷ 168 weeks), the instances also for the lead
 * before each window in which they start. Load balancers, NAT gateways, storage, backups, logs and
 * endpoints are billed all month whether the environment sleeps or not, so they keep hoursPerMonth.
 */
import type { EnvironmentPlan } from '../../manifest/plan';

const HOURS_PER_WEEK = 168;

export interface AwakeHours {
  /** Task-hours per task a month: the window. */
  readonly services: number;
  /** Instance-hours per instance a month: the window and the start lead of every awake day. */
  readonly databases: number;
  /** `Mon-Fri 07:00-19:00 Europe/London`, for the lines' working. */
  readonly window: string;
}

export function awakeHours(environment: EnvironmentPlan | undefined, hoursPerMonth: number): AwakeHours | undefined {
  const schedule = environment?.schedule;
  if (!schedule) return undefined;
  const weeks = hoursPerMonth / HOURS_PER_WEEK;
  const leadHours = (schedule.days.length * schedule.databaseStartLeadMinutes) / 60;
  return {
    services: schedule.awakeHoursPerWeek * weeks,
    databases: (schedule.awakeHoursPerWeek + leadHours) * weeks,
    window: `${schedule.awake} ${schedule.timezone}`,
  };
}

/** `260.7 h awake (Mon-Fri 07:00-19:00 Europe/London)` or `730 h`. */
export function hoursText(hours: number, awake: AwakeHours | undefined): string {
  return awake ? `${Number(hours.toFixed(1))} h awake (${awake.window})` : `${hours} h`;
}
