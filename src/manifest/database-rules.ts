/** Rules on a database in an environment, after its override is merged and defaults applied. */
import { AURORA_FAMILIES, BURSTABLE_SIZES, instanceClassParts, MYSQL_VERSION, POSTGRES_MAJORS, POSTGRES_VERSION } from './aurora';
import { belowProfileMinimum, DatabaseCheck } from './checks';
import { ENGINE_VERSIONS, PROFILES } from './defaults';
import { INVALID } from './fields';
import { clauses, Finding } from './finding';
import { listText } from './text';

/** The instance class is one Aurora provisions (family, and medium/large for burstable families). */
export function instanceClassIsAurora({ database, origin }: DatabaseCheck): Finding[] {
  const { instanceClass } = database;
  const parts = instanceClass === INVALID ? undefined : instanceClassParts(instanceClass);
  if (instanceClass === INVALID || !parts) {
    return [];
  }
  const path = origin('instanceClass').path;
  if (!AURORA_FAMILIES.includes(parts.family)) {
    const small = ['nano', 'micro', 'small', 'medium'].includes(parts.size);
    return [
      {
        path,
        message: clauses(
          `got ${instanceClass}`,
          `Aurora takes the families ${listText(AURORA_FAMILIES, 'and')}`,
          small ? 'use db.t4g.medium' : `use db.r7g.${parts.size === 'large' || /^\d*xlarge$/.test(parts.size) ? parts.size : 'large'}`,
        ),
      },
    ];
  }
  const sizes = BURSTABLE_SIZES[parts.family];
  if (sizes && !sizes.includes(parts.size)) {
    return [
      {
        path,
        message: clauses(`got ${instanceClass}`, `Aurora takes ${parts.family} only as ${listText(sizes)}`, `use db.${parts.family}.medium, or db.r7g.large for more memory`),
      },
    ];
  }
  return [];
}

/** The version is written as the engine's versions are (3.10.4 / 17.7) and supported. */
export function versionMatchesEngine({ database, origin }: DatabaseCheck): Finding[] {
  const { engine, version } = database;
  if (engine === INVALID || version === INVALID) {
    return [];
  }
  const path = origin('version').path;
  const fix = `use "${ENGINE_VERSIONS[engine]}" or remove version for the default`;
  if (engine === 'aurora-mysql') {
    return MYSQL_VERSION.test(version)
      ? []
      : [{ path, message: clauses(`got ${JSON.stringify(version)}`, 'aurora-mysql versions look like 3.10.4 (Aurora MySQL 3, compatible with MySQL 8.0)', fix) }];
  }
  const match = POSTGRES_VERSION.exec(version);
  if (!match) {
    return [{ path, message: clauses(`got ${JSON.stringify(version)}`, 'aurora-postgresql versions look like 17.7 (major.minor)', fix) }];
  }
  const major = Number(match[1]);
  return major >= POSTGRES_MAJORS.min && major <= POSTGRES_MAJORS.max
    ? []
    : [{ path, message: clauses(`got ${JSON.stringify(version)}`, `aurora-postgresql takes major versions ${POSTGRES_MAJORS.min}–${POSTGRES_MAJORS.max}`, fix) }];
}

/** A resilient environment has at least 1 reader per database. */
export function readersFitProfile({ name, environment, database, origin }: DatabaseCheck): Finding[] {
  const { profile } = environment.settings;
  const { readers } = database;
  if (environment.name === undefined || profile === INVALID || readers === INVALID) {
    return [];
  }
  const minimum = PROFILES[profile].database.minimumReaders;
  return belowProfileMinimum({
    environment, kind: 'databases', name, field: 'readers', value: readers, minimum, at: origin('readers'),
    guarantee: `needs at least ${minimum} reader in another AZ for failover`,
  });
}

/** A snapshot to restore is in the environment's own region: RDS restores a cluster only from a snapshot in its region. */
export function snapshotInEnvironmentRegion({ environment, database, origin }: DatabaseCheck): Finding[] {
  const { region } = environment.settings;
  const { restoreFromSnapshot } = database;
  if (region === INVALID || restoreFromSnapshot === INVALID || restoreFromSnapshot === undefined) {
    return [];
  }
  const snapshotRegion = restoreFromSnapshot.split(':')[3];
  return snapshotRegion === region
    ? []
    : [
      {
        path: origin('restoreFromSnapshot').path,
        message: clauses(
          `got a snapshot in ${snapshotRegion}`,
          `environment ${environment.name} runs in ${region} and Aurora restores only from a snapshot in its own region`,
          `use a recovery point from the vault in ${region} (the DR vault holds the copies), or copy the snapshot to ${region} first`,
        ),
      },
    ];
}

export const DATABASE_RULES: readonly ((check: DatabaseCheck) => Finding[])[] = [instanceClassIsAurora, versionMatchesEngine, readersFitProfile, snapshotInEnvironmentRegion];
