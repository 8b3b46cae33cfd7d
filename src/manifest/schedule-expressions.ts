/**
 * EventBridge Scheduler's recurring expressions and time zones, checked the way Scheduler reads them
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html): `rate(value unit)`
 * and `cron(minutes hours day-of-month month day-of-week year)` with `?` in one of the two day fields.
 * Each check returns undefined when the value is valid, else what is wrong and how to fix it.
 */

export interface ExpressionProblem {
  /** What is wrong, as a clause after "got …". */
  readonly allowed: string;
  readonly fix: string;
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.*)\)$/;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names accepted in place of numbers (months, week days). */
  readonly names?: readonly string[];
  /** Extra single-token forms the field takes (`?`, `L`, `LW`, `3W`, `5L`, `FRI#2`). */
  readonly special?: RegExp;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, special: /^(?:\?|L|LW|\d{1,2}W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, special: /^(?:\?|L|[1-7]L|(?:[1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)#[1-5])$/ },
  { name: 'year', min: 1970, max: 2199 },
];

const EXAMPLE = 'cron(0 2 * * ? *) for 02:00 every day, or rate(1 hour)';

function value(text: string, field: CronField): boolean {
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    return number >= field.min && number <= field.max;
  }
  return field.names?.includes(text) ?? false;
}

/** One comma-separated part of a cron field: `*`, `5`, `1-5`, `*\/15`, `10/5`, `MON-FRI`. */
function part(text: string, field: CronField): boolean {
  if (field.special?.test(text)) {
    return true;
  }
  const [range, step, extra] = text.split('/');
  if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step))) {
    return false;
  }
  if (range === '*') {
    return true;
  }
  const [from, to, more] = range!.split('-');
  return more === undefined && value(from!, field) && (to === undefined || value(to, field));
}

function cronProblem(body: string): ExpressionProblem | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return {
      allowed: `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${fields.length}`,
      fix: fields.length === 5 ? `add the year field: ${withYear(body.trim())}` : `write it as ${EXAMPLE}`,
    };
  }
  for (const [index, field] of CRON_FIELDS.entries()) {
    const text = fields[index]!;
    // A list takes plain values and ranges only: L, W, # and ? stand alone.
    const pieces = text.split(',');
    const valid = pieces.length === 1 ? part(text, field) : pieces.every((piece) => !field.special?.test(piece) && part(piece, field));
    if (!valid) {
      const names = field.names ? ` or ${field.names[0]}–${field.names.at(-1)}` : '';
      return {
        allowed: `its ${field.name} field ${JSON.stringify(text)} is not valid (${field.min}–${field.max}${names}, with , - * /${field.special ? ' and its special forms' : ''})`,
        fix: `write it as ${EXAMPLE}`,
      };
    }
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    const suggestion = [...fields];
    suggestion[dayOfWeek === '*' || dayOfMonth !== '*' ? 4 : 2] = '?';
    if (dayOfMonth === '?' && dayOfWeek === '?') suggestion[2] = '*';
    return {
      allowed: 'exactly one of day-of-month and day-of-week must be ?',
      fix: `write cron(${suggestion.join(' ')})`,
    };
  }
  return undefined;
}

/** A 5-field (Unix-style) cron body with the year added, and `?` where Scheduler wants one. */
function withYear(body: string): string {
  const fixed = `${body} *`;
  const problem = cronProblem(fixed);
  return problem?.fix.startsWith('write cron(') ? problem.fix.slice('write '.length) : `cron(${fixed})`;
}

function rateProblem(expression: string): ExpressionProblem | undefined {
  const match = RATE.exec(expression);
  if (!match) {
    return { allowed: 'a rate expression is rate(<whole number> minute(s)|hour(s)|day(s))', fix: 'write e.g. rate(15 minutes) or rate(1 day)' };
  }
  const amount = Number(match[1]);
  const unit = match[2]!;
  const singular = unit.replace(/s$/, '');
  if (amount < 1) {
    return { allowed: 'the rate must be at least 1', fix: `write rate(1 ${singular})` };
  }
  if ((amount === 1) !== (unit === singular)) {
    return { allowed: 'the unit is singular for 1 and plural otherwise', fix: `write rate(${amount} ${amount === 1 ? singular : `${singular}s`})` };
  }
  return undefined;
}

/** Why a job's `schedule` is not an EventBridge Scheduler recurring expression, or undefined when it is. */
export function scheduleProblem(expression: string): ExpressionProblem | undefined {
  if (expression.startsWith('rate(')) {
    return rateProblem(expression);
  }
  const cron = CRON.exec(expression);
  if (cron) {
    return cronProblem(cron[1]!);
  }
  if (expression.startsWith('at(')) {
    return { allowed: 'a job runs on a recurring schedule; at(...) runs once', fix: `write a cron(...) or rate(...) expression, e.g. ${EXAMPLE}` };
  }
  return { allowed: 'expected cron(...) or rate(...)', fix: `write e.g. ${EXAMPLE}` };
}

/** The IANA name Scheduler takes for `timezone`, or undefined when Node's time zone data does not know it. */
export function canonicalTimeZone(timezone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timezone)) {
    return undefined;
  }
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Why `timezone` is not a time zone Scheduler takes, or undefined when it is. */
export function timeZoneProblem(timezone: string): ExpressionProblem | undefined {
  const canonical = canonicalTimeZone(timezone);
  if (canonical === undefined) {
    return { allowed: 'expected an IANA time zone name such as Europe/London or UTC', fix: 'write a name from the tz database, e.g. Europe/London, America/New_York or UTC' };
  }
  if (canonical.toLowerCase() === timezone.toLowerCase() && canonical !== timezone) {
    return { allowed: 'time zone names are case-sensitive', fix: `write ${canonical}` };
  }
  return undefined;
}

// ── How often a schedule fires (for the cost estimate) ───────────────────────────────────────

const DAYS_PER_MONTH = 365.25 / 12;
const UNIT_MINUTES: Readonly<Record<string, number>> = { minute: 1, hour: 60, day: 1440 };

/** Values one comma-separated part of a cron field selects (`*`, `5`, `1-5`, `*\/15`, `MON-FRI`). */
function partCount(text: string, field: CronField): number {
  const [range, step] = text.split('/');
  const number = (value: string) => (/^\d+$/.test(value) ? Number(value) : field.min + (field.names?.indexOf(value) ?? 0));
  const [from, to] = range === '*' ? [field.min, field.max] : (() => {
    const [a, b] = range!.split('-');
    return [number(a!), b === undefined ? (step === undefined ? number(a!) : field.max) : number(b)];
  })();
  return Math.floor((to - from) / Number(step ?? 1)) + 1;
}

function fieldCount(text: string, field: CronField): number {
  return text.split(',').reduce((total, part) => total + partCount(part, field), 0);
}

/**
 * About how many times a valid schedule fires in an average month: exact for rate() and for cron
 * fields made of numbers, ranges, lists and steps; a special day form (L, W, #) counts as one day
 * a month. The cost estimate prices job runs with it.
 */
export function runsPerMonth(expression: string): number {
  const rate = RATE.exec(expression);
  if (rate) {
    return (DAYS_PER_MONTH * 1440) / (Number(rate[1]) * UNIT_MINUTES[rate[2]!.replace(/s$/, '')]!);
  }
  const fields = CRON.exec(expression)?.[1]?.trim().split(/\s+/) ?? [];
  if (fields.length !== 6) {
    return 0;
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const [minuteField, hourField, domField, monthField, dowField] = CRON_FIELDS as [CronField, CronField, CronField, CronField, CronField];
  const special = (text: string) => /[LW#]/.test(text);
  const days = dayOfMonth !== '?'
    ? (special(dayOfMonth) ? 1 : Math.min(DAYS_PER_MONTH, fieldCount(dayOfMonth, domField)))
    : (special(dayOfWeek) ? 1 : (fieldCount(dayOfWeek, dowField) * DAYS_PER_MONTH) / 7);
  return fieldCount(minutes, minuteField) * fieldCount(hours, hourField) * days * (fieldCount(month, monthField) / 12);
}
