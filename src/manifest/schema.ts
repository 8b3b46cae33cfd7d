/**
 * The manifest's shape (MANIFEST.md): field names, types, formats and ranges, with strict objects
 * so an unknown field is an error. A service's shape is in service-schema.ts, the shared field
 * builders and names in common-fields.ts. Rules that relate several fields live in `rules.ts` and
 * `environment-rules.ts`; defaults live in `defaults.ts` (the schema never fills values in).
 */
import { z } from 'zod';
import {
  AVAILABILITY_ZONE, branchField, databaseName, environmentName, fileSystemName, regionField, REPOSITORY, repositoryField, serviceName,
} from './common-fields';
import { bucketName, bucketSchema, queueName, queueSchema } from './data-access-schema';
import { field } from './hints';
import { integer, suggestedName } from './schema-helpers';
import { serviceDatabaseSchema, serviceOverrideSchema, serviceSchema } from './service-schema';
import { environmentScheduleSchema } from './environment-schedule-schema';

export { DATABASE_ACCESS, serviceDatabaseSchema, serviceOverrideSchema, serviceSchema } from './service-schema';

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
  allowPlainHttp: field(
    z.boolean(),
    'Accept plain HTTP in a resilient environment without a domain: its public services then answer on HTTP only, unencrypted. Without it, a resilient environment with a public web service needs a domain. Changes nothing in economy environments or with a domain (a warning says so). Default: false.',
  ).optional(),
  schedule: environmentScheduleSchema.optional(),
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
    delivery: field(
      z.strictObject({
        account: field(z.string().regex(/^\d{12}$/), 'AWS account of the image repositories and pipelines: a tooling account the environments trust, and only it. Default: the first environment\'s account.', {
          allowed: 'expected an AWS account ID of exactly 12 digits, in quotes',
          fix: 'copy the 12-digit ID of the tooling account, e.g. "999999999999"',
          example: '"999999999999"',
        }).optional(),
        region: regionField('Region of the image repositories and pipelines. Default: the first environment\'s region (the top-level region unless that environment sets its own).', 'eu-west-2').optional(),
      }),
      'Where images are built and pipelines run: a tooling (delivery) account rather than an environment\'s.',
      { example: '{ account: "999999999999" }' },
    ).optional(),
    accountBaseline: field(
      z.strictObject({
        cloudTrail: field(
          z.boolean(),
          'A multi-region CloudTrail trail and the CIS alarms on it in every account (the foundation stack). false where an organization trail already records the accounts. Default: true.',
        ).optional(),
        costAnomalyMonitor: field(
          z.boolean(),
          'A Cost Anomaly Detection monitor and daily digest in every account. false where the accounts already have one (an account takes one service monitor). Default: true.',
        ).optional(),
      }),
      'The per-account stacks Portside adds: switch off what the organization already provides.',
      { example: '{ cloudTrail: false }' },
    ).optional(),
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
