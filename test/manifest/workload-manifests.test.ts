import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { edit } from './fixtures/base-manifest';
import { changerOf, InvalidCase, invalidCase } from './fixtures/cases';
import { expectedIssue } from './fixtures/issues';

/** The base manifest with a queue, a bucket, a worker consuming the queue, a nightly job and a sidecar on web. */
const WORKLOAD_MANIFEST = edit(
  ['\nservices:\n', '\nbuckets:\n  feeds: {}\nqueues:\n  order-events:\n    visibilityTimeoutSeconds: 60\nservices:\n'],
  ['    environment:\n      NODE_ENV: production\n', `    environment:
      NODE_ENV: production
    calls: [api]
    sidecars:
      otel:
        image: public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1
        cpu: 64
        memoryMiB: 128
  events:
    kind: worker
    repository: shop-co/events
    queue: order-events
    scaling: { messagesPerTask: 50 }
    cpu: 256
    memoryMiB: 512
    command: ["node", "dist/worker.js"]
  feeds:
    kind: job
    repository: shop-co/feeds
    schedule: "cron(0 2 * * ? *)"
    timezone: Europe/London
    timeoutMinutes: 30
    retries: 2
    cpu: 512
    memoryMiB: 1024
    user: "1000:1000"
    readonlyRootFilesystem: false
    permissions:
      buckets: { feeds: write }
`],
);

const change = changerOf(WORKLOAD_MANIFEST, 'workload manifest');
const c = invalidCase;

const WORKER = '    kind: worker\n';
const JOB_SCHEDULE = '    schedule: "cron(0 2 * * ? *)"\n';

const CASES: readonly InvalidCase[] = [
  // ── Kinds ─────────────────────────────────────────────────────────────────────────────────
  c('rejects an unknown kind, suggesting the likely one', change('kind: worker', 'kind: workers'), 'services.events.kind', /^got "workers"; kind is web, worker or job; did you mean "worker"\?$/, 'kind: |workers'),
  c('rejects a worker with a port: it has no load balancer', change(WORKER, `${WORKER}    port: 8080\n`), 'services.events.port', /^got port on a worker; a worker has no load balancer; remove it \(a worker takes its work from its queue\), or set kind: web$/, '    |port: 8080'),
  c('rejects a worker with a health check path', change(WORKER, `${WORKER}    healthCheckPath: /health\n`), 'services.events.healthCheckPath', /^got healthCheckPath on a worker; a worker has no load balancer/),
  c('rejects a worker marked public', change(WORKER, `${WORKER}    public: true\n`), 'services.events.public', /^got public on a worker; a worker has no load balancer/),
  c('rejects a worker without a queue', change('    queue: order-events\n', ''), 'services.events', /^missing required field "queue"; a worker consumes one declared queue; add queue: order-events$/),
  c('rejects a worker consuming an undeclared queue, suggesting the likely one', change('queue: order-events', 'queue: order-event'), 'services.events.queue', /^got undeclared queue "order-event"; declared queues: order-events; did you mean "order-events"\?$/, 'queue: |order-event'),
  c('rejects a worker with a schedule', change(WORKER, `${WORKER}${JOB_SCHEDULE}`), 'services.events.schedule', /^got schedule on a worker; only a job runs on a schedule; this is a worker; remove it, or set kind: job$/),
  c('rejects a worker scaling on requests per target', change('scaling: { messagesPerTask: 50 }', 'scaling: { requestsPerTarget: 500 }'), 'services.events.scaling.requestsPerTarget', /^got scaling\.requestsPerTarget on a worker; a worker has no load balancer, so no requests to count; remove it; a worker scales on messagesPerTask \(and cpuPercent\)$/),
  c('rejects a messagesPerTask of 0', change('messagesPerTask: 50', 'messagesPerTask: 0'), 'services.events.scaling.messagesPerTask', /^got 0; messagesPerTask is 1–100000/),
  c('rejects a web service scaling on messages per task', change('    desiredCount: 2\n    maxCount: 6\n', '    desiredCount: 2\n    maxCount: 6\n    scaling: { messagesPerTask: 10 }\n'), 'services.web.scaling.messagesPerTask', /^got scaling\.messagesPerTask on a web; messagesPerTask scales a worker on its queue/),
  c('rejects a web service with a queue', change('    calls: [api]\n', '    calls: [api]\n    queue: order-events\n'), 'services.web.queue', /^got queue on a web; only a worker consumes a queue; this is a web; remove it and grant the queue under permissions/),
  c('rejects a web service with a schedule', change('    calls: [api]\n', `    calls: [api]\n${JOB_SCHEDULE}`), 'services.web.schedule', /^got schedule on a web; only a job runs on a schedule/),
  c('rejects a web service without a health check path, offering the other kinds', change('    healthCheckPath: /healthz\n', ''), 'services.api', /^missing required field "healthCheckPath"; expected a URL path starting with \/; add healthCheckPath: \/health, or set kind: worker or job$/),

  // ── Jobs ──────────────────────────────────────────────────────────────────────────────────
  c('rejects a job without a schedule', change(JOB_SCHEDULE, ''), 'services.feeds', /^missing required field "schedule"; a job runs on an EventBridge Scheduler expression; add schedule: "cron\(0 2 \* \* \? \*\)"$/),
  c('rejects a job with a port', change(JOB_SCHEDULE, `${JOB_SCHEDULE}    port: 8080\n`), 'services.feeds.port', /^got port on a job; a job has no load balancer; remove it, or set kind: web$/),
  c('rejects a job with maxCount: it runs one task per run', change(JOB_SCHEDULE, `${JOB_SCHEDULE}    maxCount: 4\n`), 'services.feeds.maxCount', /^got maxCount on a job; a job starts one task per run and does not scale; remove it$/),
  c('rejects a job with scaling', change(JOB_SCHEDULE, `${JOB_SCHEDULE}    scaling: { cpuPercent: 50 }\n`), 'services.feeds.scaling', /^got scaling on a job; a job starts one task per run and does not scale/),
  c('rejects a job with a queue', change(JOB_SCHEDULE, `${JOB_SCHEDULE}    queue: order-events\n`), 'services.feeds.queue', /^got queue on a job; only a worker consumes a queue/),
  c('rejects a Unix-style cron without the year, offering the Scheduler form', change('cron(0 2 * * ? *)', 'cron(0 2 * * *)'), 'services.feeds.schedule', /^got "cron\(0 2 \* \* \*\)"; a cron expression has 6 fields \(minutes hours day-of-month month day-of-week year\), this one has 5; add the year field: cron\(0 2 \* \* \? \*\)$/),
  c('rejects a cron with both day fields set, saying which takes ?', change('cron(0 2 * * ? *)', 'cron(0 2 * * MON-FRI *)'), 'services.feeds.schedule', /^got "cron\(0 2 \* \* MON-FRI \*\)"; exactly one of day-of-month and day-of-week must be \?; write cron\(0 2 \? \* MON-FRI \*\)$/),
  c('rejects a cron hour out of range', change('cron(0 2 * * ? *)', 'cron(0 25 * * ? *)'), 'services.feeds.schedule', /^got "cron\(0 25 \* \* \? \*\)"; its hours field "25" is not valid \(0–23/),
  c('rejects a rate with a plural unit for 1', change('cron(0 2 * * ? *)', 'rate(1 hours)'), 'services.feeds.schedule', /^got "rate\(1 hours\)"; the unit is singular for 1 and plural otherwise; write rate\(1 hour\)$/),
  c('rejects a one-time at() schedule: a job recurs', change('cron(0 2 * * ? *)', 'at(2027-01-01T02:00:00)'), 'services.feeds.schedule', /^got "at\(2027-01-01T02:00:00\)"; a job runs on a recurring schedule; at\(\.\.\.\) runs once/),
  c('rejects a schedule that is not an expression', change('"cron(0 2 * * ? *)"', 'nightly'), 'services.feeds.schedule', /^got "nightly"; expected cron\(\.\.\.\) or rate\(\.\.\.\); write e\.g\. cron\(0 2 \* \* \? \*\)/),
  c('rejects an unknown time zone', change('timezone: Europe/London', 'timezone: Europe/Londn'), 'services.feeds.timezone', /^got "Europe\/Londn"; expected an IANA time zone name such as Europe\/London or UTC/, 'timezone: |Europe/Londn'),
  c('rejects a time zone in the wrong case, giving its name', change('timezone: Europe/London', 'timezone: europe/london'), 'services.feeds.timezone', /^got "europe\/london"; time zone names are case-sensitive; write Europe\/London$/),
  c('rejects a timeout above a day', change('timeoutMinutes: 30', 'timeoutMinutes: 2000'), 'services.feeds.timeoutMinutes', /^got 2000; timeoutMinutes is 1–1440 \(a day\)/),
  c('rejects more than 10 retries', change('retries: 2', 'retries: 11'), 'services.feeds.retries', /^got 11; retries is 0–10/),
  c('rejects a job override with a port', change('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12 }\n        feeds: { port: 80 }'), 'environments.prod.overrides.services.feeds.port', /^got port on a job; a job has no load balancer/),

  // ── Calls ─────────────────────────────────────────────────────────────────────────────────
  c('rejects a call to a job', change('calls: [api]', 'calls: [api, feeds]'), 'services.web.calls[1]', /^got "feeds", a job; a job is a task started on a schedule, with no load balancer to call/),
  c('rejects a call to a worker, offering its queue', change('calls: [api]', 'calls: [events]'), 'services.web.calls[0]', /^got "events", a worker; a worker has no load balancer to call; it takes its work from its queue; remove it and send messages instead: permissions: \{ queues: \{ order-events: send \} \}$/),
  c('rejects a call to itself', change('calls: [api]', 'calls: [web]'), 'services.web.calls[0]', /^got "web", the service itself/),

  // ── Containers ────────────────────────────────────────────────────────────────────────────
  c('rejects a command written as one string', change('command: ["node", "dist/worker.js"]', 'command: node dist/worker.js'), 'services.events.command', /^got "node dist\/worker\.js" \(a string\); expected a list/),
  c('rejects an empty command', change('command: ["node", "dist/worker.js"]', 'command: []'), 'services.events.command', /^got/),
  c('rejects a user that is not a uid or uid:gid', change('user: "1000:1000"', 'user: "1000 1000"'), 'services.feeds.user', /^got "1000 1000"; expected a uid or uid:gid such as "1000:1000"/),
  c('rejects a user written as a number, asking for quotes', change('user: "1000:1000"', 'user: 1000'), 'services.feeds.user', /^got 1000 \(a number\); expected a string; quote it: "1000"$/),
  c('rejects readonlyRootFilesystem as text', change('readonlyRootFilesystem: false', 'readonlyRootFilesystem: "no"'), 'services.feeds.readonlyRootFilesystem', /^got "no" \(a string\); expected true or false/),
  c('rejects a user override: hardening is the same everywhere', change('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, user: "0" }'), 'environments.prod.overrides.services.web.user', /^got user in an override; user cannot be overridden per environment: a container runs as the same user in every environment/),
  c('rejects a command override', change('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, command: [sh] }'), 'environments.prod.overrides.services.web.command', /^got command in an override; command cannot be overridden per environment/),
  c('rejects a kind override', change('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, kind: worker }'), 'environments.prod.overrides.services.web.kind', /^got kind in an override; kind cannot be overridden per environment: a service is the same kind of workload in every environment/),
  c('rejects a volume mounted at /tmp, which every container has', change('      media: /mnt/media', '      media: /tmp'), 'services.web.mounts.media', /^got "\/tmp"; every container gets its own writable, task-local \/tmp; mount the volume elsewhere, e\.g\. \/mnt\/media$/),

  // ── Sidecars ──────────────────────────────────────────────────────────────────────────────
  c('rejects sidecars that leave the service too little memory', change('        memoryMiB: 128', '        memoryMiB: 960'), 'services.web.sidecars', /^got sidecars limited to 960 MiB of the task's 1024 MiB; the service's own container needs at least 128 MiB beside them; give the sidecars less memory, or raise memoryMiB to at least 1088/),
  c('rejects sidecars that take all of the task\'s cpu', change('        cpu: 64', '        cpu: 512'), 'services.web.sidecars', /^got sidecars reserving 512 CPU units of the task's 512; sidecars share the task's cpu with the service's own container, which needs some; give the sidecars less cpu, or raise cpu to 1024/),
  c('blames a cpu override that no longer fits the sidecars', change('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, cpu: 256, memoryMiB: 512 }\n        api: {}').replace('        cpu: 64', '        cpu: 256'), 'environments.prod.overrides.services.web.cpu', /^got sidecars reserving 256 CPU units of the task's 256/),
  c('rejects a sidecar image without a tag', change('aws-otel-collector:v0.43.1', 'aws-otel-collector'), 'services.web.sidecars.otel.image', /^got "public\.ecr\.aws\/aws-observability\/aws-otel-collector"; expected an image with a tag or @sha256 digest.*; add the version tag: public\.ecr\.aws\/aws-observability\/aws-otel-collector:<version>$/),
  c('rejects a sidecar image tagged latest', change('aws-otel-collector:v0.43.1', 'aws-otel-collector:latest'), 'services.web.sidecars.otel.image', /^got "public\.ecr\.aws\/aws-observability\/aws-otel-collector:latest"; latest changes under a running service.*; pin a version tag or @sha256 digest$/),
  c('rejects a sidecar without memoryMiB', change('        memoryMiB: 128\n', ''), 'services.web.sidecars.otel', /^missing required field "memoryMiB"; memoryMiB is 6–122880; add memoryMiB: 128$/),
  c('rejects an unknown sidecar field, suggesting the likely one', change('        cpu: 64', '        cpu: 64\n        essentail: true'), 'services.web.sidecars.otel.essentail', /^got unknown field "essentail"; allowed fields: image, cpu, memoryMiB, essential, environment, secrets; did you mean "essential"\?$/),
  c('rejects a sidecar name with capitals', change('      otel:', '      OTel:'), 'services.web.sidecars.OTel', /^got name "OTel"; sidecar names are lowercase letters, digits and hyphens.*; rename it to "otel"$/),
  c('rejects sidecars in an override', change('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, sidecars: {} }'), 'environments.prod.overrides.services.web.sidecars', /^got sidecars in an override; sidecars cannot be overridden per environment/),
];

describe('parseManifest on workload kinds and containers', () => {
  it('accepts the workload manifest and plans each kind with its settings', () => {
    const { plan, warnings } = parseManifest(WORKLOAD_MANIFEST, 'portside.yaml');
    expect(warnings).toEqual([]);
    const prod = plan.environments.find((environment) => environment.name === 'prod')!;
    const byName = (name: string) => prod.services.find((service) => service.name === name)!;
    expect(byName('events').workload).toEqual({ kind: 'worker', queue: 'order-events' });
    expect(byName('events').scaling.messagesPerTask).toBe(50);
    // The worker may consume its queue without writing the permission.
    expect(byName('events').permissions.queues).toEqual([{ queue: 'order-events', access: 'consume' }]);
    expect(byName('events').container).toMatchObject({ command: ['node', 'dist/worker.js'], readonlyRootFilesystem: true, stopTimeoutSeconds: 120 });
    expect(byName('feeds').workload).toEqual({ kind: 'job', schedule: 'cron(0 2 * * ? *)', timezone: 'Europe/London', timeoutMinutes: 30, retries: 2 });
    expect(byName('feeds')).toMatchObject({ desiredCount: 1, maxCount: 1 });
    expect(byName('feeds').container).toMatchObject({ user: '1000:1000', readonlyRootFilesystem: false });
    // The sidecar's share comes out of the task: the service's own container gets the rest.
    expect(byName('web').container).toMatchObject({ cpu: 512 - 64, memoryMiB: 1024 - 128 });
    expect(byName('web').container.sidecars).toEqual([{
      name: 'otel', image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1', cpu: 64, memoryMiB: 128, essential: false, environment: {}, secrets: {},
    }]);
  });

  it('defaults a job to UTC, a 60-minute timeout and no retry', () => {
    const text = change('    timezone: Europe/London\n    timeoutMinutes: 30\n    retries: 2\n', '');
    const feeds = parseManifest(text, 'portside.yaml').plan.environments[0]!.services.find((service) => service.name === 'feeds')!;
    expect(feeds.workload).toEqual({ kind: 'job', schedule: 'cron(0 2 * * ? *)', timezone: 'UTC', timeoutMinutes: 60, retries: 0 });
  });

  it('lets an environment run a job on its own schedule', () => {
    const text = change('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12 }\n        feeds: { schedule: "rate(6 hours)", timeoutMinutes: 90 }');
    const prod = parseManifest(text, 'portside.yaml').plan.environments.find((environment) => environment.name === 'prod')!;
    expect(prod.services.find((service) => service.name === 'feeds')!.workload).toMatchObject({ schedule: 'rate(6 hours)', timeoutMinutes: 90 });
  });

  it('warns when a container is written to run as root', () => {
    const { warnings } = parseManifest(change('user: "1000:1000"', 'user: "0"'), 'portside.yaml');
    expect(warnings.map((warning) => [warning.id, warning.path])).toEqual([['portside/manifest:root-user', 'services.feeds.user']]);
  });

  it.each(CASES)('$name', (testCase) => {
    expectedIssue(testCase);
  });

  it('has at least 30 bad-manifest cases for the workload fields', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });
});
