/**
 * Secrets Manager rotation of a service user's secret, alternating users: each rotation sets a new
 * password on the user of the pair NOT in AWSCURRENT and then makes it current, so the credential
 * tasks hold (now AWSPREVIOUS) keeps working until the rotation after. AWS's four-step protocol:
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 */
import type { SecretDescription } from './aws-clients';
import { masterCredentials, readCredentials, targetFor, type SecretCredentials } from './credentials';
import type { HandlerDeps } from './deps';
import { userEngine } from './engines';
import { alternateUsername, parseAccess, validateIdentifier, validateUsername, SECRET_TAGS } from './names';
import { withSession } from './sql-session';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface RotationEvent {
  readonly Step: RotationStep;
  readonly SecretId: string;
  readonly ClientRequestToken: string;
}

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';

export async function rotateSecret(event: RotationEvent, deps: HandlerDeps): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
  const description = await deps.aws.describeSecret(secretId);
  if (!description.rotationEnabled) throw new Error(`secret ${secretId} does not have rotation enabled`);
  const stages = description.versions[token];
  if (!stages) throw new Error(`secret version ${token} has no stage for rotation of secret ${secretId}`);
  if (stages.includes(CURRENT)) {
    // A replay after finishSecret: the rotation already happened.
    deps.log(`rotation: version ${token} of ${secretId} is already AWSCURRENT`);
    return;
  }
  if (!stages.includes(PENDING)) throw new Error(`secret version ${token} is not set as AWSPENDING for rotation of secret ${secretId}`);

  switch (step) {
    case 'createSecret':
      return createSecret(secretId, token, deps);
    case 'setSecret':
      return setSecret(secretId, token, description, deps);
    case 'testSecret':
      return testSecret(secretId, token, description, deps);
    case 'finishSecret':
      return finishSecret(secretId, token, description, deps);
    default:
      throw new Error(`unknown rotation step ${JSON.stringify(step)}`);
  }
}

async function createSecret(secretId: string, token: string, deps: HandlerDeps): Promise<void> {
  const current = await readCredentials(deps.aws, secretId, { versionStage: CURRENT }, `AWSCURRENT of ${secretId}`);
  if ((await deps.aws.getSecretString(secretId, { versionId: token, versionStage: PENDING })) !== undefined) {
    deps.log(`createSecret: AWSPENDING of ${secretId} already exists for this rotation`);
    return;
  }
  const username = alternateUsername(validateUsername(current.username));
  const pending: SecretCredentials = { ...current, username, password: await deps.aws.randomPassword() };
  await deps.aws.putPendingSecret(secretId, token, JSON.stringify(pending));
  deps.log(`createSecret: AWSPENDING of ${secretId} is user ${username} with a new password`);
}

/** The cluster, database and access the secret's tags name. */
function secretTarget(secretId: string, description: SecretDescription) {
  const clusterIdentifier = description.tags[SECRET_TAGS.cluster];
  if (!clusterIdentifier) throw new Error(`secret ${secretId} has no ${SECRET_TAGS.cluster} tag`);
  return {
    clusterIdentifier,
    database: validateIdentifier(description.tags[SECRET_TAGS.database], `${SECRET_TAGS.database} tag of ${secretId}`),
    access: parseAccess(description.tags[SECRET_TAGS.access]),
  };
}

async function pendingCredentials(secretId: string, token: string, deps: HandlerDeps): Promise<SecretCredentials> {
  return readCredentials(deps.aws, secretId, { versionId: token, versionStage: PENDING }, `AWSPENDING of ${secretId}`);
}

async function clusterOf(clusterIdentifier: string, deps: HandlerDeps) {
  const cluster = await deps.aws.describeCluster(clusterIdentifier);
  if (!cluster) throw new Error(`cluster ${clusterIdentifier} not found`);
  return cluster;
}

async function setSecret(secretId: string, token: string, description: SecretDescription, deps: HandlerDeps): Promise<void> {
  const target = secretTarget(secretId, description);
  const pending = await pendingCredentials(secretId, token, deps);
  const current = await readCredentials(deps.aws, secretId, { versionStage: CURRENT }, `AWSCURRENT of ${secretId}`);
  // Never change the password of the user tasks are using now.
  if (pending.username !== alternateUsername(current.username)) {
    throw new Error(`AWSPENDING of ${secretId} is user ${pending.username}; expected ${alternateUsername(current.username)}, the other user of the pair`);
  }
  const cluster = await clusterOf(target.clusterIdentifier, deps);
  validateUsername(pending.username, cluster.engine);
  const master = await masterCredentials(deps.aws, cluster, target.clusterIdentifier);
  await withSession(deps.connect, targetFor(cluster, master, target.database), (session) =>
    userEngine(cluster.engine).provision(session, {
      database: target.database,
      access: target.access,
      login: { username: pending.username, password: pending.password },
      alsoIfExists: [],
    }),
  );
  deps.log(`setSecret: user ${pending.username} on ${target.clusterIdentifier}/${target.database} has the pending password (${target.access})`);
}

async function testSecret(secretId: string, token: string, description: SecretDescription, deps: HandlerDeps): Promise<void> {
  const target = secretTarget(secretId, description);
  const pending = await pendingCredentials(secretId, token, deps);
  const cluster = await clusterOf(target.clusterIdentifier, deps);
  await withSession(deps.connect, targetFor(cluster, pending, target.database), (session) => session.query('SELECT 1'));
  deps.log(`testSecret: user ${pending.username} logs in to ${target.clusterIdentifier}/${target.database}`);
}

async function finishSecret(secretId: string, token: string, description: SecretDescription, deps: HandlerDeps): Promise<void> {
  const currentVersion = Object.entries(description.versions).find(([, stages]) => stages.includes(CURRENT))?.[0];
  // (currentVersion === token returned early in rotateSecret.)
  await deps.aws.moveCurrent(secretId, token, currentVersion);
  deps.log(`finishSecret: version ${token} of ${secretId} is AWSCURRENT (was ${currentVersion ?? 'none'})`);
}
