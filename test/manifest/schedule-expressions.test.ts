import { describe, expect, it } from 'vitest';
import { runsPerMonth, scheduleProblem, timeZoneProblem } from '../../src/manifest/schedule-expressions';

const MONTH_DAYS = 365.25 / 12;

describe('EventBridge Scheduler expressions', () => {
  it.each([
    'cron(0 2 * * ? *)', 'cron(30 1 * * ? *)', 'cron(0/15 8-18 ? * MON-FRI *)', 'cron(0 2 L * ? *)', 'cron(0 2 ? * FRI#2 *)',
    'cron(0 0 1,15 JAN-MAR ? 2027)', 'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)', 'rate(12 hours)', 'rate(1 day)',
  ])('accepts %s', (expression) => {
    expect(scheduleProblem(expression)).toBeUndefined();
  });

  it.each([
    ['cron(0 2 * * *)', /add the year field: cron\(0 2 \* \* \? \*\)/],
    ['cron(0 2 * * MON *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(0 2 ? * ? *)', /exactly one of day-of-month and day-of-week must be \?/],
    ['cron(60 2 * * ? *)', /minutes field "60"/],
    ['cron(0 2 32 * ? *)', /day-of-month field "32"/],
    ['cron(0 2 ? * MON#6 *)', /day-of-week field "MON#6"/],
    ['cron(0 2 * 13 ? *)', /month field "13"/],
    ['rate(0 minutes)', /at least 1/],
    ['rate(2 hour)', /write rate\(2 hours\)/],
    ['rate(1 week)', /rate\(<whole number> minute/],
    ['every day', /expected cron\(\.\.\.\) or rate\(\.\.\.\)/],
  ])('refuses %s, saying how to fix it', (expression, fix) => {
    const problem = scheduleProblem(expression);
    expect(problem).toBeDefined();
    expect(`${problem!.allowed}; ${problem!.fix}`).toMatch(fix);
  });

  it('accepts IANA time zones in their own case and refuses others', () => {
    expect(timeZoneProblem('Europe/London')).toBeUndefined();
    expect(timeZoneProblem('UTC')).toBeUndefined();
    expect(timeZoneProblem('America/New_York')).toBeUndefined();
    expect(timeZoneProblem('europe/london')?.fix).toBe('write Europe/London');
    expect(timeZoneProblem('GMT+1 London')).toBeDefined();
    expect(timeZoneProblem('Mars/Olympus_Mons')).toBeDefined();
  });

  it('counts the runs of an average month for the cost estimate', () => {
    expect(runsPerMonth('cron(0 2 * * ? *)')).toBeCloseTo(MONTH_DAYS, 9);
    expect(runsPerMonth('cron(0 2 ? * MON-FRI *)')).toBeCloseTo((5 * MONTH_DAYS) / 7, 9);
    expect(runsPerMonth('cron(0/15 8-18 ? * MON-FRI *)')).toBeCloseTo((4 * 11 * 5 * MONTH_DAYS) / 7, 9);
    expect(runsPerMonth('cron(0 2 1 * ? *)')).toBe(1);
    expect(runsPerMonth('cron(0 2 L * ? *)')).toBe(1);
    expect(runsPerMonth('cron(0 0 1,15 JAN-MAR ? *)')).toBeCloseTo((2 * 3) / 12, 9);
    expect(runsPerMonth('rate(1 hour)')).toBeCloseTo(MONTH_DAYS * 24, 9);
    expect(runsPerMonth('rate(15 minutes)')).toBeCloseTo(MONTH_DAYS * 96, 9);
  });
});
