/**
 * The shape of a service (MANIFEST.md): its image, kind, size, scaling, databases, volumes, calls,
 * variables, secrets, permissions and containers, and what an environment may override. Rules that
 * relate fields are in service-rules.ts and workload-rules.ts; defaults in service-defaults.ts.
 */
import { z } from 'zod';
import { DATABASE_NAME, fileSystemName, repositoryField, serviceName, variableName } from './common-fields';
import { permissionsSchema } from './data-access-schema';
import { deploymentSchema } from './deployment-schema';
import { FARGATE_CPUS } from './fargate';
import { field } from './hints';
import { integer, renameFix } from './schema-helpers';
import { isPartialSecretArn, SECRET_ARN } from './secret-arn';
import {
  commandField, kindField, queueReference, readonlyRootFilesystemField, retriesField, scheduleField, sidecarsField,
  timeoutMinutesField, timezoneField, userField,
} from './workload-schema';

// ── A service's databases ────────────────────────────────────────────────────────────────────

/** The name of a declared database, as a service refers to it. */
const databaseReference = field(z.string().max(40).regex(DATABASE_NAME), 'Name of a database declared under databases.', {
  allowed: 'database names are lowercase letters, digits and hyphens, starting with a letter, at most 40 characters',
  fix: renameFix(DATABASE_NAME, true, 40, 'catalog'),
  example: 'catalog',
});

export const DATABASE_ACCESS = ['read-write', 'read'] as const;

/** One entry of a service's `databases`: a name (read-write), or `{ name, access }`. */
export const serviceDatabaseSchema = field(
  z.union([
    databaseReference,
    field(
      z.strictObject({
        name: databaseReference,
        access: field(
          z.enum(DATABASE_ACCESS),
          'read-write: a user that may create, alter and use the objects of the database, on the writer endpoint; read: a read-only user (SELECT) on the reader endpoint. Default: read-write.',
          { allowed: 'access is read-write (the default) or read (SELECT only, on the reader endpoint)', example: 'read' },
        ).optional(),
      }),
      'A database with the access the service needs.',
      { fix: 'write it as { name: catalog, access: read }', example: '{ name: catalog, access: read }' },
    ),
  ]),
  'A database the service uses: its name (read-write), or { name, access } with access read or read-write.',
  {
    kind: 'a database name or a mapping { name, access }',
    fix: (input) =>
      typeof input === 'number' || typeof input === 'boolean'
        ? 'write the name of a database declared under databases, e.g. catalog'
        : 'write a database name (read-write), e.g. catalog, or { name: catalog, access: read }',
  },
);

// ── Services ─────────────────────────────────────────────────────────────────────────────────

export const serviceSchema = z.strictObject({
  repository: repositoryField('GitHub repository holding the Dockerfile, as owner/repo.', 'purchase-direct/storefront'),
  dockerfile: field(
    z.string().regex(/^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))\S+$/),
    'Path of the Dockerfile inside the repository. Default: Dockerfile.',
    { allowed: 'expected a relative path inside the repository, without spaces or ..', fix: 'write it relative to the repository root, e.g. docker/Dockerfile' },
  ).optional(),
  port: field(integer(1, 65535), 'Web services: TCP port the container listens on; Portside also passes it as PORT.', {
    allowed: 'ports are 1–65535',
    fix: 'use the port the container listens on, e.g. 8080',
    example: '8080',
  }).optional(),
  healthCheckPath: field(z.string().max(1024).regex(/^\/\S*$/), 'Web services: HTTP path the load balancer checks, starting with /.', {
    allowed: 'expected a URL path starting with /',
    fix: (input) => (typeof input === 'string' && /^\S+$/.test(input) ? `write "/${input.replace(/^\/*/, '')}"` : 'write a path such as /health'),
    example: '/health',
  }).optional(),
  kind: kindField.optional(),
  queue: queueReference.optional(),
  schedule: scheduleField.optional(),
  timezone: timezoneField.optional(),
  timeoutMinutes: timeoutMinutesField.optional(),
  retries: retriesField.optional(),
  command: commandField.optional(),
  user: userField.optional(),
  readonlyRootFilesystem: readonlyRootFilesystemField.optional(),
  sidecars: sidecarsField.optional(),
  cpu: field(z.number().int().positive().meta({ enum: [...FARGATE_CPUS] }), 'Fargate CPU units (1024 = 1 vCPU); with memoryMiB a valid Fargate size.', {
    example: '512',
  }),
  memoryMiB: field(z.number().int().positive(), 'Fargate task memory in MiB; with cpu a valid Fargate size.', {
    example: '1024',
  }),
  architecture: field(z.enum(['arm64', 'x86_64']), 'CPU architecture of the image. Default: arm64 (Graviton).', {
    allowed: 'architecture is arm64 or x86_64',
  }).optional(),
  desiredCount: field(
    integer(1, 1000),
    'Minimum number of tasks. Default: 1 (economy), 2 (resilient; resilient needs at least 2).',
    { allowed: 'desiredCount is 1–1000', fix: 'use at least 1 task' },
  ).optional(),
  maxCount: field(integer(1, 1000), 'Autoscaling ceiling, at least desiredCount. Default: twice desiredCount.', {
    allowed: 'maxCount is 1–1000',
  }).optional(),
  scaling: field(
    z.strictObject({
      cpuPercent: field(integer(10, 90), 'Target average CPU utilization. Default: 60.', {
        allowed: 'cpuPercent is 10–90',
        fix: 'use e.g. 60',
      }).optional(),
      requestsPerTarget: field(integer(1, 100000), 'Web services: target requests per task per minute. Default: 1000.', {
        allowed: 'requestsPerTarget is 1–100000',
        fix: 'use e.g. 1000',
      }).optional(),
      messagesPerTask: field(integer(1, 100000), 'Workers: target visible messages of the queue per running task. Default: 100.', {
        allowed: 'messagesPerTask is 1–100000',
        fix: 'use about the messages one task handles in the time you accept a message to wait, e.g. 100',
      }).optional(),
    }),
    'Autoscaling targets (not for jobs); the service scales on whichever needs more tasks.',
  ).optional(),
  public: field(z.boolean(), 'Internet-facing load balancer (true) or internal (false). Default: true.').optional(),
  spot: field(
    z.boolean(),
    'Allow Fargate Spot for part of the tasks in economy environments (never in resilient ones). Default: true.',
  ).optional(),
  healthCheckGracePeriodSeconds: field(
    integer(0, 1800),
    'Seconds a new task may fail health checks while starting. Default: 60.',
    { allowed: 'healthCheckGracePeriodSeconds is 0–1800' },
  ).optional(),
  deregistrationDelaySeconds: field(
    integer(0, 3600),
    'Seconds the load balancer drains a stopping task. Default: 30.',
    { allowed: 'deregistrationDelaySeconds is 0–3600' },
  ).optional(),
  calls: field(
    z.array(serviceName),
    'Services this one calls: each injects <CALLEE>_URL, and only the callers a service declares reach its load balancer from inside the VPC.',
  ).optional(),
  databases: field(
    z.array(serviceDatabaseSchema),
    "Databases the service uses, each a name (read-write) or { name, access }; each injects <NAME>_DB_HOST, _PORT, _NAME, _USER and _PASSWORD for the service's own database user.",
  ).optional(),
  mounts: field(
    z.record(
      fileSystemName,
      field(z.string().max(1024).regex(/^\/\S+$/), 'Absolute container path the volume is mounted at.', {
        allowed: 'expected an absolute container path other than /, such as /mnt/media',
        fix: (input) =>
          typeof input === 'string' && /^[^/\s]\S*$/.test(input) ? `write "/${input}"` : 'use a directory such as /mnt/media',
      }),
    ),
    'File systems to mount: file system name → container path.',
    { kind: 'a mapping of file system names to container paths' },
  ).optional(),
  environment: field(z.record(variableName, z.string().max(32768)), 'Plain environment variables (not secret).', {
    kind: 'a mapping of variable names to text values',
  }).optional(),
  secrets: field(
    z.record(
      variableName,
      field(z.string().regex(SECRET_ARN), 'Secrets Manager ARN, optionally followed by :<json key>.', {
        allowed: 'expected a complete Secrets Manager ARN: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>, optionally :<json key>',
        fix: (input) =>
          typeof input === 'string' && isPartialSecretArn(input)
            ? 'use the complete ARN shown in the Secrets Manager console, ending in -XXXXXX'
            : 'copy the ARN from the Secrets Manager console',
      }),
    ),
    'Secret environment variables: variable name → Secrets Manager ARN (optionally :json-key).',
    { kind: 'a mapping of variable names to secret ARNs' },
  ).optional(),
  permissions: permissionsSchema.optional(),
  deployment: deploymentSchema.optional(),
});

export const serviceOverrideSchema = field(
  serviceSchema.omit({
    kind: true, repository: true, dockerfile: true, databases: true, mounts: true, calls: true, permissions: true,
    queue: true, command: true, user: true, readonlyRootFilesystem: true, sidecars: true,
  }).partial(),
  'Per-environment changes to a service; environment, secrets and scaling merge key by key, other fields (deployment included) replace.',
  {
    forbidden: {
      repository: 'every environment deploys the same image, built once from one repository',
      dockerfile: 'every environment deploys the same image, built once from one Dockerfile',
      databases: 'a service uses the same databases in every environment',
      mounts: 'a service mounts the same volumes in every environment',
      calls: 'a service calls the same services in every environment, so its network access is the same everywhere',
      permissions: 'a service has the same bucket and queue permissions in every environment',
      kind: 'a service is the same kind of workload in every environment',
      queue: 'a worker consumes the same queue in every environment',
      command: 'every environment runs the same image the same way, so what was tested is what runs',
      user: 'a container runs as the same user in every environment, so what passes in one passes in all',
      readonlyRootFilesystem: 'a container\'s root file system is read-only in every environment, so what passes in one passes in all',
      sidecars: 'a task has the same containers in every environment, so what was tested is what runs',
    },
  },
);

