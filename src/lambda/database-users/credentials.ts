/**
 * Reading credentials out of secrets, and the connection targets built from them. Nothing here
 * caches: RDS rotates the master secret, so every invocation reads it again.
 */
import type { AwsApi, ClusterInfo, SecretVersionQuery } from './aws-clients';
import type { ConnectionTarget } from './sql-session';
import type { LoginUser } from './user-engine';

/** `{"username": "...", "password": "..."}`; other keys (engine, host, dbname) are kept on rotation. */
export interface SecretCredentials extends LoginUser {
  readonly [key: string]: unknown;
}

export function parseCredentials(secretString: string, what: string): SecretCredentials {
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    // The parser's message could quote the secret: say only where it failed.
    throw new Error(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null) throw new Error(`${what} is not a JSON object`);
  const { username, password } = value as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string' || password === '') {
    throw new Error(`${what} needs string "username" and "password" fields`);
  }
  return value as SecretCredentials;
}

/** The credentials in one version of a secret; throws if that version does not exist. */
export async function readCredentials(aws: AwsApi, secretId: string, query: SecretVersionQuery, what: string): Promise<SecretCredentials> {
  const secretString = await aws.getSecretString(secretId, query);
  if (secretString === undefined) throw new Error(`${what} not found (${describeQuery(secretId, query)})`);
  return parseCredentials(secretString, what);
}

function describeQuery(secretId: string, query: SecretVersionQuery): string {
  return [secretId, query.versionStage, query.versionId].filter(Boolean).join(' ');
}

/** Where `login` connects on `cluster`, opening `database`. */
export function targetFor(cluster: ClusterInfo, login: LoginUser, database: string | undefined): ConnectionTarget {
  return { engine: cluster.engine, host: cluster.host, port: cluster.port, database, username: login.username, password: login.password };
}

/** The cluster's master credentials, fresh from Secrets Manager. */
export async function masterCredentials(aws: AwsApi, cluster: ClusterInfo, clusterIdentifier: string): Promise<LoginUser> {
  return readCredentials(aws, cluster.masterSecretArn, { versionStage: 'AWSCURRENT' }, `master secret of cluster ${clusterIdentifier}`);
}
