/**
 * Rules on buckets, queues and services' permissions, across sections of the manifest as written:
 * a permission names a declared bucket or queue; a bucket's AWS name is valid in every environment.
 */
import { bucketPhysicalName, S3_BUCKET_NAME_MAX, S3_RESERVED_PREFIXES } from './data-names';
import { INVALID } from './fields';
import { clauses, Finding, undeclared } from './finding';
import type { ManifestView } from './view';

/** Every bucket and queue a service's `permissions` names is declared under `buckets` / `queues`. */
export function permissionsAreDeclared(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    const permissions = fields.permissions;
    if (permissions === undefined || permissions === INVALID) {
      continue;
    }
    const sections = [
      { kind: 'bucket', section: 'buckets', names: Object.keys(permissions.buckets ?? {}), declared: manifest.buckets.names },
      { kind: 'queue', section: 'queues', names: Object.keys(permissions.queues ?? {}), declared: manifest.queues.names },
    ] as const;
    for (const { kind, section, names, declared } of sections) {
      if (!declared) {
        continue;
      }
      for (const name of names.filter((candidate) => !declared.has(candidate))) {
        findings.push({
          path: ['services', service, 'permissions', section, name],
          at: 'key',
          message: clauses(`got undeclared ${kind} ${JSON.stringify(name)}`, undeclared(section, section, name, declared)),
        });
      }
    }
  }
  return findings;
}

/**
 * Each bucket becomes the S3 bucket `<project>-<env>-<bucket>-<account>-<region>` in every
 * environment (bucketPhysicalName); S3 refuses a name over 63 characters or with a reserved prefix,
 * and only at deploy time, so it is checked here.
 */
export function bucketNamesFitS3(manifest: ManifestView): Finding[] {
  const { project, region: topRegion } = manifest.top;
  if (typeof project !== 'string') {
    return [];
  }
  const findings: Finding[] = [];
  for (const bucket of manifest.buckets.names ?? []) {
    for (const [environment, view] of manifest.environments.entries) {
      const { account } = view.fields;
      const region = view.fields.region ?? topRegion;
      if (typeof account !== 'string' || typeof region !== 'string') {
        continue;
      }
      const name = bucketPhysicalName(project, environment, bucket, account, region);
      const prefix = S3_RESERVED_PREFIXES.find((reserved) => name.startsWith(reserved));
      const problem = name.length > S3_BUCKET_NAME_MAX
        ? `makes the S3 bucket name ${name} (${name.length} characters); S3 takes at most ${S3_BUCKET_NAME_MAX}`
        : prefix
          ? `makes the S3 bucket name ${name}; S3 refuses names starting with ${prefix}`
          : undefined;
      if (problem) {
        const room = S3_BUCKET_NAME_MAX - (name.length - bucket.length);
        const fix = prefix
          ? 'rename the project'
          : room > 0 ? `shorten the bucket name to at most ${room} characters, or shorten the environment or project name` : 'shorten the environment or project name';
        findings.push({ path: ['buckets', bucket], at: 'key', message: clauses(`the name ${bucket} in environment ${environment} ${problem}`, fix) });
      }
    }
  }
  return findings;
}

export const DATA_ACCESS_RULES = [permissionsAreDeclared, bucketNamesFitS3] as const;
