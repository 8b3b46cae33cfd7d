/**
 * Rules across fields of the manifest as written (before environments are resolved): each a small
 * pure function from the manifest, read field by field, to findings. Invalid fields (INVALID) are
 * already reported by the schema, so rules skip them.
 */
import { serviceCallsAreDeclared } from './call-rules';
import { CREDENTIAL_RULES } from './credential-rules';
import { PLAIN_HTTP_RULES } from './plain-http-rules';
import { scheduleFitsEnvironment } from './schedule-rules';
import { SECRET_ACCOUNT_RULES } from './secret-account-rules';
import { DATA_ACCESS_RULES } from './data-access-rules';
import { WORKLOAD_RULES } from './workload-rules';
import { DEPLOYMENT_RULES } from './deployment-rules';
import { SERVICE_DEFAULTS } from './defaults';
import { entryAccess, entryDatabase } from './service-defaults';
import { INVALID } from './fields';
import { clauses, Finding, undeclared } from './finding';
import { formatPath } from './path';
import { listText } from './text';
import type { ManifestView, Section } from './view';

export type ManifestRule = (manifest: ManifestView) => Finding[];

/** Tag keys Portside sets on every resource itself. */
const PORTSIDE_TAGS = ['project', 'environment', 'service'];

/** drRegion must differ from region: backups copied to the same region do not survive its outage. */
export function drRegionDiffersFromRegion(manifest: ManifestView): Finding[] {
  const { region, drRegion } = manifest.top;
  if (typeof region !== 'string' || region !== drRegion) {
    return [];
  }
  return [
    {
      path: ['drRegion'],
      message: clauses(
        `got ${region}, the same as region`,
        'backups are copied to drRegion to survive an outage of the primary region, so it must differ',
        'choose another region, e.g. one in the same geography',
      ),
    },
  ];
}

/** Tag keys may not start with aws: (reserved) nor be project, environment or service (Portside sets those). */
export function tagKeysAreFree(manifest: ManifestView): Finding[] {
  const tags = manifest.top.tags;
  if (tags === undefined || tags === INVALID) {
    return [];
  }
  const findings: Finding[] = [];
  for (const key of Object.keys(tags)) {
    if (key.toLowerCase().startsWith('aws:')) {
      findings.push({
        path: ['tags', key],
        at: 'key',
        message: clauses(`got tag key ${JSON.stringify(key)}`, 'keys starting with aws: are reserved for AWS', `rename it, e.g. ${JSON.stringify(key.slice(4) || 'CostCentre')}`),
      });
    } else if (PORTSIDE_TAGS.includes(key.toLowerCase())) {
      findings.push({
        path: ['tags', key],
        at: 'key',
        message: clauses(
          `got tag key ${JSON.stringify(key)}`,
          `Portside sets the ${listText(PORTSIDE_TAGS, 'and')} tags on every resource itself`,
          'remove it or use another key',
        ),
      });
    }
  }
  return findings;
}

/**
 * A service's databases name declared databases, each once whatever the form (`catalog` and
 * `{ name: catalog, access: read }` name the same database). A finding points at the name: the
 * entry itself, or its `name` field.
 */
export function serviceDatabasesAreDeclared(manifest: ManifestView): Finding[] {
  const declared = manifest.databases.names;
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    const databases = fields.databases;
    if (databases === undefined || databases === INVALID) {
      continue;
    }
    const first = new Map<string, { readonly index: number; readonly access: string }>();
    databases.forEach((entry, index) => {
      const database = entryDatabase(entry);
      const access = entryAccess(entry);
      const entryPath = ['services', service, 'databases', index];
      const path = typeof entry === 'string' ? entryPath : [...entryPath, 'name'];
      const earlier = first.get(database);
      if (earlier !== undefined) {
        const at = formatPath(['services', service, 'databases', earlier.index]);
        findings.push({
          path,
          message: clauses(
            `got ${JSON.stringify(database)} twice (first at ${at})`,
            'list each database once, with the access the service needs',
            earlier.access === access
              ? 'remove the repeated entry'
              : `keep one entry: ${database} to read and write, or { name: ${database}, access: read } to read only`,
          ),
        });
        return;
      }
      first.set(database, { index, access });
      if (declared && !declared.has(database)) {
        findings.push({ path, message: clauses(`got undeclared database ${JSON.stringify(database)}`, undeclared('databases', 'databases', database, declared)) });
      }
    });
  }
  return findings;
}

/** A service's mounts name declared file systems. */
export function serviceMountsAreDeclared(manifest: ManifestView): Finding[] {
  const declared = manifest.fileSystems.names;
  if (!declared) {
    return [];
  }
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    const mounts = fields.mounts;
    if (mounts === undefined || mounts === INVALID) {
      continue;
    }
    for (const fileSystem of Object.keys(mounts)) {
      if (!declared.has(fileSystem)) {
        findings.push({
          path: ['services', service, 'mounts', fileSystem],
          at: 'key',
          message: clauses(`got undeclared file system ${JSON.stringify(fileSystem)}`, undeclared('fileSystems', 'fileSystems', fileSystem, declared)),
        });
      }
    }
  }
  return findings;
}

function normalizedPath(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

/** Portside's task-local writable directory (see the service task): no volume may take its place. */
const TMP_PATH = '/tmp';

/** No two mounts of a service share a container path, and none takes /tmp. */
export function mountPathsAreDistinct(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    const mounts = fields.mounts;
    if (mounts === undefined || mounts === INVALID) {
      continue;
    }
    const byPath = new Map<string, string>();
    for (const [fileSystem, containerPath] of Object.entries(mounts)) {
      const other = byPath.get(normalizedPath(containerPath));
      if (normalizedPath(containerPath) === TMP_PATH) {
        findings.push({
          path: ['services', service, 'mounts', fileSystem],
          message: clauses(`got ${JSON.stringify(containerPath)}`, 'every container gets its own writable, task-local /tmp', 'mount the volume elsewhere, e.g. /mnt/' + fileSystem),
        });
      } else if (other !== undefined) {
        findings.push({
          path: ['services', service, 'mounts', fileSystem],
          message: clauses(`got ${JSON.stringify(containerPath)}, where ${other} is already mounted`, 'each volume needs its own container path', 'choose another path'),
        });
      } else {
        byPath.set(normalizedPath(containerPath), fileSystem);
      }
    }
  }
  return findings;
}

/** No two services build from the same repository and Dockerfile. */
export function imagesAreDistinct(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  const owners = new Map<string, string>();
  for (const [service, fields] of manifest.services.entries) {
    const { repository } = fields;
    const dockerfile = fields.dockerfile ?? SERVICE_DEFAULTS.dockerfile;
    if (repository === undefined || repository === INVALID || dockerfile === INVALID) {
      continue;
    }
    const image = `${repository.toLowerCase()} ${dockerfile.replace(/^(?:\.\/)+/, '')}`;
    const owner = owners.get(image);
    if (owner !== undefined) {
      findings.push({
        path: ['services', service, 'repository'],
        message: clauses(
          `got ${repository} with dockerfile ${dockerfile}, the same as service ${owner}`,
          'two services may not build the same image',
          'set dockerfile to a different path or merge the services',
        ),
      });
    } else {
      owners.set(image, service);
    }
  }
  return findings;
}

function overrideNamesDeclared(
  environment: string,
  overrides: Section<unknown>,
  kind: 'services' | 'databases',
  declared: ReadonlySet<string> | undefined,
): Finding[] {
  if (!declared || !overrides.names) {
    return [];
  }
  return [...overrides.names]
    .filter((name) => !declared.has(name))
    .map((name) => ({
      path: ['environments', environment, 'overrides', kind, name],
      at: 'key' as const,
      message: clauses(`got unknown ${kind === 'services' ? 'service' : 'database'} ${JSON.stringify(name)}`, undeclared(kind, kind, name, declared)),
    }));
}

/** Override keys name declared services and databases. */
export function overridesNameDeclaredEntries(manifest: ManifestView): Finding[] {
  return [...manifest.environments.entries].flatMap(([environment, view]) => [
    ...overrideNamesDeclared(environment, view.serviceOverrides, 'services', manifest.services.names),
    ...overrideNamesDeclared(environment, view.databaseOverrides, 'databases', manifest.databases.names),
  ]);
}

/**
 * An override may not change a service's architecture: its image is built once, for the service's
 * architecture, and promoted to every environment. Repeating the service's architecture is allowed.
 */
export function overridesKeepArchitecture(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  for (const [environment, view] of manifest.environments.entries) {
    for (const [service, override] of view.serviceOverrides.entries) {
      const base = manifest.services.entries.get(service);
      const { architecture } = override;
      if (!base || architecture === undefined || architecture === INVALID || base.architecture === INVALID) {
        continue;
      }
      const built = base.architecture ?? SERVICE_DEFAULTS.architecture;
      if (architecture === built) {
        continue;
      }
      const field = formatPath(['services', service, 'architecture']);
      findings.push({
        path: ['environments', environment, 'overrides', 'services', service, 'architecture'],
        message: clauses(
          `got ${architecture}`,
          `the image is built once for ${field} (${built}${base.architecture === undefined ? ', the default' : ''}) and promoted to every environment, so an override may only repeat ${built}`,
          `remove the override, or change ${field} for every environment`,
        ),
      });
    }
  }
  return findings;
}

/** RDS cluster identifiers: at most 63 characters, no two hyphens in a row, no final hyphen. */
const MAX_CLUSTER_IDENTIFIER = 63;

/**
 * Each database becomes the Aurora cluster `<project>-<environment>-<database>`; RDS refuses an
 * identifier longer than 63 characters or with `--`, and only at deploy time, so it is checked here.
 */
export function clusterIdentifiersAreValid(manifest: ManifestView): Finding[] {
  const { project } = manifest.top;
  if (typeof project !== 'string') {
    return [];
  }
  return [...(manifest.databases.names ?? [])].flatMap((database) =>
    [...(manifest.environments.names ?? [])].flatMap((environment) => {
      const identifier = `${project}-${environment}-${database}`;
      const problem = identifier.length > MAX_CLUSTER_IDENTIFIER
        ? `makes the Aurora cluster identifier ${identifier} (${identifier.length} characters); RDS takes at most ${MAX_CLUSTER_IDENTIFIER}`
        : /--|-$/.test(identifier)
          ? `makes the Aurora cluster identifier ${identifier}; RDS refuses two hyphens in a row and a final hyphen`
          : undefined;
      return problem
        ? [{ path: ['databases', database], message: clauses(`the name ${database} in environment ${environment} ${problem}`, 'shorten the database, environment or project name') }]
        : [];
    }));
}

export const MANIFEST_RULES: readonly ManifestRule[] = [
  ...DATA_ACCESS_RULES,
  ...WORKLOAD_RULES,
  ...DEPLOYMENT_RULES,
  ...CREDENTIAL_RULES,
  ...SECRET_ACCOUNT_RULES,
  ...PLAIN_HTTP_RULES,
  scheduleFitsEnvironment,
  clusterIdentifiersAreValid,
  drRegionDiffersFromRegion,
  tagKeysAreFree,
  serviceDatabasesAreDeclared,
  serviceMountsAreDeclared,
  serviceCallsAreDeclared,
  mountPathsAreDistinct,
  imagesAreDistinct,
  overridesNameDeclaredEntries,
  overridesKeepArchitecture,
];

/** Runs every manifest rule. */
export function manifestRuleFindings(manifest: ManifestView): Finding[] {
  return MANIFEST_RULES.flatMap((rule) => rule(manifest));
}
