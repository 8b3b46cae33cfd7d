/**
 * The manifest's shape (MANIFEST.md): field names, types, formats and ranges, with strict objects
 * so an unknown field is an error. Rules that relate several fields live in `rules.ts` and
 * `environment-rules.ts`; defaults live in `defaults.ts` (the schema never fills values in).
 */
import { z } from 'zod';
import { FARGATE_CPUS } from './fargate';
import { field } from './hints';
import { integer, nameKey, renameFix, suggestedName } from './schema-helpers';
import { bucketName, bucketSchema, permissionsSchema, queueName, queueSchema } from './data-access-schema';
import { isPartialSecretArn, SECRET_ARN } from './secret-arn';
import {
  commandField, kindField, queueReference, readonlyRootFilesystemField, retriesField, scheduleField, sidecarsField,
  timeoutMinutesField, timezoneField, userField,
} from './workload-schema';

// ── Helpers (names and integers: see schema-helpers.ts) ───────────────────────────────────

const REGION = /^[a-z]{2}(?:-[a-z]+){1,2}-\d{1,2}$/;
const AVAILABILITY_ZONE = /^[a-z]{2}(?:-[a-z]+){1,2}-\d{1,2}[a-z]$/;

function regionField(description: string, example: string) {
  return field(z.string().regex(REGION), description, {
    allowed: 'expected an AWS region code such as eu-west-2',
    fix: (input) =>
      typeof input === 'string' && REGION.test(input.trim().toLowerCase())
        ? `write it in lowercase without spaces: ${input.trim().toLowerCase()}`
        : `use the region code from the AWS console's region menu, e.g. ${example}`,
    example,
  });
}

const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** A GitHub repository as owner/repo; a URL gets the owner/repo part offered as the fix. */
function repositoryField(description: string, example: string) {
  return field(z.string().regex(REPOSITORY), description, {
    allowed: 'expected a GitHub repository as owner/repo',
    fix: (input) => {
      const match = typeof input === 'string' ? /github\.com[/:]([^/\s]+\/[^/\s]+?)(?:\.git)?\/?$/.exec(input) : null;
      return match && REPOSITORY.test(match[1]!) ? `write only ${match[1]}` : `write it as owner/repo, e.g. ${example}`;
    },
    example,
  });
}

const BRANCH = /^(?!\/)(?!.*\/\/)(?!.*\.\.)[A-Za-z0-9._/-]+(?<![/.])$/;

/** A git branch name. */
function branchField(description: string) {
  return field(z.string().min(1).max(200).regex(BRANCH), description, {
    allowed: 'expected a git branch name',
    fix: 'write the branch name, e.g. main',
    example: 'main',
  });
}

// ── Names ────────────────────────────────────────────────────────────────────────────────────

const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;
const DATABASE_NAME = /^[a-z][a-z0-9-]*$/;
const FILE_SYSTEM_NAME = /^[a-z][a-z0-9-]*$/;
const ENVIRONMENT_NAME = /^[a-z][a-z0-9]{0,9}$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const serviceName = nameKey({
  what: 'service',
  pattern: SERVICE_NAME,
  max: 20,
  hyphens: true,
  example: 'storefront',
  allowed: 'lowercase letters, digits and hyphens, starting with a letter, at most 20 characters',
});
const databaseName = nameKey({
  what: 'database',
  pattern: DATABASE_NAME,
  max: 40,
  hyphens: true,
  example: 'catalog',
  allowed: 'lowercase letters, digits and hyphens, starting with a letter, at most 40 characters',
});
const fileSystemName = nameKey({
  what: 'file system',
  pattern: FILE_SYSTEM_NAME,
  max: 40,
  hyphens: true,
  example: 'media',
  allowed: 'lowercase letters, digits and hyphens, starting with a letter, at most 40 characters',
});
const environmentName = nameKey({
  what: 'environment',
  pattern: ENVIRONMENT_NAME,
  max: 10,
  hyphens: false,
  example: 'prod',
  allowed: 'lowercase letters and digits, starting with a letter, at most 10 characters',
});
const variableName = field(z.string().max(255).regex(VARIABLE_NAME), 'Environment variable name', {
  allowed: 'variable names are letters, digits and underscores, not starting with a digit',
  fix: (input) => {
    const suggestion = typeof input === 'string' ? input.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^(\d)/, '_$1') : '';
    return VARIABLE_NAME.test(suggestion) ? `rename it to ${suggestion}` : 'rename it, e.g. NODE_ENV';
  },
});

// ── Databases ────────────────────────────────────────────────────────────────────────────────

export const databaseSchema = z.strictObject({
  engine: field(z.enum(['aurora-mysql', 'aurora-postgresql']), 'Aurora engine', {
    allowed: 'engine is aurora-mysql or aurora-postgresql',
    example: 'aurora-mysql',
  }),
  version: field(
    z.string(),
    'Engine version as Aurora names it: `3.10.4` for aurora-mysql (MySQL 8.0 compatible), `17.7` for aurora-postgresql. Default: a current long-term-support version.',
  ).optional(),
  instanceClass: field(
    z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/),
    'RDS instance class of the writer and readers, e.g. db.r7g.large. Default: db.t4g.medium (economy), db.r7g.large (resilient).',
    { allowed: 'expected an RDS instance class such as db.r7g.large', fix: 'write it as db.<family>.<size>, e.g. db.r7g.large or db.t4g.medium' },
  ).optional(),
  readers: field(
    integer(0, 15),
    'Reader instances beside the writer, each in another AZ than the writer. Default: 0 (economy), 1 (resilient).',
    { allowed: 'Aurora takes 0–15 readers', fix: 'use 0 for a writer only, or 1–15' },
  ).optional(),
  databaseName: field(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/),
    "Name of the database created in the cluster. Default: the manifest's database name with hyphens as underscores.",
    {
      allowed: 'database names are letters, digits and underscores, starting with a letter, at most 63 characters',
      fix: (input) =>
        typeof input === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,62}$/.test(input)
          ? `use underscores instead of hyphens: ${input.replace(/-/g, '_')}`
          : 'rename it, e.g. catalog',
    },
  ).optional(),
});

const CLUSTER_SNAPSHOT_ARN = /^arn:aws(?:-cn|-us-gov)?:rds:[a-z]{2}(?:-[a-z]+){1,2}-\d{1,2}:\d{12}:cluster-snapshot:[A-Za-z][A-Za-z0-9:-]{0,254}$/;

export const databaseOverrideSchema = field(
  databaseSchema
    .omit({ engine: true, databaseName: true })
    .partial()
    .extend({
      restoreFromSnapshot: field(
        z.string().regex(CLUSTER_SNAPSHOT_ARN),
        "ARN of an Aurora cluster snapshot in this environment's region (e.g. a recovery point copied to the DR vault): the cluster is created from it instead of empty. Set it when the environment is first deployed and keep it: adding, changing or removing it later would replace the cluster, which CloudFormation refuses for its fixed name. See docs/disaster-recovery.md.",
        {
          allowed: 'expected an Aurora cluster snapshot ARN: arn:aws:rds:<region>:<account>:cluster-snapshot:<name>',
          fix: 'copy the recovery point ARN from aws backup list-recovery-points-by-backup-vault (see docs/disaster-recovery.md)',
        },
      ).optional(),
    }),
  'Per-environment changes to a database; engine and databaseName are the same in every environment.',
  {
    forbidden: {
      engine: 'the engine is the same in every environment, so data and code stay compatible',
      databaseName: 'the database name is the same in every environment, so services find it',
    },
  },
);

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

// ── File systems ─────────────────────────────────────────────────────────────────────────────

const INFREQUENT_ACCESS_DAYS = [1, 7, 14, 30, 60, 90, 180, 270, 365] as const;

export const fileSystemSchema = field(
  z.strictObject({
    infrequentAccessAfterDays: field(
      z.literal(INFREQUENT_ACCESS_DAYS),
      'Days without access before a file moves to EFS Infrequent Access. Default: files stay in Standard.',
      { allowed: `EFS takes ${INFREQUENT_ACCESS_DAYS.join(', ')} days` },
    ).optional(),
  }),
  'An EFS volume, shared by the services that mount it; write {} for the defaults.',
  { fix: 'write {} for a volume with default settings' },
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
});

export const serviceOverrideSchema = field(
  serviceSchema.omit({
    kind: true, repository: true, dockerfile: true, databases: true, mounts: true, calls: true, permissions: true,
    queue: true, command: true, user: true, readonlyRootFilesystem: true, sidecars: true,
  }).partial(),
  'Per-environment changes to a service; environment, secrets and scaling merge key by key, other fields replace.',
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

// ── Environments ─────────────────────────────────────────────────────────────────────────────

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const CIDR = new RegExp(`^(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET}\\/(?:1[6-9]|2[0-4])$`);

export const environmentSchema = z.strictObject({
  account: field(z.string().regex(/^\d{12}$/), 'AWS account ID: 12 digits, quoted.', {
    allowed: 'expected an AWS account ID of exactly 12 digits, in quotes',
    fix: (input) =>
      typeof input === 'string' && /^\d+$/.test(input)
        ? `it has ${input.length} digits; copy the 12-digit ID from the AWS console`
        : 'copy the 12-digit ID from the AWS console, e.g. "111111111111"',
    example: '"111111111111"',
  }),
  region: regionField('Region of the environment. Default: the top-level region.', 'eu-west-2').optional(),
  branch: branchField(
    'Branch of every service repository that deploys to this environment; each service gets one image pipeline per branch, deploying every environment of that branch in manifest order.',
  ),
  profile: field(z.enum(['economy', 'resilient']), 'economy: 2 AZs, one NAT gateway, small instances, Spot; resilient: 3 AZs, readers, ≥ 2 tasks, deletion protection.', {
    allowed: 'profile is economy or resilient',
    example: 'economy',
  }),
  approval: field(z.boolean(), 'Wait for a manual approval before deploying to this environment. Default: false.').optional(),
  budgetMonthlyUsd: field(z.number().positive().max(10_000_000), 'Monthly AWS budget in US dollars; alerts go to alertEmail.', {
    allowed: 'expected a positive amount of US dollars',
    fix: 'write the amount as a number, e.g. 1500',
  }).optional(),
  domain: field(
    z.strictObject({
      name: field(
        z.string().max(253).regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/),
        'Apex domain; each service gets <service>.<name> with an ACM certificate.',
        {
          allowed: 'expected a lowercase DNS name such as shop.example.com',
          fix: (input) => (typeof input === 'string' && input !== input.toLowerCase() ? `write it in lowercase: ${input.toLowerCase()}` : 'write the domain without scheme or path, e.g. shop.example.com'),
          example: 'shop.example.com',
        },
      ),
      hostedZoneId: field(z.string().regex(/^Z[A-Z0-9]{1,32}$/), 'Route 53 hosted zone ID of the domain, e.g. Z0123456789ABCDEFGHIJ.', {
        allowed: 'expected a Route 53 hosted zone ID: Z followed by up to 32 uppercase letters and digits',
        fix: (input) =>
          typeof input === 'string' && /^(?:\/?hostedzone\/)Z[A-Z0-9]{1,32}$/.test(input)
            ? `drop the prefix: ${input.replace(/^\/?hostedzone\//, '')}`
            : 'copy the hosted zone ID from the Route 53 console',
        example: 'Z0123456789ABCDEFGHIJ',
      }),
    }),
    'HTTPS for every service: a certificate and DNS records in this hosted zone.',
  ).optional(),
  cidr: field(z.string().regex(CIDR), 'IPv4 CIDR of the VPC, /16 to /24. Default: 10.0.0.0/16.', {
    allowed: 'expected an IPv4 CIDR from /16 to /24 such as 10.0.0.0/16',
    fix: 'write a private range, e.g. 10.1.0.0/16',
  }).optional(),
  availabilityZones: field(
    z.array(
      field(z.string().regex(AVAILABILITY_ZONE), 'Availability Zone name, e.g. eu-west-2a.', {
        allowed: 'expected an Availability Zone name such as eu-west-2a',
        fix: 'write the region followed by the zone letter, e.g. eu-west-2a',
      }),
    ).meta({ minItems: 2 }),
    'Availability Zones of the VPC in order; economy uses the first 2, resilient the first 3. Default: from the region.',
  ).optional(),
  overrides: field(
    z.strictObject({
      services: field(z.record(z.string(), serviceOverrideSchema), 'Per-environment changes by service name.', {
        kind: 'a mapping of service names to changes',
      }).optional(),
      databases: field(z.record(z.string(), databaseOverrideSchema), 'Per-environment changes by database name.', {
        kind: 'a mapping of database names to changes',
      }).optional(),
    }),
    'Per-environment changes to services and databases.',
  ).optional(),
});

// ── Manifest ─────────────────────────────────────────────────────────────────────────────────

const TAG_KEY = /^[A-Za-z0-9 _.:/=+\-@]+$/;

function nonEmpty<T extends z.ZodRecord>(schema: T, what: string, example: string): T {
  return schema
    .refine((entries) => Object.keys(entries).length > 0, {
      message: `got an empty mapping; at least one ${what} is required; add one, e.g. ${example}`,
    })
    .meta({ minProperties: 1 }) as T;
}

export const manifestSchema = z
  .strictObject({
    project: field(
      z.string().min(3).max(24).regex(/^[a-z][a-z0-9-]*[a-z0-9]$/),
      'Project name, 3–24 lowercase letters, digits and hyphens; prefixes every stack name.',
      {
        allowed: 'project names are 3–24 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
        fix: (input) => {
          const suggestion = suggestedName(input, /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/, true);
          return suggestion ? `rename it to ${JSON.stringify(suggestion)}` : 'rename it, e.g. "purchase-direct"';
        },
        example: 'purchase-direct',
      },
    ),
    region: regionField('Primary AWS region.', 'eu-west-2'),
    drRegion: regionField('Disaster-recovery region: backups are copied here; it must differ from region.', 'eu-west-1'),
    alertEmail: field(z.email(), 'Email address that receives alarms and budget alerts.', {
      allowed: 'expected an email address',
      fix: 'write an address such as platform@example.com',
      example: 'platform@example.com',
    }),
    tags: field(
      z.record(
        field(z.string().min(1).max(128).regex(TAG_KEY), 'Tag key.', {
          allowed: 'tag keys are 1–128 letters, digits, spaces and _ . : / = + - @',
          fix: 'rename the tag key',
        }),
        field(z.string().max(256).regex(/^[A-Za-z0-9 _.:/=+\-@]*$/), 'Tag value.', {
          allowed: 'tag values are at most 256 letters, digits, spaces and _ . : / = + - @',
          fix: (input) => (typeof input === 'number' || typeof input === 'boolean' ? `quote it: "${String(input)}"` : 'shorten or simplify the value'),
        }),
      ),
      'Tags added to every resource beside project, environment and service.',
      { kind: 'a mapping of tag keys to text values' },
    ).optional(),
    github: field(
      z.strictObject({
        owner: field(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/), 'GitHub user or organization owning the service repositories.', {
          allowed: 'expected a GitHub user or organization name',
          fix: 'write the name as in github.com/<owner>',
          example: 'purchase-direct',
        }),
        connectionArn: field(
          z.string().regex(
            /^arn:aws(?:-cn|-us-gov)?:(?:codestar-connections|codeconnections):[a-z]{2}(?:-[a-z]+){1,2}-\d{1,2}:\d{12}:connection\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
          ),
          'ARN of an existing CodeConnections (CodeStar) GitHub connection. Default: one is created and must be confirmed once in the console.',
          {
            allowed: 'expected a connection ARN: arn:aws:codeconnections:<region>:<account>:connection/<uuid>',
            fix: 'copy the ARN from Developer Tools > Settings > Connections, or remove connectionArn to create one',
          },
        ).optional(),
        platform: field(
          z.strictObject({
            repository: repositoryField(
              'GitHub repository holding this manifest (portside.yaml), as owner/repo. Default: <github.owner>/<project>.',
              'purchase-direct/platform',
            ).optional(),
            branch: branchField('Branch of that repository the infrastructure pipeline deploys from. Default: main.').optional(),
          }),
          'The repository holding this manifest: the source of the infrastructure pipeline, which deploys every environment in manifest order.',
          {
            fix: (input) =>
              typeof input === 'string' && REPOSITORY.test(input)
                ? `write it as platform: { repository: ${input} }`
                : 'write {} for the defaults, or set repository and branch under it',
            example: '{ repository: purchase-direct/platform, branch: main }',
          },
        ).optional(),
      }),
      'GitHub: the owner of the service repositories, the connection the pipelines read them through, and the repository holding this manifest.',
      { example: '{ owner: purchase-direct }' },
    ),
    environments: field(
      nonEmpty(z.record(environmentName, environmentSchema), 'environment', 'dev: { account: "111111111111", branch: dev, profile: economy }'),
      'Environments by name (lowercase letters and digits, ≤ 10 characters).',
      { kind: 'a mapping of environment names to environments', example: '{ dev: { account: "111111111111", branch: dev, profile: economy } }' },
    ),
    databases: field(z.record(databaseName, databaseSchema), 'Aurora clusters by name.', {
      kind: 'a mapping of database names to databases',
    }).optional(),
    fileSystems: field(z.record(fileSystemName, fileSystemSchema), 'EFS volumes by name.', {
      kind: 'a mapping of file system names to volumes',
    }).optional(),
    buckets: field(z.record(bucketName, bucketSchema), 'S3 buckets by name (lowercase letters, digits and hyphens, ≤ 40 characters).', {
      kind: 'a mapping of bucket names to buckets',
    }).optional(),
    queues: field(z.record(queueName, queueSchema), 'SQS queues by name (lowercase letters, digits and hyphens, ≤ 30 characters; a FIFO queue\'s AWS name adds .fifo).', {
      kind: 'a mapping of queue names to queues',
    }).optional(),
    services: field(
      nonEmpty(z.record(serviceName, serviceSchema), 'service', 'web: { repository: owner/web, port: 8080, healthCheckPath: /health, cpu: 512, memoryMiB: 1024 }'),
      'Services by name (lowercase letters, digits and hyphens, ≤ 20 characters).',
      { kind: 'a mapping of service names to services', example: '{ web: { repository: owner/web, port: 8080, healthCheckPath: /health, cpu: 512, memoryMiB: 1024 } }' },
    ),
  })
  .meta({
    title: 'Portside manifest',
    description: 'portside.yaml: one manifest for a production container platform on AWS (see MANIFEST.md).',
  });

export type ManifestInput = z.output<typeof manifestSchema>;
export type EnvironmentInput = z.output<typeof environmentSchema>;
export type ServiceInput = z.output<typeof serviceSchema>;
export type ServiceOverrideInput = z.output<typeof serviceOverrideSchema>;
export type ServiceDatabaseInput = z.output<typeof serviceDatabaseSchema>;
export type DatabaseInput = z.output<typeof databaseSchema>;
export type DatabaseOverrideInput = z.output<typeof databaseOverrideSchema>;
export type FileSystemInput = z.output<typeof fileSystemSchema>;

/** Shown for a manifest that is empty or not a mapping. */
export const TOP_LEVEL_FIELDS: readonly string[] = Object.keys(manifestSchema.shape);
