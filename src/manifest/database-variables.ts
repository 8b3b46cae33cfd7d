import type { DatabasePlan } from './plan';

/**
 * The variables a service gets for each database it declares (one definition for the manifest's
 * collision rule and the task definition): `<NAME>_DB_HOST`, `_PORT`, `_NAME`, `_USER`, `_PASSWORD`.
 */
export function databaseVariableNames(database: Pick<DatabasePlan, 'envPrefix'>) {
  const prefix = database.envPrefix;
  return {
    host: `${prefix}_HOST`,
    port: `${prefix}_PORT`,
    name: `${prefix}_NAME`,
    user: `${prefix}_USER`,
    password: `${prefix}_PASSWORD`,
  } as const;
}

/**
 * The database user a service gets on every cluster it uses (read or read-write): `svc_` + the
 * service name with hyphens as underscores, e.g. `orders-api` → `svc_orders_api`. Service names
 * are at most 20 lowercase letters, digits and hyphens, so the user is at most 24 characters and
 * its rotation alternate `<user>_clone` at most 30: within MySQL's 32 (PostgreSQL takes 63).
 */
export function databaseUsername(service: string): string {
  return `svc_${service.replace(/-/g, '_')}`;
}
