/**
 * Field builders and names the manifest's sections share: regions, GitHub repositories and
 * branches, and the names of services, databases, file systems, environments and variables.
 */
import { z } from 'zod';
import { field } from './hints';
import { clauses } from './finding';
import { COMMERCIAL_REGIONS, otherPartitionOf } from './regions';
import { nameKey } from './schema-helpers';
import { didYouMean, showValue } from './text';

// ── Helpers (names and integers: see schema-helpers.ts) ───────────────────────────────────

export const REGION = /^[a-z]{2}(?:-[a-z]+){1,2}-\d{1,2}$/;
export const AVAILABILITY_ZONE = /^[a-z]{2}(?:-[a-z]+){1,2}-\d{1,2}[a-z]$/;

export function regionField(description: string, example: string) {
  const region = z.string().regex(REGION).superRefine((value, context) => {
    if (!COMMERCIAL_REGIONS.has(value)) {
      const partition = otherPartitionOf(value);
      context.addIssue({
        code: 'custom',
        message: clauses(
          `got ${showValue(value)}`,
          partition ? `${value} is in the ${partition} partition; Portside deploys to the commercial AWS regions` : 'no AWS commercial region has that code',
          didYouMean(value, COMMERCIAL_REGIONS) ?? `use a region code from the AWS console's region menu, e.g. ${example}`,
        ),
      });
    }
  });
  return field(region, description, {
    allowed: 'expected an AWS region code such as eu-west-2',
    fix: (input) =>
      typeof input === 'string' && REGION.test(input.trim().toLowerCase())
        ? `write it in lowercase without spaces: ${input.trim().toLowerCase()}`
        : `use the region code from the AWS console's region menu, e.g. ${example}`,
    example,
  });
}

export const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** A GitHub repository as owner/repo; a URL gets the owner/repo part offered as the fix. */
export function repositoryField(description: string, example: string) {
  return field(z.string().regex(REPOSITORY), description, {
    allowed: 'expected a GitHub repository as owner/repo',
    fix: (input) => {
      const match = typeof input === 'string' ? /github\.com[/:]([^/\s]+\/[^/\s]+?)(?:\.git)?\/?$/.exec(input) : null;
      return match && REPOSITORY.test(match[1]!) ? `write only ${match[1]}` : `write it as owner/repo, e.g. ${example}`;
    },
    example,
  });
}

export const BRANCH = /^(?!\/)(?!.*\/\/)(?!.*\.\.)[A-Za-z0-9._/-]+(?<![/.])$/;

/** A git branch name. */
export function branchField(description: string) {
  return field(z.string().min(1).max(200).regex(BRANCH), description, {
    allowed: 'expected a git branch name',
    fix: 'write the branch name, e.g. main',
    example: 'main',
  });
}

// ── Names ────────────────────────────────────────────────────────────────────────────────────

export const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;
export const DATABASE_NAME = /^[a-z][a-z0-9-]*$/;
export const FILE_SYSTEM_NAME = /^[a-z][a-z0-9-]*$/;
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9]{0,9}$/;
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const serviceName = nameKey({
  what: 'service',
  pattern: SERVICE_NAME,
  max: 20,
  hyphens: true,
  example: 'storefront',
  allowed: 'lowercase letters, digits and hyphens, starting with a letter, at most 20 characters',
});
export const databaseName = nameKey({
  what: 'database',
  pattern: DATABASE_NAME,
  max: 40,
  hyphens: true,
  example: 'catalog',
  allowed: 'lowercase letters, digits and hyphens, starting with a letter, at most 40 characters',
});
export const fileSystemName = nameKey({
  what: 'file system',
  pattern: FILE_SYSTEM_NAME,
  max: 40,
  hyphens: true,
  example: 'media',
  allowed: 'lowercase letters, digits and hyphens, starting with a letter, at most 40 characters',
});
export const environmentName = nameKey({
  what: 'environment',
  pattern: ENVIRONMENT_NAME,
  max: 10,
  hyphens: false,
  example: 'prod',
  allowed: 'lowercase letters and digits, starting with a letter, at most 10 characters',
});
export const variableName = field(z.string().max(255).regex(VARIABLE_NAME), 'Environment variable name', {
  allowed: 'variable names are letters, digits and underscores, not starting with a digit',
  fix: (input) => {
    const suggestion = typeof input === 'string' ? input.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^(\d)/, '_$1') : '';
    return VARIABLE_NAME.test(suggestion) ? `rename it to ${suggestion}` : 'rename it, e.g. NODE_ENV';
  },
});

