/**
 * MySQL 8.0 (Aurora MySQL 3) and MariaDB users: `'<name>'@'%'` with schema privileges on `<db>`.*.
 * No roles (MariaDB's differ from MySQL's) and no global privileges. DDL autocommits, so a user this
 * run created is dropped again when a later statement fails (nothing half-made is left behind).
 */
import mysql from 'mysql2/promise';
import type { Access } from './names';
import type { SqlSession } from './sql-session';
import type { ProvisionRequest, UserEngine } from './user-engine';

/** Enough to run the service's own migrations: tables, views, routines, triggers, events. */
export const MYSQL_READ_WRITE_PRIVILEGES = [
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'DROP', 'INDEX', 'REFERENCES', 'CREATE VIEW',
  'SHOW VIEW', 'TRIGGER', 'CREATE TEMPORARY TABLES', 'LOCK TABLES', 'EXECUTE', 'CREATE ROUTINE',
  'ALTER ROUTINE', 'EVENT',
] as const;
export const MYSQL_READ_PRIVILEGES = ['SELECT'] as const;

export function mysqlPrivileges(access: Access): readonly string[] {
  return access === 'read-write' ? MYSQL_READ_WRITE_PRIVILEGES : MYSQL_READ_PRIVILEGES;
}

/** `'name'@'%'`, quoted by mysql2 (the name is validated as an identifier before it gets here). */
export function mysqlAccount(username: string): string {
  return `${mysql.escape(username)}@'%'`;
}

/**
 * In GRANT, `_` and `%` in a schema name are wildcards: `my_db` would also match `myXdb`. The
 * escaped pattern limits the grant to the one database, and is how MySQL stores it.
 */
export function schemaGrantPattern(database: string): string {
  return database.replace(/[_%]/g, (wildcard) => `\\${wildcard}`);
}

/** The GRANT/REVOKE statements that take a user from `held` privileges on the schema to `access`. */
export function mysqlSchemaStatements(database: string, username: string, access: Access, held: readonly string[]): string[] {
  const wanted = mysqlPrivileges(access);
  const target = `${mysql.escapeId(schemaGrantPattern(database))}.*`;
  const account = mysqlAccount(username);
  const surplus = held.filter((privilege) => !wanted.includes(privilege));
  const missing = wanted.filter((privilege) => !held.includes(privilege));
  const statements: string[] = [];
  if (surplus.length > 0) statements.push(`REVOKE ${surplus.join(', ')} ON ${target} FROM ${account}`);
  if (missing.length > 0) statements.push(`GRANT ${missing.join(', ')} ON ${target} TO ${account}`);
  return statements;
}

async function userExists(session: SqlSession, username: string): Promise<boolean> {
  // Every account has at least a USAGE row here, in MySQL 8.0 and MariaDB alike.
  const rows = await session.query('SELECT 1 FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ? LIMIT 1', [grantee(username)]);
  return rows.length > 0;
}

function grantee(username: string): string {
  return `'${username}'@'%'`;
}

/** Makes the user's privileges exactly `access` on the database, revoking anything else it holds. */
async function reconcilePrivileges(session: SqlSession, database: string, username: string, access: Access): Promise<void> {
  const account = mysqlAccount(username);
  const pattern = schemaGrantPattern(database);
  const userGrantee = grantee(username);
  // Global privileges (USAGE means none) and GRANT OPTION anywhere are never part of an access level.
  const global = await session.query("SELECT PRIVILEGE_TYPE AS privilege FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ? AND PRIVILEGE_TYPE <> 'USAGE'", [userGrantee]);
  if (global.length > 0) await session.query(`REVOKE ${global.map((row) => String(row.privilege)).join(', ')} ON *.* FROM ${account}`);
  const schemas = await session.query('SELECT TABLE_SCHEMA AS `schema`, PRIVILEGE_TYPE AS privilege, IS_GRANTABLE AS grantable FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = ?', [userGrantee]);
  const held = schemas.filter((row) => row.schema === pattern).map((row) => String(row.privilege));
  for (const other of new Set(schemas.map((row) => String(row.schema)).filter((schema) => schema !== pattern))) {
    await session.query(`REVOKE ALL PRIVILEGES ON ${mysql.escapeId(other)}.* FROM ${account}`);
  }
  if (schemas.some((row) => row.schema === pattern && row.grantable === 'YES')) {
    await session.query(`REVOKE GRANT OPTION ON ${mysql.escapeId(pattern)}.* FROM ${account}`);
  }
  const tables = await session.query('SELECT DISTINCT TABLE_SCHEMA AS `schema`, TABLE_NAME AS `table` FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ?', [userGrantee]);
  for (const row of tables) {
    await session.query(`REVOKE ALL PRIVILEGES, GRANT OPTION ON ${mysql.escapeId(String(row.schema))}.${mysql.escapeId(String(row.table))} FROM ${account}`);
  }
  for (const statement of mysqlSchemaStatements(database, username, access, held)) await session.query(statement);
}

async function provision(session: SqlSession, request: ProvisionRequest): Promise<void> {
  const { username, password } = request.login;
  const account = mysqlAccount(username);
  const existed = await userExists(session, username);
  try {
    if (existed) {
      // UNLOCK: a user disabled by a Delete comes back when the resource is created again.
      await session.query(`ALTER USER ${account} IDENTIFIED BY ${mysql.escape(password)} ACCOUNT UNLOCK`);
    } else {
      await session.query(`CREATE USER ${account} IDENTIFIED BY ${mysql.escape(password)}`);
    }
    await reconcilePrivileges(session, request.database, username, request.access);
    for (const other of request.alsoIfExists) {
      if (other !== username && (await userExists(session, other))) await reconcilePrivileges(session, request.database, other, request.access);
    }
  } catch (error) {
    if (!existed) await session.query(`DROP USER IF EXISTS ${account}`);
    throw error;
  }
}

async function disable(session: SqlSession, _database: string, usernames: readonly string[]): Promise<void> {
  for (const username of usernames) {
    if (!(await userExists(session, username))) continue;
    const account = mysqlAccount(username);
    // Lock first: from here on nobody logs in as this user, whatever the next statements do.
    await session.query(`ALTER USER ${account} ACCOUNT LOCK`);
    await session.query(`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${account}`);
  }
}

export const mysqlUsers: UserEngine = { engine: 'mysql', provision, disable };
