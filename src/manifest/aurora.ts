import type { DatabaseEngine } from './plan';

/** Port each Aurora engine listens on. */
export const ENGINE_PORTS: Readonly<Record<DatabaseEngine, number>> = {
  'aurora-mysql': 3306,
  'aurora-postgresql': 5432,
};

/** Instance families Aurora MySQL and PostgreSQL both provision (provisioned, not Serverless). */
export const AURORA_FAMILIES: readonly string[] = ['t3', 't4g', 'r5', 'r6g', 'r6i', 'r7g', 'r7i', 'r8g', 'x2g'];

/** Burstable families: Aurora takes only these sizes. */
export const BURSTABLE_SIZES: Readonly<Record<string, readonly string[]>> = {
  t3: ['medium', 'large'],
  t4g: ['medium', 'large'],
};

/** Aurora MySQL 3 versions as written: `3.10.4`. */
export const MYSQL_VERSION = /^3\.\d{2}\.\d+$/;
/** Aurora PostgreSQL versions as written: `17.7`. */
export const POSTGRES_VERSION = /^(\d{2})\.\d+$/;
export const POSTGRES_MAJORS = { min: 13, max: 18 } as const;

/** Splits `db.r7g.large` into family and size; undefined for other shapes. */
export function instanceClassParts(instanceClass: string): { family: string; size: string } | undefined {
  const match = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceClass);
  return match ? { family: match[1]!, size: match[2]! } : undefined;
}
