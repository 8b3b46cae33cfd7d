/**
 * Names shared by the custom resource and the rotation function: the access levels, the pair of
 * login names a service alternates between, and PostgreSQL's two group roles.
 */

export type Access = 'read-write' | 'read';

/**
 * Tags on each user secret, written by the service stack (src/infra/service/service-database-user.ts)
 * and read by the rotation, so the rotation function needs no other input: the cluster, the database
 * inside it and the access. The secret's value holds only username and password.
 */
export const SECRET_TAGS = { cluster: 'portside:cluster', database: 'portside:database-name', access: 'portside:access' } as const;
export type Engine = 'mysql' | 'postgres';

export const ACCESS_LEVELS: readonly Access[] = ['read-write', 'read'];

/** The suffix of the second user of a pair: rotation sets the password of the user not in use. */
export const CLONE_SUFFIX = '_clone';

/** Group role that owns every object the read-write users create (PostgreSQL). */
export const READWRITE_ROLE = 'portside_readwrite';
/** Group role that can read what READWRITE_ROLE owns (PostgreSQL). */
export const READONLY_ROLE = 'portside_readonly';

/** Lower-case identifiers only: nothing to quote wrongly, and the same name in both engines. */
export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Longest user name each engine keeps: MySQL 8.0 user names are at most 32 characters, PostgreSQL
 * silently truncates identifiers past 63 bytes (which would make the two names of a pair collide).
 */
export const MAX_USERNAME_LENGTH: Readonly<Record<Engine, number>> = { mysql: 32, postgres: 63 };

export function isAccess(value: unknown): value is Access {
  return typeof value === 'string' && (ACCESS_LEVELS as readonly string[]).includes(value);
}

export function parseAccess(value: unknown): Access {
  if (!isAccess(value)) throw new Error(`access must be one of ${ACCESS_LEVELS.join(', ')}; got ${JSON.stringify(value)}`);
  return value;
}

/** Throws unless `value` is a plain lower-case identifier; `what` names it in the message. */
export function validateIdentifier(value: unknown, what: string): string {
  if (typeof value !== 'string' || !IDENTIFIER_PATTERN.test(value)) {
    throw new Error(`${what} must match ${IDENTIFIER_PATTERN}; got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The other name of the pair: `svc_storefront` ↔ `svc_storefront_clone`. */
export function alternateUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? username.slice(0, -CLONE_SUFFIX.length) : `${username}${CLONE_SUFFIX}`;
}

/** Both names of `username`'s pair, the base name first. */
export function usernamePair(username: string): readonly [string, string] {
  const base = username.endsWith(CLONE_SUFFIX) ? alternateUsername(username) : username;
  return [base, `${base}${CLONE_SUFFIX}`];
}

/** Validates a user name and checks that both names of its pair fit the engine's limit. */
export function validateUsername(username: unknown, engine?: Engine): string {
  const name = validateIdentifier(username, 'user name');
  const [base, clone] = usernamePair(name);
  validateIdentifier(base, 'user name');
  const limits = engine ? [MAX_USERNAME_LENGTH[engine]] : Object.values(MAX_USERNAME_LENGTH);
  const limit = Math.min(...limits);
  if (clone.length > limit) {
    throw new Error(`user name ${name} is too long: its rotation pair ${clone} has ${clone.length} characters; ${engine ?? 'MySQL'} allows ${limit}`);
  }
  return name;
}
