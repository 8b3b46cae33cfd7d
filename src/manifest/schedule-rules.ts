/**
 * Rules on `environments.<name>.schedule` beyond its format (environment-schedule-schema.ts):
 * - never on an environment with `approval: true`: a person approves what reaches it, so it is
 *   production, which answers around the clock (MANIFEST.md);
 * - a warning on a resilient environment: asleep it has none of what the profile promises;
 * - a job that needs a database or another service must run while its environment is awake: jobs
 *   keep their schedule in a sleeping environment (their alarms stay on), so a run outside the
 *   window would find the Aurora clusters stopped and the services at 0 tasks.
 */
import { parseAwake } from './awake-window';
import type { ServiceCheck } from './checks';
import { INVALID } from './fields';
import { clauses, Finding, warningId } from './finding';
import { runOutsideWindow } from './job-runs';
import { listText } from './text';
import type { ManifestView } from './view';

/** A schedule is refused where approval is set, and warned about on a resilient environment. */
export function scheduleFitsEnvironment(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  for (const [environment, view] of manifest.environments.entries) {
    const { schedule, approval, profile } = view.fields;
    if (schedule === undefined || schedule === INVALID) {
      continue;
    }
    const path = ['environments', environment, 'schedule'];
    if (approval === true) {
      findings.push({
        path,
        at: 'key',
        message: clauses(
          `got a schedule on environment ${environment}, which has approval: true`,
          'an environment a person approves deploys for is production, which must answer around the clock, so it never sleeps',
          `remove schedule, or remove approval: true if ${environment} is not production`,
        ),
      });
    } else if (profile === 'resilient') {
      findings.push({
        path,
        at: 'key',
        warning: warningId('schedule-on-resilient'),
        message: clauses(
          `got a schedule on resilient environment ${environment}`,
          'asleep it runs no tasks and its Aurora clusters are stopped, so what the profile promises (2 or more tasks over AZs, a reader to fail over to) holds only while awake, and its NAT gateways, load balancers and firewalls cost around the clock',
          'keep it for a production-sized staging environment; use profile economy for development',
        ),
      });
    }
  }
  return findings;
}

/** A job that uses a database or calls a service runs only while its environment is awake. */
export function jobsRunWhileAwake({ name, environment, service, origin }: ServiceCheck): Finding[] {
  const { schedule } = environment.settings;
  const { workload, databases, calls } = service;
  if (schedule === undefined || schedule === INVALID || workload === INVALID || workload.kind !== 'job' || databases === INVALID || calls === INVALID) {
    return [];
  }
  const needs = [
    ...(databases.length > 0 ? [`database${databases.length === 1 ? '' : 's'} ${listText(databases.map((access) => access.database), 'and')}`] : []),
    ...(calls.length > 0 ? [`service${calls.length === 1 ? '' : 's'} ${listText(calls, 'and')}`] : []),
  ];
  const window = parseAwake(schedule.awake);
  if (needs.length === 0 || !('days' in window)) {
    return [];
  }
  const outside = runOutsideWindow(workload.schedule, workload.timezone, window, schedule.timezone);
  if (!outside) {
    return [];
  }
  const at = origin('schedule');
  // Half an hour after the window opens: inside any window (an hour at least), once the databases are up.
  const suggested = window.startMinute + 30;
  const suggestion = `cron(${suggested % 60} ${Math.floor(suggested / 60)} ? * ${schedule.days.map((day) => day.toUpperCase()).join(',')} *)`;
  const where = at.source === 'override' ? 'change it here' : `override schedule (and timezone) under environments.${environment.name}.overrides.services.${name}`;
  return [{
    path: at.path,
    ...(outside.approximate ? { warning: warningId('job-runs-asleep') } : {}),
    message: clauses(
      `got ${workload.schedule} (${workload.timezone}) for job ${name}, which uses ${needs.join(' and ')}`,
      `environment ${environment.name} sleeps outside ${schedule.awake} (${schedule.timezone}): its Aurora clusters are stopped and its services at 0 tasks then, so ${outside.aroundTheClock ? `its runs ${outside.example}, around the clock,` : `a run such as ${outside.example} (${schedule.timezone})${outside.approximate ? ', if it happens,' : ''}`} would fail`,
      `${where} to run inside the window, e.g. ${suggestion} with timezone ${schedule.timezone}, or widen the window`,
    ),
  }];
}
