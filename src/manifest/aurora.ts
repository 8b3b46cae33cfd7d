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

/**
 * Minor versions Aurora designates long-term support (LTS): kept at least three years, patched for
 * critical fixes only. AWS recommends turning automatic minor version upgrades off on them, since an
 * automatic upgrade may move a cluster off the LTS line. Sources: Aurora User Guide, "Long-term
 * support (LTS) and beta releases for Amazon Aurora MySQL" (3.04, 3.10) and "Using an Aurora
 * PostgreSQL long-term support (LTS) release" (one minor per major).
 */
const LONG_TERM_SUPPORT_MINORS: Readonly<Record<DatabaseEngine, readonly string[]>> = {
  'aurora-mysql': ['3.04', '3.10'],
  'aurora-postgresql': ['13.9', '14.6', '15.10', '16.8', '17.7'],
};

/** True when `version` (`3.10.4`, `17.7`) is on one of the engine's long-term-support minor versions. */
export function isLongTermSupportVersion(engine: DatabaseEngine, version: string): boolean {
  const minor = version.split('.').slice(0, 2).join('.');
  return LONG_TERM_SUPPORT_MINORS[engine].includes(minor);
}

/**
 * The physical identifier of an environment's Aurora cluster, `<project>-<env>-<database>`: fixed, so
 * log groups, deploy steps, the diagram and monitoring find a cluster without a reference to its stack.
 */
export function clusterIdentifier(project: string, environment: string, database: string): string {
  return `${project}-${environment}-${database}`;
}

/** Splits `db.r7g.large` into family and size; undefined for other shapes. */
export function instanceClassParts(instanceClass: string): { family: string; size: string } | undefined {
  const match = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceClass);
  return match ? { family: match[1]!, size: match[2]! } : undefined;
}
