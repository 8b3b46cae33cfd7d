/**
 * The fields of a service that say what kind of workload it is and how its containers run
 * (MANIFEST.md, version 2): `kind`, a worker's `queue`, a job's `schedule`, `timezone`,
 * `timeoutMinutes` and `retries`, and `command`, `user`, `readonlyRootFilesystem` and `sidecars`.
 * Which fields go with which kind is checked in workload-rules.ts; defaults are in defaults.ts.
 */
import { z } from 'zod';
import { field } from './hints';
import { clauses } from './finding';
import { integer, nameKey } from './schema-helpers';
import { queueName } from './data-access-schema';
import { scheduleProblem, timeZoneProblem } from './schedule-expressions';
import { isPartialSecretArn, SECRET_ARN } from './secret-arn';
import { showValue } from './text';

export const SERVICE_KINDS = ['web', 'worker', 'job'] as const;

export const kindField = field(
  z.enum(SERVICE_KINDS),
  'web: behind its own load balancer (port, healthCheckPath); worker: consumes its queue and scales on the backlog, no load balancer; job: a task started on a schedule. Default: web.',
  { allowed: 'kind is web, worker or job', example: 'worker' },
);

export const queueReference = field(queueName, 'A worker\'s queue (declared under queues): it consumes it (the permission is implied) and scales on its backlog per task.', {
  example: 'order-events',
});

/** A zod string checked by `problem`, which explains a bad value in the manifest's message form. */
function checked(problem: (value: string) => { allowed: string; fix: string } | undefined) {
  return z.string().max(256).superRefine((value, context) => {
    const found = problem(value);
    if (found) {
      context.addIssue({ code: 'custom', message: clauses(`got ${showValue(value)}`, found.allowed, found.fix) });
    }
  });
}

export const scheduleField = field(
  checked(scheduleProblem),
  'When a job runs: an EventBridge Scheduler expression, cron(minutes hours day-of-month month day-of-week year) or rate(value unit), read in timezone.',
  { example: '"cron(0 2 * * ? *)"' },
);

export const timezoneField = field(checked(timeZoneProblem), 'IANA time zone the job\'s cron schedule is read in (daylight saving included). Default: UTC.', {
  example: 'Europe/London',
});

export const timeoutMinutesField = field(
  integer(1, 1440),
  'Minutes a job\'s run may take: its task is then stopped and the run fails (and is retried when retries allow). Default: 60.',
  { allowed: 'timeoutMinutes is 1–1440 (a day)', fix: 'use the longest a run should ever take, e.g. 60' },
);

export const retriesField = field(
  integer(0, 10),
  'Further attempts after a job\'s run fails (its task exits non-zero, cannot start or times out). Default: 0.',
  { allowed: 'retries is 0–10', fix: 'use e.g. 2, or 0 for no retry' },
);

export const commandField = field(
  z.array(z.string().min(1).max(4096)).min(1).max(100),
  'Replaces the image\'s CMD: the program and its arguments, one list item each. Default: the image\'s CMD.',
  { kind: 'a list of words, e.g. ["node", "dist/worker.js"]', fix: 'write it as a list: ["node", "dist/worker.js"]', example: '["node", "dist/worker.js"]' },
);

const POSIX_ID = '(?:\\d{1,10}|[a-z_][a-z0-9_-]{0,31})';
const USER = new RegExp(`^${POSIX_ID}(?::${POSIX_ID})?$`);

export const userField = field(
  z.string().regex(USER),
  'The container\'s user as uid or uid:gid (a name the image defines also works). Never root unless "0" or "root" is written. Default: the service\'s own uid (20000–39999, as for its EFS files).',
  {
    allowed: 'expected a uid or uid:gid such as "1000:1000"',
    fix: (input) => (typeof input === 'number' ? `quote it: "${input}"` : 'write it as "uid:gid", e.g. "1000:1000"'),
    example: '"1000:1000"',
  },
);

export const readonlyRootFilesystemField = field(
  z.boolean(),
  'The container\'s root file system is read-only; /tmp is always a writable task-local volume. Default: true.',
);

// ── Sidecars ─────────────────────────────────────────────────────────────────────────────────

const SIDECAR_NAME = /^[a-z][a-z0-9-]*$/;
/** An image with a tag or digest: `registry/repository:tag` or `…@sha256:<digest>`; `latest` is refused by a rule. */
const IMAGE = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?\/)?[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127}|@sha256:[a-f0-9]{64})$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const sidecarName = nameKey({
  what: 'sidecar',
  pattern: SIDECAR_NAME,
  max: 30,
  hyphens: true,
  example: 'otel',
  allowed: 'lowercase letters, digits and hyphens, starting with a letter, at most 30 characters',
});

const sidecarVariable = field(z.string().max(255).regex(VARIABLE_NAME), 'Environment variable name', {
  allowed: 'variable names are letters, digits and underscores, not starting with a digit',
  fix: 'rename it, e.g. OTEL_CONFIG',
});

export const sidecarSchema = field(
  z.strictObject({
    image: field(z.string().max(1024).regex(IMAGE), 'Image with a tag or digest, e.g. public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1.', {
      allowed: 'expected an image with a tag or @sha256 digest, such as public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1',
      fix: (input) => (typeof input === 'string' && !/[:@]/.test(input.split('/').at(-1) ?? '') ? `add the version tag: ${input}:<version>` : 'copy the image reference with its tag from the registry'),
      example: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1',
    }),
    cpu: field(integer(0, 16384), 'CPU units reserved for the sidecar, counted inside the service\'s cpu.', { allowed: 'cpu is 0–16384 units', example: '64' }),
    memoryMiB: field(integer(6, 122880), 'Hard memory limit of the sidecar in MiB, counted inside the service\'s memoryMiB.', { allowed: 'memoryMiB is 6–122880', example: '128' }),
    essential: field(z.boolean(), 'When an essential sidecar stops, ECS stops the whole task. Default: false.').optional(),
    environment: field(z.record(sidecarVariable, z.string().max(32768)), 'Plain environment variables of the sidecar.', {
      kind: 'a mapping of variable names to text values',
    }).optional(),
    secrets: field(
      z.record(
        sidecarVariable,
        field(z.string().regex(SECRET_ARN), 'Secrets Manager ARN, optionally followed by :<json key>.', {
          allowed: 'expected a complete Secrets Manager ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>, optionally :<json key>',
          fix: (input) => (typeof input === 'string' && isPartialSecretArn(input) ? 'use the complete ARN shown in the Secrets Manager console, ending in -XXXXXX' : 'copy the ARN from the Secrets Manager console'),
        }),
      ),
      'Secret environment variables of the sidecar, in the same form as the service\'s.',
      { kind: 'a mapping of variable names to secret ARNs' },
    ).optional(),
  }),
  'An extra container in the service\'s task (a collector, a proxy): it shares the task\'s network and its cpu and memory, runs with the service\'s user and read-only root, and logs to its own stream.',
  { example: '{ image: public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1, cpu: 64, memoryMiB: 128 }' },
);

export const sidecarsField = field(z.record(sidecarName, sidecarSchema), 'Extra containers in the service\'s task, by name.', {
  kind: 'a mapping of sidecar names to containers',
});

export type SidecarInput = z.output<typeof sidecarSchema>;
