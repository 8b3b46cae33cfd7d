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
