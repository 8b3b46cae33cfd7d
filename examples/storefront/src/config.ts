/**
 * The service's whole configuration, read once from the environment at start.
 *
 * The platform (Portside) sets PORT, <NAME>_DB_HOST/_PORT/_NAME as plain variables and
 * <NAME>_DB_USER/_PASSWORD from the RDS-managed secret; everything else has a production default.
 * A bad environment stops the process with one line naming every variable at fault.
 */
import { z } from 'zod';

export interface DatabaseConfig {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

export interface Config {
  readonly port: number;
  /** Listen address: all interfaces in a container, loopback for local runs. */
  readonly host: string;
  readonly catalog: DatabaseConfig;
  readonly orders: DatabaseConfig;
  /** TLS to the databases, verified against the Amazon RDS certificate authorities. Off only for local plaintext servers. */
  readonly databaseTls: boolean;
  /** A PEM bundle that replaces the bundled RDS authorities (a new CA before the package knows it). */
  readonly databaseCaFile: string | undefined;
  /** Connections per pool, per task. */
  readonly databasePoolSize: number;
  /** Where product images live: the EFS mount (`mounts: { media: /mnt/media }`). */
  readonly mediaDir: string;
  readonly maxImageBytes: number;
  /** Hard deadline for a graceful shutdown; below ECS's 30 s stopTimeout, after which it sends SIGKILL. */
  readonly shutdownTimeoutMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Registers /__test routes (a deliberately slow request). Refused when NODE_ENV is production. */
  readonly testRoutes: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const ECS_STOP_TIMEOUT_MS = 30_000;

const required = (variable: string) =>
  z.string({ error: `${variable} is not set` }).trim().min(1, { error: `${variable} is empty` });

const integer = (variable: string, min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, { error: `${variable} must be a whole number` })
    .transform(Number)
    .pipe(z.number().min(min, { error: `${variable} must be ${min}–${max}` }).max(max, { error: `${variable} must be ${min}–${max}` }));

const flag = (variable: string) =>
  z.enum(['on', 'off', 'true', 'false', '1', '0'], { error: `${variable} must be on or off` })
    .transform((value) => value === 'on' || value === 'true' || value === '1');

/** The five variables Portside injects for a database named in the service's `databases`. */
function databaseSchema(prefix: string) {
  return z.object({
    host: required(`${prefix}_HOST`),
    port: z.string({ error: `${prefix}_PORT is not set` }).pipe(integer(`${prefix}_PORT`, 1, 65_535)),
    database: required(`${prefix}_NAME`),
    user: required(`${prefix}_USER`),
    // Passwords are never trimmed: a leading or trailing space may be part of one.
    password: z.string({ error: `${prefix}_PASSWORD is not set` }).min(1, { error: `${prefix}_PASSWORD is empty` }),
  });
}

function databaseVariables(prefix: string, env: Record<string, string>) {
  return {
    host: env[`${prefix}_HOST`],
    port: env[`${prefix}_PORT`],
    database: env[`${prefix}_NAME`],
    user: env[`${prefix}_USER`],
    password: env[`${prefix}_PASSWORD`],
  };
}

const settingsSchema = z.object({
  PORT: z.string({ error: 'PORT is not set' }).pipe(integer('PORT', 1, 65_535)),
  HOST: z.string().default('0.0.0.0'),
  DB_TLS: flag('DB_TLS').default(true),
  DB_TLS_CA_FILE: z.string().optional(),
  DB_POOL_SIZE: integer('DB_POOL_SIZE', 1, 100).default(10),
  MEDIA_DIR: z.string().startsWith('/', { error: 'MEDIA_DIR must be an absolute path' }).default('/mnt/media'),
  MAX_IMAGE_BYTES: integer('MAX_IMAGE_BYTES', 1, 50 * 1024 * 1024).default(5 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: integer('SHUTDOWN_TIMEOUT_MS', 1_000, ECS_STOP_TIMEOUT_MS - 1_000).default(25_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], { error: 'LOG_LEVEL must be fatal, error, warn, info, debug or trace' }).default('info'),
  STOREFRONT_TEST_ROUTES: flag('STOREFRONT_TEST_ROUTES').default(false),
  NODE_ENV: z.string().optional(),
});

/** Reads the configuration, or throws a ConfigError whose one-line message names each bad variable (never a value). */
export function loadConfig(rawEnv: Record<string, string | undefined>): Config {
  const env = withoutEmptyOptionals(rawEnv);
  const settings = settingsSchema.safeParse(env);
  const catalog = databaseSchema('CATALOG_DB').safeParse(databaseVariables('CATALOG_DB', env));
  const orders = databaseSchema('ORDERS_DB').safeParse(databaseVariables('ORDERS_DB', env));
  if (!settings.success || !catalog.success || !orders.success) {
    const issues = [settings, catalog, orders].flatMap((result) => result.error?.issues ?? []);
    throw new ConfigError(`invalid configuration: ${[...new Set(issues.map((issue) => issue.message))].join('; ')}`);
  }
  const s = settings.data;
  if (s.STOREFRONT_TEST_ROUTES && s.NODE_ENV === 'production') {
    throw new ConfigError('invalid configuration: STOREFRONT_TEST_ROUTES must not be on when NODE_ENV is production');
  }
  return {
    port: s.PORT,
    host: s.HOST,
    catalog: catalog.data,
    orders: orders.data,
    databaseTls: s.DB_TLS,
    databaseCaFile: s.DB_TLS_CA_FILE,
    databasePoolSize: s.DB_POOL_SIZE,
    mediaDir: s.MEDIA_DIR,
    maxImageBytes: s.MAX_IMAGE_BYTES,
    shutdownTimeoutMs: s.SHUTDOWN_TIMEOUT_MS,
    logLevel: s.LOG_LEVEL,
    testRoutes: s.STOREFRONT_TEST_ROUTES,
  };
}

/** Optional settings given as empty strings (a common shell and task-definition accident) take their default. */
function withoutEmptyOptionals(env: Record<string, string | undefined>): Record<string, string> {
  const optional = new Set(['HOST', 'DB_TLS', 'DB_TLS_CA_FILE', 'DB_POOL_SIZE', 'MEDIA_DIR', 'MAX_IMAGE_BYTES', 'SHUTDOWN_TIMEOUT_MS', 'LOG_LEVEL', 'STOREFRONT_TEST_ROUTES']);
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || (value === '' && optional.has(key))) continue;
    result[key] = value;
  }
  return result;
}

/** What may be logged about the configuration: everything but credentials. */
export function describeConfig(config: Config) {
  const where = (db: DatabaseConfig) => ({ host: db.host, port: db.port, database: db.database, user: db.user });
  return {
    port: config.port,
    host: config.host,
    catalog: where(config.catalog),
    orders: where(config.orders),
    databaseTls: config.databaseTls,
    databasePoolSize: config.databasePoolSize,
    mediaDir: config.mediaDir,
    maxImageBytes: config.maxImageBytes,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    testRoutes: config.testRoutes,
  };
}
