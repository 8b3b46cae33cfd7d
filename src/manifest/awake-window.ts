/**
 * An environment's `schedule.awake` (MANIFEST.md, version 2): the days and the daily window its
 * services run and its Aurora clusters are up, e.g. `Mon-Fri 07:00-19:00`. Outside it the
 * environment sleeps. Parsed here, without AWS: the infrastructure turns the result into Application
 * Auto Scaling and EventBridge Scheduler cron expressions, the cost estimate into awake hours.
 */
import type { ExpressionProblem } from './schedule-expressions';

/** Week days as the manifest writes them, Monday first. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * The shortest awake window: an Aurora cluster is started well ahead of the window (see the
 * infrastructure's lead time) and services take minutes to start, so a shorter window would spend
 * about as long waking as awake.
 */
export const MINIMUM_AWAKE_MINUTES = 60;

export interface AwakeWindow {
  /** Awake days, Monday first, each once. */
  readonly days: readonly Weekday[];
  /** Minutes after local midnight the window opens and closes (start < end, both within the day). */
  readonly startMinute: number;
  readonly endMinute: number;
}

const EXAMPLE = 'Mon-Fri 07:00-19:00';
const FORM = /^(\S+) (\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/;

/** `Mon`, whatever the case written; undefined for anything else. */
function weekday(text: string): Weekday | undefined {
  return WEEKDAYS.find((day) => day.toLowerCase() === text.toLowerCase());
}

/** The days of `Mon-Fri`, `Mon,Wed,Fri`, `Sat-Sun`, `Fri-Mon` (a range may wrap past Sunday), or a problem. */
function parseDays(text: string): readonly Weekday[] | ExpressionProblem {
  const days = new Set<Weekday>();
  for (const part of text.split(',')) {
    const [from, to, more] = part.split('-');
    const first = weekday(from ?? '');
    const last = to === undefined ? first : weekday(to);
    if (more !== undefined || first === undefined || last === undefined) {
      return { allowed: `the days ${JSON.stringify(text)} are not a list of days and day ranges (Mon, Tue, Wed, Thu, Fri, Sat, Sun)`, fix: `write e.g. ${EXAMPLE}, Mon,Wed,Fri 08:00-18:00 or Sat-Sun 10:00-16:00` };
    }
    for (let index = WEEKDAYS.indexOf(first); ; index = (index + 1) % 7) {
      days.add(WEEKDAYS[index]!);
      if (WEEKDAYS[index] === last) break;
    }
  }
  return WEEKDAYS.filter((day) => days.has(day));
}

function minuteOfDay(hours: string, minutes: string): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  return h <= 23 && m <= 59 ? h * 60 + m : undefined;
}

/** `07:00` for 420. */
export function clockText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The window `awake` describes, or what is wrong with it and how to fix it. */
export function parseAwake(awake: string): AwakeWindow | ExpressionProblem {
  const match = FORM.exec(awake.trim());
  if (!match) {
    return { allowed: 'awake is <days> <HH:MM>-<HH:MM>, one space between the days and the times', fix: `write e.g. ${EXAMPLE}` };
  }
  const [, dayText, startHours, startMinutes, endHours, endMinutes] = match as unknown as [string, string, string, string, string, string];
  const days = parseDays(dayText);
  if (!Array.isArray(days)) {
    return days as ExpressionProblem;
  }
  const canonicalDays = dayText.split(',').map((part) => part.split('-').map((day) => weekday(day)!).join('-')).join(',');
  if (canonicalDays !== dayText) {
    return { allowed: 'day names are written Mon, Tue, Wed, Thu, Fri, Sat, Sun', fix: `write ${canonicalDays} ${awake.trim().slice(dayText.length + 1)}` };
  }
  const startMinute = minuteOfDay(startHours, startMinutes);
  const endMinute = minuteOfDay(endHours, endMinutes);
  if (startMinute === undefined || endMinute === undefined) {
    return { allowed: 'times are 00:00–23:59 in 24-hour form', fix: 'write e.g. 07:00-19:00; a window that ends at midnight ends at 23:59' };
  }
  if (startMinute >= endMinute) {
    return {
      allowed: `the window opens at ${clockText(startMinute)} and must close later the same day`,
      fix: 'write the earlier time first, e.g. 07:00-19:00; a window over midnight is not supported (list the days and keep it within a day)',
    };
  }
  if (endMinute - startMinute < MINIMUM_AWAKE_MINUTES) {
    return {
      allowed: `the window is ${endMinute - startMinute} minutes; an environment is awake at least ${MINIMUM_AWAKE_MINUTES} minutes, since waking its databases and services takes minutes`,
      fix: `widen it to an hour or more, e.g. ${clockText(startMinute)}-${clockText(Math.min(startMinute + 60, 1439))}`,
    };
  }
  return { days, startMinute, endMinute };
}

/** Why `awake` is not a window, or undefined when it is. */
export function awakeProblem(awake: string): ExpressionProblem | undefined {
  const parsed = parseAwake(awake);
  return 'days' in parsed ? undefined : parsed;
}

/** Hours a week the environment is awake (a clock change week aside). */
export function awakeHoursPerWeek(window: AwakeWindow): number {
  return (window.days.length * (window.endMinute - window.startMinute)) / 60;
}
