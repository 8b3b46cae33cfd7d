/**
 * PostgreSQL (15 locally, Aurora PostgreSQL 16/17) users. Two NOLOGIN group roles per cluster:
 * portside_readwrite owns every object (each read-write user logs in with `role` set to it, so what
 * one service's migrations create, another service can use, alter and drop) and portside_readonly
 * reads them (default privileges cover tables created later). Every change runs in one transaction:
 * PostgreSQL DDL is transactional, so a failure half-way leaves nothing behind.
 */
import { escapeIdentifier as id, escapeLiteral as literal } from 'pg';
import { READONLY_ROLE, READWRITE_ROLE, type Access } from './names';
import type { SqlSession } from './sql-session';
import type { ProvisionRequest, UserEngine } from './user-engine';

/**
 * Serializes user changes on a cluster: two services deploying at once would otherwise both create
 * the group roles (one fails on the duplicate) or update the same ACL ("tuple concurrently updated").
 */
const PROVISION_LOCK_KEY = '5034210094419871001';

const RW = id(READWRITE_ROLE);
const RO = id(READONLY_ROLE);

/** The group roles, their rights on the database, and default privileges for future objects. */
export function groupStatements(database: string, missingRoles: readonly string[]): string[] {
  const db = id(database);
  return [
    ...missingRoles.map((role) => `CREATE ROLE ${id(role)} NOLOGIN`),
    // ALTER DEFAULT PRIVILEGES FOR ROLE needs SET membership: a CREATEROLE creator only gets ADMIN on 16+.
    `GRANT ${RW} TO CURRENT_USER`,
    `GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${db} TO ${RW}`,
    `GRANT USAGE, CREATE ON SCHEMA public TO ${RW}`,
    `GRANT CONNECT ON DATABASE ${db} TO ${RO}`,
    `GRANT USAGE ON SCHEMA public TO ${RO}`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${RO}`,
    `GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${RO}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${RW} GRANT SELECT ON TABLES TO ${RO}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${RW} GRANT SELECT ON SEQUENCES TO ${RO}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${RW} GRANT USAGE ON SCHEMAS TO ${RO}`,
  ];
}

/**
 * Creates or updates a login user: password, login allowed, no CREATEDB/CREATEROLE. (SUPERUSER and
 * REPLICATION are off by default and only a superuser may even name them, which Aurora's master is not.)
 */
export function loginStatement(username: string, password: string, exists: boolean): string {
  const attributes = `LOGIN NOCREATEDB NOCREATEROLE INHERIT PASSWORD ${literal(password)}`;
  return exists ? `ALTER ROLE ${id(username)} WITH ${attributes}` : `CREATE ROLE ${id(username)} WITH ${attributes}`;
}

/** Membership and session settings for `access`, given the groups the user is already in. */
export function accessStatements(username: string, access: Access, memberOf: readonly string[]): string[] {
  const user = id(username);
  const [wanted, unwanted] = access === 'read-write' ? [READWRITE_ROLE, READONLY_ROLE] : [READONLY_ROLE, READWRITE_ROLE];
  const statements: string[] = [];
  if (memberOf.includes(unwanted)) statements.push(`REVOKE ${id(unwanted)} FROM ${user}`);
  if (!memberOf.includes(wanted)) statements.push(`GRANT ${id(wanted)} TO ${user}`);
  if (access === 'read-write') {
    // Objects the user creates belong to the group, so every read-write service can manage them.
    statements.push(`ALTER ROLE ${user} SET role = ${literal(READWRITE_ROLE)}`, `ALTER ROLE ${user} RESET default_transaction_read_only`);
  } else {
    // A second line of defence: privileges already forbid writes.
    statements.push(`ALTER ROLE ${user} RESET role`, `ALTER ROLE ${user} SET default_transaction_read_only = on`);
  }
  return statements;
}

/** Blocks login and takes away every membership, setting and direct privilege in the database. */
export function disableStatements(database: string, username: string, memberOf: readonly string[]): string[] {
  const user = id(username);
  return [
    `ALTER ROLE ${user} WITH NOLOGIN`,
    ...memberOf.map((role) => `REVOKE ${id(role)} FROM ${user}`),
    `ALTER ROLE ${user} RESET ALL`,
    `REVOKE ALL ON DATABASE ${id(database)} FROM ${user}`,
    `REVOKE ALL ON SCHEMA public FROM ${user}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${user}`,
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${user}`,
  ];
}

async function existingRoles(session: SqlSession, names: readonly string[]): Promise<Set<string>> {
  const rows = await session.query('SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])', [[...names]]);
  return new Set(rows.map((row) => String(row.rolname)));
}

/** The Portside groups `username` is a direct member of. */
async function groupsOf(session: SqlSession, username: string): Promise<string[]> {
  const rows = await session.query(
    `SELECT DISTINCT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
      WHERE u.rolname = $1 AND g.rolname = ANY($2::text[])`,
    [username, [READWRITE_ROLE, READONLY_ROLE]],
  );
  return rows.map((row) => String(row.rolname));
}

async function inTransaction(session: SqlSession, work: () => Promise<void>): Promise<void> {
  await session.query('BEGIN');
  try {
    await session.query('SELECT pg_advisory_xact_lock($1)', [PROVISION_LOCK_KEY]);
    await work();
    await session.query('COMMIT');
  } catch (error) {
    await session.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

async function provision(session: SqlSession, request: ProvisionRequest): Promise<void> {
  const { username, password } = request.login;
  await inTransaction(session, async () => {
    const roles = await existingRoles(session, [READWRITE_ROLE, READONLY_ROLE, username, ...request.alsoIfExists]);
    const missingGroups = [READWRITE_ROLE, READONLY_ROLE].filter((role) => !roles.has(role));
    for (const statement of groupStatements(request.database, missingGroups)) await session.query(statement);
    await session.query(loginStatement(username, password, roles.has(username)));
    const users = [username, ...request.alsoIfExists.filter((other) => other !== username && roles.has(other))];
    for (const user of users) {
      for (const statement of accessStatements(user, request.access, await groupsOf(session, user))) await session.query(statement);
    }
  });
}

async function disable(session: SqlSession, database: string, usernames: readonly string[]): Promise<void> {
  await inTransaction(session, async () => {
    const roles = await existingRoles(session, usernames);
    for (const username of usernames.filter((name) => roles.has(name))) {
      for (const statement of disableStatements(database, username, await groupsOf(session, username))) await session.query(statement);
    }
  });
}

export const postgresUsers: UserEngine = { engine: 'postgres', provision, disable };
