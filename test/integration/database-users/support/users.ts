/** Provisioning events and checks shared by the database-users integration tests. */
import { expect } from 'vitest';
import type { Access, Engine } from '../../../../src/lambda/database-users/names';
import type { CustomResourceEvent } from '../../../../src/lambda/database-users/provision';
import type { LocalAurora } from './local-aurora';
import { newPassword } from './local-aurora';

export interface ServiceUser {
  readonly engine: Engine;
  readonly database: string;
  readonly username: string;
  readonly access: Access;
  readonly secretArn: string;
}

/** A service user's secret as CloudFormation creates it (first password generated), tagged for rotation. */
export function serviceUser(aurora: LocalAurora, engine: Engine, database: string, username: string, access: Access): ServiceUser {
  const secretArn = aurora.secrets.createSecret(`${username}-${engine}`, JSON.stringify({ username, password: newPassword() }), {
    tags: { 'portside:cluster': aurora.clusterId[engine], 'portside:database-name': database, 'portside:access': access },
  });
  return { engine, database, username, access, secretArn };
}

export function resourceEvent(aurora: LocalAurora, user: ServiceUser, requestType: CustomResourceEvent['RequestType'], access = user.access): CustomResourceEvent {
  return {
    RequestType: requestType,
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: `${aurora.clusterId[user.engine]}/${user.username}` }),
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-2:111111111111:function:provider',
      ClusterIdentifier: aurora.clusterId[user.engine],
      DatabaseName: user.database,
      Username: user.username,
      Access: access,
      SecretArn: user.secretArn,
    },
  };
}

/** The credentials labelled `stage` in the user's secret. */
export function credentialsAt(aurora: LocalAurora, user: ServiceUser, stage = 'AWSCURRENT'): { username: string; password: string } {
  const value = aurora.secrets.valueAt(user.secretArn, stage);
  if (value === undefined) throw new Error(`no ${stage} in ${user.secretArn}`);
  return JSON.parse(value) as { username: string; password: string };
}

/** Runs `sql` as the credentials `credentials`; resolves to the rows. */
export function runAs(aurora: LocalAurora, user: ServiceUser, credentials: { username: string; password: string }, sql: string) {
  return aurora.asUser(user.engine, user.database, credentials.username, credentials.password, (session) => session.query(sql));
}

export async function canLogIn(aurora: LocalAurora, user: ServiceUser, credentials: { username: string; password: string }): Promise<boolean> {
  try {
    await runAs(aurora, user, credentials, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** Whether the user exists at all (Delete must keep it, a failed Create must not leave it). */
export async function userExists(aurora: LocalAurora, engine: Engine, username: string): Promise<boolean> {
  const sql = engine === 'mysql' ? 'SELECT 1 FROM mysql.user WHERE User = ?' : 'SELECT 1 FROM pg_roles WHERE rolname = $1';
  const rows = await aurora.asMaster(engine, undefined, (session) => session.query(sql, [username]));
  return rows.length > 0;
}

/** Everything about a user the provisioning controls, to compare before and after a re-run. */
export async function privilegeSnapshot(aurora: LocalAurora, engine: Engine, username: string): Promise<unknown> {
  if (engine === 'mysql') {
    return aurora.asMaster(engine, undefined, async (session) => ({
      grants: await session.query(`SHOW GRANTS FOR '${username}'@'%'`),
      // MariaDB records an unlock as "0" where a new account has no entry: the same state.
      locked: await session.query("SELECT COALESCE(JSON_VALUE(Priv, '$.account_locked'), 0) + 0 AS locked FROM mysql.global_priv WHERE User = ?", [username]),
    }));
  }
  return aurora.asMaster(engine, undefined, (session) =>
    session.query(
      `SELECT r.rolname, r.rolcanlogin, r.rolconfig, array(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid ORDER BY 1) AS groups
         FROM pg_roles r WHERE r.rolname = $1`,
      [username],
    ),
  );
}

/**
 * Expects `sql` as `credentials` to be refused for lack of privilege (not for a typo). PostgreSQL
 * read users default to read-only transactions; that is switched off first, so the test shows the
 * privileges themselves forbid the write.
 */
export async function expectDenied(aurora: LocalAurora, user: ServiceUser, credentials: { username: string; password: string }, sql: string): Promise<void> {
  const attempt = aurora.asUser(user.engine, user.database, credentials.username, credentials.password, async (session) => {
    if (user.engine === 'postgres') await session.query('SET default_transaction_read_only = off');
    return session.query(sql);
  });
  await expect(attempt).rejects.toThrow(/denied|must be owner/i);
}
