/**
 * The AWS wiring with the real @aws-sdk/client-secrets-manager against a fake Secrets Manager on
 * 127.0.0.1 (JSON 1.1 protocol), and the DescribeDBClusters mapping with a fake `send`.
 */
import { DBClusterNotFoundFault, type RDSClient } from '@aws-sdk/client-rds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersApi, secretsApi, type SecretsApi } from '../../../src/lambda/database-users/aws-clients';
import { FakeSecretsManager } from '../../support/fake-secrets-manager';

describe('secretsApi (real SDK client, fake Secrets Manager over HTTP)', () => {
  const fake = new FakeSecretsManager();
  let api: SecretsApi;
  let arn: string;
  beforeAll(async () => {
    api = secretsApi(await fake.client());
    arn = fake.createSecret('svc_a', '{"username":"svc_a","password":"p1"}', { tags: { 'portside:cluster': 'c1', 'portside:access': 'read' } });
  });
  afterAll(() => fake.close());

  it('reads AWSCURRENT, and undefined for a version that has no value yet', async () => {
    expect(await api.getSecretString(arn, { versionStage: 'AWSCURRENT' })).toBe('{"username":"svc_a","password":"p1"}');
    const token = fake.startRotation(arn);
    expect(await api.getSecretString(arn, { versionId: token, versionStage: 'AWSPENDING' })).toBeUndefined();
    expect(fake.calls).toContain('GetSecretValue');
  });

  it('describes rotation, versions with their labels and tags', async () => {
    const description = await api.describeSecret(arn);
    expect(description.rotationEnabled).toBe(true);
    expect(description.tags).toEqual({ 'portside:cluster': 'c1', 'portside:access': 'read' });
    expect(Object.values(description.versions)).toEqual(expect.arrayContaining([['AWSCURRENT'], ['AWSPENDING']]));
  });

  it('asks for 32-character passwords without punctuation', async () => {
    expect(await api.randomPassword()).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('stores the pending version under the token and moves AWSCURRENT to it, the old one becoming AWSPREVIOUS', async () => {
    const { versions } = await api.describeSecret(arn);
    const current = Object.keys(versions).find((id) => versions[id]!.includes('AWSCURRENT'))!;
    const token = Object.keys(versions).find((id) => versions[id]!.includes('AWSPENDING'))!;

    await api.putPendingSecret(arn, token, '{"username":"svc_a_clone","password":"p2"}');
    await api.putPendingSecret(arn, token, '{"username":"svc_a_clone","password":"p2"}'); // a replay is accepted
    await api.moveCurrent(arn, token, current);

    expect((await api.describeSecret(arn)).versions).toEqual({ [current]: ['AWSPREVIOUS'], [token]: ['AWSPENDING', 'AWSCURRENT'] });
    expect(await api.getSecretString(arn, { versionStage: 'AWSCURRENT' })).toContain('svc_a_clone');
  });

  it('passes on errors other than a missing secret value', async () => {
    await expect(api.moveCurrent(arn, 'no-such-version', undefined)).rejects.toThrow();
  });
});

describe('clustersApi (DescribeDBClusters)', () => {
  const rds = (answer: () => unknown) => ({ send: async () => answer() }) as unknown as Pick<RDSClient, 'send'>;

  it('maps the engine, writer endpoint, port and RDS-managed master secret', async () => {
    const api = clustersApi(rds(() => ({ DBClusters: [{ Engine: 'aurora-postgresql', Endpoint: 'w.example', Port: 5432, MasterUserSecret: { SecretArn: 'arn:secret' } }] })));
    expect(await api.describeCluster('c1')).toEqual({ engine: 'postgres', host: 'w.example', port: 5432, masterSecretArn: 'arn:secret' });
  });

  it('returns undefined for a cluster that does not exist', async () => {
    const api = clustersApi(rds(() => {
      throw new DBClusterNotFoundFault({ message: 'DBCluster c1 not found.', $metadata: {} });
    }));
    expect(await api.describeCluster('c1')).toBeUndefined();
  });

  it('fails on an engine it does not provision, and without a managed master secret', async () => {
    await expect(clustersApi(rds(() => ({ DBClusters: [{ Engine: 'neptune', Endpoint: 'w', Port: 1 }] }))).describeCluster('c1')).rejects.toThrow(/runs neptune/);
    await expect(clustersApi(rds(() => ({ DBClusters: [{ Engine: 'aurora-mysql', Endpoint: 'w', Port: 3306 }] }))).describeCluster('c1')).rejects.toThrow(/ManageMasterUserPassword/);
  });
});
