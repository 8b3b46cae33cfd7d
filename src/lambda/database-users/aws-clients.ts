/**
 * The few AWS calls provisioning and rotation make, behind one interface so the logic can run
 * against fakes: Secrets Manager (JSON protocol) and RDS DescribeDBClusters.
 */
import { DescribeDBClustersCommand, type RDSClient } from '@aws-sdk/client-rds';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Engine } from './names';

export interface ClusterInfo {
  readonly engine: Engine;
  /** The writer endpoint. */
  readonly host: string;
  readonly port: number;
  /** The RDS-managed master secret (RDS rotates it: read it fresh every time). */
  readonly masterSecretArn: string;
}

export interface SecretDescription {
  readonly rotationEnabled: boolean;
  /** Version id → its staging labels (AWSCURRENT, AWSPENDING, AWSPREVIOUS). */
  readonly versions: Readonly<Record<string, readonly string[]>>;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SecretVersionQuery {
  readonly versionId?: string;
  readonly versionStage?: string;
}

export interface SecretsApi {
  /** The SecretString of one version; undefined when that version or label does not exist. */
  getSecretString(secretId: string, query: SecretVersionQuery): Promise<string | undefined>;
  describeSecret(secretId: string): Promise<SecretDescription>;
  /** 32 characters, letters and digits: no punctuation for drivers or URLs to mangle. */
  randomPassword(): Promise<string>;
  /** Stores a new version labelled AWSPENDING under the rotation's token. */
  putPendingSecret(secretId: string, token: string, secretString: string): Promise<void>;
  /** Moves AWSCURRENT to `toVersion` (Secrets Manager then labels `fromVersion` AWSPREVIOUS). */
  moveCurrent(secretId: string, toVersion: string, fromVersion: string | undefined): Promise<void>;
}

export interface ClustersApi {
  /** undefined when the cluster does not exist (any more). */
  describeCluster(clusterIdentifier: string): Promise<ClusterInfo | undefined>;
}

export type AwsApi = SecretsApi & ClustersApi;

export const ROTATION_PASSWORD_LENGTH = 32;

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}

export function secretsApi(client: Pick<SecretsManagerClient, 'send'>): SecretsApi {
  return {
    async getSecretString(secretId, query) {
      try {
        const output = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: query.versionId, VersionStage: query.versionStage }));
        if (output.SecretString === undefined) throw new Error(`secret ${secretId} has no SecretString (binary secrets are not supported)`);
        return output.SecretString;
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException') return undefined;
        throw error;
      }
    },
    async describeSecret(secretId) {
      const output = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
      return {
        rotationEnabled: output.RotationEnabled === true,
        versions: output.VersionIdsToStages ?? {},
        tags: Object.fromEntries((output.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
      };
    },
    async randomPassword() {
      const output = await client.send(new GetRandomPasswordCommand({ PasswordLength: ROTATION_PASSWORD_LENGTH, ExcludePunctuation: true }));
      if (!output.RandomPassword) throw new Error('GetRandomPassword returned no password');
      return output.RandomPassword;
    },
    async putPendingSecret(secretId, token, secretString) {
      await client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: secretString, VersionStages: ['AWSPENDING'] }));
    },
    async moveCurrent(secretId, toVersion, fromVersion) {
      await client.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: toVersion, RemoveFromVersionId: fromVersion }));
    },
  };
}

const ENGINES: Readonly<Record<string, Engine>> = { 'aurora-mysql': 'mysql', 'aurora-postgresql': 'postgres' };

export function clustersApi(client: Pick<RDSClient, 'send'>): ClustersApi {
  return {
    async describeCluster(clusterIdentifier) {
      let output;
      try {
        output = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterIdentifier }));
      } catch (error) {
        if (errorName(error) === 'DBClusterNotFoundFault') return undefined;
        throw error;
      }
      const cluster = output.DBClusters?.[0];
      if (!cluster) return undefined;
      const engine = ENGINES[cluster.Engine ?? ''];
      if (!engine) throw new Error(`cluster ${clusterIdentifier} runs ${cluster.Engine}; database users support ${Object.keys(ENGINES).join(', ')}`);
      if (!cluster.Endpoint || !cluster.Port) throw new Error(`cluster ${clusterIdentifier} has no writer endpoint yet (status ${cluster.Status})`);
      const masterSecretArn = cluster.MasterUserSecret?.SecretArn;
      if (!masterSecretArn) throw new Error(`cluster ${clusterIdentifier} has no RDS-managed master secret (ManageMasterUserPassword)`);
      return { engine, host: cluster.Endpoint, port: cluster.Port, masterSecretArn };
    },
  };
}
