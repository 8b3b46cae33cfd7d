/**
 * What provisioning and rotation need from an engine. Both engines implement it, each with its own
 * SQL (mysql-users.ts, postgres-users.ts); the callers never build SQL themselves.
 */
import type { Access, Engine } from './names';
import type { SqlSession } from './sql-session';

export interface LoginUser {
  readonly username: string;
  readonly password: string;
}

export interface ProvisionRequest {
  /** The database inside the cluster the users work in. */
  readonly database: string;
  readonly access: Access;
  /** Made to exist with exactly this password and `access`. */
  readonly login: LoginUser;
  /** Users that get the same privileges if they exist (their password is left alone). */
  readonly alsoIfExists: readonly string[];
}

export interface UserEngine {
  readonly engine: Engine;
  /**
   * Makes `request.login` exist with its password and exactly `request.access`, and reconciles the
   * privileges of `alsoIfExists`. All or nothing for a user it creates; idempotent.
   */
  provision(session: SqlSession, request: ProvisionRequest): Promise<void>;
  /** Revokes every privilege and membership of each existing user and blocks its login; keeps data. */
  disable(session: SqlSession, database: string, usernames: readonly string[]): Promise<void>;
}
