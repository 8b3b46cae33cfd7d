import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { databaseVariableNames } from '../../manifest/database-variables';
import type { SecretRefPlan, ServicePlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import type { ServiceDatabaseUser } from './service-database-user';

/**
 * The secrets ECS injects at task start: each database user's username and password (the service's
 * own user, never a master secret) and the manifest's `secrets`. ECS grants the execution role
 * GetSecretValue on each.
 */
export function containerSecrets(scope: Construct, service: ServicePlan, users: readonly ServiceDatabaseUser[]): Record<string, ecs.Secret> {
  const secrets: Record<string, ecs.Secret> = {};
  for (const user of users) {
    const names = databaseVariableNames(user.database.database);
    const credentials = user.containerSecrets();
    secrets[names.user] = credentials.username;
    secrets[names.password] = credentials.password;
  }
  for (const [variable, ref] of Object.entries(service.secrets)) {
    const secret = secretsmanager.Secret.fromSecretCompleteArn(scope, `Secret-${variable}`, ref.secretArn);
    secrets[variable] = ecs.Secret.fromSecretsManager(secret, ref.jsonKey);
  }
  return secrets;
}

/** A sidecar's `secrets`, each from Secrets Manager (the manifest's form, as for the service). */
export function sidecarSecrets(scope: Construct, sidecar: string, secrets: Readonly<Record<string, SecretRefPlan>>): Record<string, ecs.Secret> {
  return Object.fromEntries(Object.entries(secrets).map(([variable, ref]) => {
    const secret = secretsmanager.Secret.fromSecretCompleteArn(scope, `Secret-${sidecar}-${variable}`, ref.secretArn);
    return [variable, ecs.Secret.fromSecretsManager(secret, ref.jsonKey)];
  }));
}

/** Every secret the manifest gives the task: the service's and its sidecars'. */
function manifestSecrets(service: ServicePlan): SecretRefPlan[] {
  return [...Object.values(service.secrets), ...service.container.sidecars.flatMap((sidecar) => Object.values(sidecar.secrets))];
}

/**
 * Decryption for those secrets, always only through Secrets Manager and only for exactly these
 * secrets: Secrets Manager puts the secret's ARN in the encryption context of every call.
 * - The user secrets' data key is imported by ARN (a grant through the key object would edit the
 *   data stack's key policy), so its permission is stated here.
 * - The manifest's secrets may be under the customer's own KMS keys, which Portside does not know:
 *   any key of the secrets' accounts and regions. A key in another account must also admit the
 *   role in its key policy (docs/database-access.md, "Secrets under your own KMS key").
 */
export function grantSecretDecryption(role: iam.IRole, service: ServicePlan, users: readonly ServiceDatabaseUser[]): void {
  const stack = Stack.of(role);
  if (users.length > 0) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DecryptDatabaseUserSecrets',
      actions: ['kms:Decrypt'],
      resources: [...new Set(users.map((user) => user.encryptionKeyArn))],
      conditions: {
        StringEquals: {
          'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com`,
          'kms:EncryptionContext:SecretARN': users.map((user) => user.secret.secretArn),
        },
      },
    }));
  }

  const secretArns = [...new Set(manifestSecrets(service).map((ref) => ref.secretArn))];
  if (secretArns.length === 0) {
    return;
  }
  // `<region>:<account>` of each secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>).
  const places = [...new Set(secretArns.map((arn) => arn.split(':').slice(3, 5).join(':')))];
  const keysOf = (place: string) => `arn:${stack.partition}:kms:${place}:key/*`;
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'DecryptManifestSecrets',
    actions: ['kms:Decrypt'],
    resources: places.map(keysOf),
    conditions: {
      StringEquals: {
        'kms:ViaService': [...new Set(places.map((place) => `secretsmanager.${place.split(':')[0]}.amazonaws.com`))],
        'kms:EncryptionContext:SecretARN': secretArns,
      },
    },
  }));
  acknowledge(role, ...places.map((place) => ({
    id: `AwsSolutions-IAM5[Resource::${keysOf(place)}]`,
    reason: 'the manifest\'s secrets may use the customer\'s own KMS keys, unknown to Portside: decrypt only through Secrets Manager and only for these secrets (encryption context SecretARN)',
  })));
}
