/**
 * When a job runs, compared with an environment's awake window: a job keeps its schedule in a
 * sleeping environment, so a run outside the window finds the Aurora clusters stopped and the
 * services at 0 tasks. Pure date arithmetic over one reference year (no AWS).
 */
import { WEEKDAYS, type AwakeWindow } from './awake-window';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const CRON_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** A year with no leap day; its dates are read in the job's own time zone. */
const REFERENCE_YEAR = 2026;

export interface RunOutside {
  /** A run outside the window, in the window's time zone: `Tue 02:00`; for a rate, how often it runs: `every 1 hour`. */
  readonly example: string;
  /** A rate: it runs around the clock. */
  readonly aroundTheClock: boolean;
  /** True when the schedule uses a form (L, W, #) this check reads loosely: then a warning, not an error. */
  readonly approximate: boolean;
}

/** Values a cron field selects (`*`, `5`, `1-5`, `*\/15`, `MON-FRI`, lists); undefined for `?` and special forms. */
function values(text: string, min: number, max: number, names: readonly string[] = []): Set<number> | undefined {
  if (text === '?' || /[LW#]/.test(text)) {
    return undefined;
  }
  const number = (value: string) => (/^\d+$/.test(value) ? Number(value) : min + names.indexOf(value));
  const selected = new Set<number>();
  for (const part of text.split(',')) {
    const [range, step] = part.split('/');
    const [from, to] = range === '*' ? [min, max] : (() => {
      const [a, b] = range!.split('-');
      return [number(a!), b === undefined ? (step === undefined ? number(a!) : max) : number(b)];
    })();
    for (let value = from; value <= to; value += Number(step ?? 1)) selected.add(value);
  }
  return selected;
}

/** Minutes the zone is ahead of UTC at an instant (Intl's time zone data, daylight saving included). */
function offsetMinutes(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)!.value);
  return (Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute')) - instant) / 60000;
}

/**
 * The first run of `schedule` (read in `jobTimezone`) that falls outside `window` (read in
 * `windowTimezone`) in a reference year, or undefined when every run is inside. A rate runs around
 * the clock, so it is always outside a window.
 */
export function runOutsideWindow(schedule: string, jobTimezone: string, window: AwakeWindow, windowTimezone: string): RunOutside | undefined {
  const rate = /^rate\((.*)\)$/.exec(schedule);
  if (rate) {
    return { example: `every ${rate[1]}`, aroundTheClock: true, approximate: false };
  }
  const fields = /^cron\((.*)\)$/.exec(schedule)?.[1]?.trim().split(/\s+/);
  if (!fields || fields.length !== 6) {
    return undefined;
  }
  const [minuteText, hourText, dayOfMonthText, monthText, dayOfWeekText] = fields as [string, string, string, string, string];
  const minutes = values(minuteText, 0, 59)!;
  const hours = values(hourText, 0, 23)!;
  const months = values(monthText, 1, 12, MONTHS)!;
  const daysOfMonth = values(dayOfMonthText, 1, 31);
  const daysOfWeek = values(dayOfWeekText, 1, 7, CRON_DAYS);
  const approximate = /[LW#]/.test(dayOfMonthText) || /[LW#]/.test(dayOfWeekText);
  const offsets = new Map<string, number>();
  const offset = (zone: string, instant: number) => {
    const key = `${zone} ${Math.floor(instant / 3_600_000)}`;
    if (!offsets.has(key)) offsets.set(key, offsetMinutes(zone, instant));
    return offsets.get(key)!;
  };
  for (let day = Date.UTC(REFERENCE_YEAR, 0, 1); day < Date.UTC(REFERENCE_YEAR + 1, 0, 1); day += 86_400_000) {
    const date = new Date(day);
    // Special day forms (L, W, #) are read as "any day": the check may then see runs that never happen.
    const dayMatches = (daysOfMonth?.has(date.getUTCDate()) ?? true) && (daysOfWeek?.has(date.getUTCDay() + 1) ?? true);
    if (!months.has(date.getUTCMonth() + 1) || !dayMatches) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const civil = day + (hour * 60 + minute) * 60_000;
        // The run's instant (its civil time in the job's zone), then its civil time in the window's zone.
        const instant = civil - offset(jobTimezone, civil) * 60_000;
        const local = new Date(instant + offset(windowTimezone, instant) * 60_000);
        const weekday = WEEKDAYS[(local.getUTCDay() + 6) % 7]!;
        const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
        if (!window.days.includes(weekday) || minuteOfDay < window.startMinute || minuteOfDay >= window.endMinute) {
          const clock = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
          return { example: `${weekday} ${clock}`, aroundTheClock: false, approximate };
        }
      }
    }
  }
  return undefined;
}
