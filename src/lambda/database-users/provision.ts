/**
 * The `Custom::DatabaseUser` resource (the onEvent handler of CDK's custom_resources.Provider):
 * Create/Update make the user named in its secret's AWSCURRENT exist with exactly that password and
 * the resource's access, Delete disables both names of the pair and never drops users or data.
 */
import { masterCredentials, readCredentials, targetFor } from './credentials';
import type { HandlerDeps } from './deps';
import { userEngine } from './engines';
import { alternateUsername, parseAccess, usernamePair, validateIdentifier, validateUsername, type Access } from './names';
import { withSession } from './sql-session';

export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Readonly<Record<string, unknown>>;
  readonly OldResourceProperties?: Readonly<Record<string, unknown>>;
}

export interface CustomResourceResult {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly Username: string };
}

export interface DatabaseUserProperties {
  readonly clusterIdentifier: string;
  readonly databaseName: string;
  readonly username: string;
  readonly access: Access;
  readonly secretArn: string;
}

export function parseProperties(properties: Readonly<Record<string, unknown>>): DatabaseUserProperties {
  const { ClusterIdentifier, DatabaseName, Username, Access, SecretArn } = properties;
  if (typeof ClusterIdentifier !== 'string' || ClusterIdentifier === '') throw new Error('ClusterIdentifier is required');
  if (typeof SecretArn !== 'string' || SecretArn === '') throw new Error('SecretArn is required');
  return {
    clusterIdentifier: ClusterIdentifier,
    databaseName: validateIdentifier(DatabaseName, 'DatabaseName'),
    username: validateUsername(Username),
    access: parseAccess(Access),
    secretArn: SecretArn,
  };
}

export function physicalResourceId(properties: DatabaseUserProperties): string {
  return `${properties.clusterIdentifier}/${properties.username}`;
}

export async function onDatabaseUserEvent(event: CustomResourceEvent, deps: HandlerDeps): Promise<CustomResourceResult> {
  if (event.RequestType === 'Delete') return deleteUser(event, deps);
  if (event.RequestType !== 'Create' && event.RequestType !== 'Update') throw new Error(`unknown RequestType ${JSON.stringify(event.RequestType)}`);
  const properties = parseProperties(event.ResourceProperties);
  await provisionUser(properties, deps);
  return { PhysicalResourceId: physicalResourceId(properties), Data: { Username: properties.username } };
}

async function provisionUser(properties: DatabaseUserProperties, deps: HandlerDeps): Promise<void> {
  const { aws } = deps;
  const cluster = await aws.describeCluster(properties.clusterIdentifier);
  if (!cluster) throw new Error(`cluster ${properties.clusterIdentifier} not found`);
  const master = await masterCredentials(aws, cluster, properties.clusterIdentifier);
  // After a rotation AWSCURRENT names the other user of the pair: that one must be the working login.
  const current = await readCredentials(aws, properties.secretArn, { versionStage: 'AWSCURRENT' }, `secret of ${properties.username}`);
  const username = validateUsername(current.username, cluster.engine);
  if (!usernamePair(properties.username).includes(username)) {
    throw new Error(`secret ${properties.secretArn} is for user ${username}, not ${properties.username} or its rotation pair`);
  }
  await withSession(deps.connect, targetFor(cluster, master, properties.databaseName), (session) =>
    userEngine(cluster.engine).provision(session, {
      database: properties.databaseName,
      access: properties.access,
      login: { username, password: current.password },
      // The other user holds AWSPREVIOUS: running tasks may still use it, so it keeps the same rights.
      alsoIfExists: [alternateUsername(username)],
    }),
  );
  deps.log(`database user ${username} on ${properties.clusterIdentifier}/${properties.databaseName}: ${properties.access}`);
}

async function deleteUser(event: CustomResourceEvent, deps: HandlerDeps): Promise<CustomResourceResult> {
  let properties: DatabaseUserProperties;
  try {
    properties = parseProperties(event.ResourceProperties);
  } catch (error) {
    // A Create that failed on its properties made nothing: its rollback Delete has nothing to undo.
    deps.log(`delete: nothing to disable (${(error as Error).message})`);
    return { PhysicalResourceId: event.PhysicalResourceId ?? 'invalid', Data: { Username: '' } };
  }
  const result = { PhysicalResourceId: event.PhysicalResourceId ?? physicalResourceId(properties), Data: { Username: properties.username } };
  const cluster = await deps.aws.describeCluster(properties.clusterIdentifier);
  if (!cluster) {
    deps.log(`delete: cluster ${properties.clusterIdentifier} no longer exists; nothing to disable`);
    return result;
  }
  const master = await masterCredentials(deps.aws, cluster, properties.clusterIdentifier);
  const usernames = usernamePair(properties.username);
  try {
    // MySQL users and grants live outside the database: connect without one, so a dropped database
    // does not keep the users enabled. PostgreSQL must open the database to revoke inside it.
    const database = cluster.engine === 'mysql' ? undefined : properties.databaseName;
    await withSession(deps.connect, targetFor(cluster, master, database), (session) =>
      userEngine(cluster.engine).disable(session, properties.databaseName, usernames),
    );
  } catch (error) {
    if (!isMissingDatabase(error)) throw error;
    deps.log(`delete: database ${properties.databaseName} does not exist on ${properties.clusterIdentifier}; nothing to disable`);
    return result;
  }
  deps.log(`delete: disabled ${usernames.join(' and ')} on ${properties.clusterIdentifier}/${properties.databaseName} (data kept)`);
  return result;
}

/** PostgreSQL 3D000 invalid_catalog_name, MySQL 1049 ER_BAD_DB_ERROR: the database was never made. */
function isMissingDatabase(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return code === '3D000' || errno === 1049;
}
