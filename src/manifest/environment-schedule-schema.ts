/**
 * `environments.<name>.schedule` (MANIFEST.md, version 2): when a non-production environment is
 * awake. Its cross-field rules (never with approval, a warning on resilient, jobs that need a
 * sleeping database) are in schedule-rules.ts; the timezone's default is in defaults.ts.
 */
import { z } from 'zod';
import { awakeProblem } from './awake-window';
import { clauses } from './finding';
import { field } from './hints';
import { type ExpressionProblem, timeZoneProblem } from './schedule-expressions';
import { showValue } from './text';

/** A zod string checked by `problem`, which explains a bad value in the manifest's message form. */
function checked(problem: (value: string) => ExpressionProblem | undefined) {
  return z.string().max(256).superRefine((value, context) => {
    const found = problem(value);
    if (found) {
      context.addIssue({ code: 'custom', message: clauses(`got ${showValue(value)}`, found.allowed, found.fix) });
    }
  });
}

export const environmentScheduleSchema = field(
  z.strictObject({
    awake: field(
      checked(awakeProblem),
      'Days and daily window the environment is awake, read in timezone: `Mon-Fri 07:00-19:00`, `Mon,Wed,Fri 08:00-18:00`, `Sat-Sun 10:00-16:00`. Outside it its web services and workers scale to 0 and its Aurora clusters stop.',
      { example: '"Mon-Fri 07:00-19:00"' },
    ),
    timezone: field(checked(timeZoneProblem), 'IANA time zone the window is read in (daylight saving included). Default: UTC.', {
      example: 'Europe/London',
    }).optional(),
  }),
  'When a non-production environment is awake; outside it, services scale to 0 and Aurora clusters stop. Never on an environment with approval: true. Default: awake around the clock.',
  { example: '{ awake: "Mon-Fri 07:00-19:00", timezone: Europe/London }' },
);
