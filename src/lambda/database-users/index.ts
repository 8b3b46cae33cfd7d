/**
 * The Lambda entry point: one function per environment serves both the `Custom::DatabaseUser`
 * custom resource (events with a RequestType) and the rotation of the users' secrets (events with
 * a Step). AWS clients are made once per container; secrets are read afresh on every invocation.
 */
import { RDSClient } from '@aws-sdk/client-rds';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clustersApi, secretsApi } from './aws-clients';
import type { HandlerDeps } from './deps';
import { onDatabaseUserEvent, type CustomResourceEvent, type CustomResourceResult } from './provision';
import { rotateSecret, type RotationEvent } from './rotation';
import { connector, rdsTls } from './sql-session';

export type DatabaseUsersEvent = CustomResourceEvent | RotationEvent;

let productionDeps: HandlerDeps | undefined;

function defaultDeps(): HandlerDeps {
  productionDeps ??= {
    aws: { ...secretsApi(new SecretsManagerClient({})), ...clustersApi(new RDSClient({})) },
    connect: connector(rdsTls()),
    log: (message) => console.log(message),
  };
  return productionDeps;
}

/** Dispatches on the event's shape; `deps` replaces AWS and the database connections in tests. */
export async function dispatch(event: DatabaseUsersEvent, deps: HandlerDeps): Promise<CustomResourceResult | undefined> {
  if (typeof event === 'object' && event !== null && 'RequestType' in event) return onDatabaseUserEvent(event, deps);
  if (typeof event === 'object' && event !== null && 'Step' in event) {
    await rotateSecret(event, deps);
    return undefined;
  }
  throw new Error('unrecognised event: expected a custom resource event (RequestType) or a rotation event (Step)');
}

export async function handler(event: DatabaseUsersEvent): Promise<CustomResourceResult | undefined> {
  return dispatch(event, defaultDeps());
}
