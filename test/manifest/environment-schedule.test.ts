import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { awakeHoursPerWeek, parseAwake } from '../../src/manifest/awake-window';
import { BASE_MANIFEST, where } from './fixtures/base-manifest';
import { changerOf, InvalidCase, invalidCase } from './fixtures/cases';
import { expectedIssue } from './fixtures/issues';

const c = invalidCase;
const base = changerOf(BASE_MANIFEST, 'base manifest');

/** dev (economy) with `schedule` lines after its profile. */
const devWith = (...lines: string[]) => base('    profile: economy\n', `    profile: economy\n${lines.map((line) => `    ${line}\n`).join('')}`);
const SLEEPING = devWith('schedule:', '  awake: "Mon-Fri 07:00-19:00"', '  timezone: Europe/London');
const withAwake = (awake: string) => devWith('schedule:', `  awake: ${awake}`, '  timezone: Europe/London');

/** SLEEPING with a nightly job that uses `databases` (and its schedule, timezone). */
function withJob(schedule: string, options: { databases?: string; timezone?: string; text?: string } = {}): string {
  const job = [
    '  nightly:',
    '    kind: job',
    '    repository: shop-co/nightly',
    `    schedule: "${schedule}"`,
    ...(options.timezone ? [`    timezone: ${options.timezone}`] : []),
    '    cpu: 256',
    '    memoryMiB: 512',
    ...(options.databases ? [`    databases: [${options.databases}]`] : []),
  ].join('\n');
  return `${options.text ?? SLEEPING}${job}\n`;
}

const CASES: readonly InvalidCase[] = [
  c('refuses a schedule on an environment with approval: true, at its key',
    base('    approval: true\n', '    approval: true\n    schedule: { awake: "Mon-Fri 07:00-19:00" }\n'), 'environments.prod.schedule',
    /^got a schedule on environment prod, which has approval: true; an environment a person approves deploys for is production, which must answer around the clock, so it never sleeps; remove schedule, or remove approval: true if prod is not production$/,
    '    |schedule: { awake'),
  c('refuses an awake without times', withAwake('Mon-Fri'), 'environments.dev.schedule.awake',
    /^got "Mon-Fri"; awake is <days> <HH:MM>-<HH:MM>, one space between the days and the times; write e\.g\. Mon-Fri 07:00-19:00$/, 'awake: |Mon-Fri'),
  c('refuses an unknown day', withAwake('"Mon-Fry 07:00-19:00"'), 'environments.dev.schedule.awake', /^got "Mon-Fry 07:00-19:00"; the days "Mon-Fry" are not a list of days and day ranges/),
  c('offers the capitalized day names', withAwake('"mon-fri 07:00-19:00"'), 'environments.dev.schedule.awake', /^got "mon-fri 07:00-19:00"; day names are written Mon, Tue, Wed, Thu, Fri, Sat, Sun; write Mon-Fri 07:00-19:00$/),
  c('refuses a time past 23:59', withAwake('"Mon-Fri 07:00-24:00"'), 'environments.dev.schedule.awake', /^got "Mon-Fri 07:00-24:00"; times are 00:00–23:59 in 24-hour form; write e\.g\. 07:00-19:00; a window that ends at midnight ends at 23:59$/),
  c('refuses a window that closes before it opens', withAwake('"Mon-Fri 19:00-07:00"'), 'environments.dev.schedule.awake', /^got "Mon-Fri 19:00-07:00"; the window opens at 19:00 and must close later the same day; write the earlier time first/),
  c('refuses a window shorter than an hour', withAwake('"Mon-Fri 07:00-07:30"'), 'environments.dev.schedule.awake', /^got "Mon-Fri 07:00-07:30"; the window is 30 minutes; an environment is awake at least 60 minutes, since waking its databases and services takes minutes; widen it to an hour or more, e\.g\. 07:00-08:00$/),
  c('refuses a time zone Intl does not know', devWith('schedule:', '  awake: "Mon-Fri 07:00-19:00"', '  timezone: Europe/Londn'), 'environments.dev.schedule.timezone',
    /^got "Europe\/Londn"; expected an IANA time zone name such as Europe\/London or UTC/, 'timezone: |Europe/Londn'),
  c('offers the case-correct time zone', devWith('schedule:', '  awake: "Mon-Fri 07:00-19:00"', '  timezone: europe/london'), 'environments.dev.schedule.timezone', /^got "europe\/london"; time zone names are case-sensitive; write Europe\/London$/),
  c('refuses a schedule without awake', devWith('schedule: { timezone: UTC }'), 'environments.dev.schedule', /^missing required field "awake"/),
  c('refuses an unknown schedule field', devWith('schedule: { awake: "Mon-Fri 07:00-19:00", sleep: true }'), 'environments.dev.schedule.sleep', /unknown field/),
  c('refuses a nightly job with a database in a sleeping environment, at its schedule',
    withJob('cron(0 2 * * ? *)', { databases: 'catalog', timezone: 'Europe/London' }), 'services.nightly.schedule',
    /^got cron\(0 2 \* \* \? \*\) \(Europe\/London\) for job nightly, which uses database catalog; environment dev sleeps outside Mon-Fri 07:00-19:00 \(Europe\/London\): its Aurora clusters are stopped and its services at 0 tasks then, so a run such as Thu 02:00 \(Europe\/London\) would fail; override schedule \(and timezone\) under environments\.dev\.overrides\.services\.nightly to run inside the window, e\.g\. cron\(30 7 \? \* MON,TUE,WED,THU,FRI \*\) with timezone Europe\/London, or widen the window$/,
    'schedule: |"cron(0 2'),
  c('refuses a rate job with a database: it runs around the clock', withJob('rate(1 hour)', { databases: 'orders' }), 'services.nightly.schedule', /^got rate\(1 hour\) \(UTC\) for job nightly, which uses database orders; .*its runs every 1 hour, around the clock, would fail/),
  c('compares across time zones: 07:30 UTC is 08:30 in London in summer but 06:00 UTC is outside in winter',
    withJob('cron(0 6 ? * MON-FRI *)', { databases: 'catalog' }), 'services.nightly.schedule', /a run such as \w{3} 06:00 \(Europe\/London\) would fail/),
  c('points at the override when the override runs outside the window',
    withJob('cron(0 8 ? * MON-FRI *)', { databases: 'catalog', timezone: 'Europe/London', text: base('    profile: economy\n', '    profile: economy\n    schedule: { awake: "Mon-Fri 07:00-19:00", timezone: Europe/London }\n    overrides:\n      services:\n        nightly: { schedule: "cron(0 3 * * ? *)" }\n') }),
    'environments.dev.overrides.services.nightly.schedule', /^got cron\(0 3 \* \* \? \*\) \(Europe\/London\) for job nightly, .*; change it here to run inside the window/),
];

describe('parseManifest on environments.<name>.schedule', () => {
  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    expectedIssue(testCase);
  });

  it('resolves the window into the plan: days, times, time zone and awake hours a week', () => {
    const { plan, warnings } = parseManifest(SLEEPING, 'portside.yaml');
    expect(warnings).toEqual([]);
    const dev = plan.environments.find((environment) => environment.name === 'dev')!;
    expect(dev.schedule).toEqual({
      awake: 'Mon-Fri 07:00-19:00', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '07:00', end: '19:00', timezone: 'Europe/London', awakeHoursPerWeek: 60, databaseStartLeadMinutes: 30,
    });
    expect(plan.environments.find((environment) => environment.name === 'prod')!.schedule).toBeUndefined();
  });

  it('reads the window in UTC when no time zone is written', () => {
    const { plan } = parseManifest(devWith('schedule: { awake: "Mon,Wed,Fri 08:30-17:00" }'), 'portside.yaml');
    expect(plan.environments[0]!.schedule).toMatchObject({ days: ['Mon', 'Wed', 'Fri'], start: '08:30', end: '17:00', timezone: 'UTC', awakeHoursPerWeek: 25.5 });
  });

  it.each([
    ['Sat-Sun 10:00-16:00', ['Sat', 'Sun'], 12],
    ['Fri-Mon 09:00-17:00', ['Mon', 'Fri', 'Sat', 'Sun'], 32],
    ['Mon-Wed,Fri 07:00-19:00', ['Mon', 'Tue', 'Wed', 'Fri'], 48],
    ['Mon-Sun 00:00-23:59', ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], 7 * 1439 / 60],
  ])('reads %s as its days, ranges wrapping past Sunday', (awake, days, hours) => {
    const window = parseAwake(awake);
    expect('days' in window && window.days).toEqual(days);
    expect('days' in window && awakeHoursPerWeek(window)).toBeCloseTo(hours, 6);
  });

  it('warns on a resilient environment that sleeps, at the schedule key', () => {
    const text = base('    profile: resilient\n    approval: true\n', '    profile: resilient\n    schedule: { awake: "Mon-Fri 07:00-19:00" }\n');
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings.map((warning) => [warning.id, warning.path, `${warning.line}:${warning.column}`])).toEqual([
      ['portside/manifest:schedule-on-resilient', 'environments.prod.schedule', where(text, '    |schedule: { awake')],
    ]);
    expect(warnings[0]!.message).toMatch(/^got a schedule on resilient environment prod; asleep it runs no tasks and its Aurora clusters are stopped/);
  });

  it('accepts a job with a database that runs inside the window, and a job without one at night', () => {
    expect(parseManifest(withJob('cron(30 7 ? * MON-FRI *)', { databases: 'catalog', timezone: 'Europe/London' }), 'portside.yaml').warnings).toEqual([]);
    expect(parseManifest(withJob('cron(0 2 * * ? *)'), 'portside.yaml').warnings).toEqual([]);
  });

  it('only warns when the job uses a day form the check reads loosely (L, W, #)', () => {
    const { warnings } = parseManifest(withJob('cron(0 8 ? * 6#1 *)', { databases: 'catalog', timezone: 'Europe/London' }), 'portside.yaml');
    expect(warnings.map((warning) => warning.id)).toEqual(['portside/manifest:job-runs-asleep']);
  });
});
