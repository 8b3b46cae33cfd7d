/** The handler's dispatch and the parts of provisioning and rotation that need no database. */
import { describe, expect, it } from 'vitest';
import type { AwsApi } from '../../../src/lambda/database-users/aws-clients';
import type { HandlerDeps } from '../../../src/lambda/database-users/deps';
import { dispatch } from '../../../src/lambda/database-users/index';

function fakeDeps(overrides: Partial<AwsApi> = {}): HandlerDeps & { logs: string[]; connections: number } {
  const logs: string[] = [];
  const deps = {
    logs,
    connections: 0,
    aws: {
      describeCluster: async () => undefined,
      getSecretString: async () => undefined,
      describeSecret: async () => ({ rotationEnabled: true, versions: {}, tags: {} }),
      randomPassword: async () => 'x'.repeat(32),
      putPendingSecret: async () => {},
      moveCurrent: async () => {},
      ...overrides,
    },
    connect: async () => {
      deps.connections += 1;
      throw new Error('no database in unit tests');
    },
    log: (message: string) => logs.push(message),
  };
  return deps;
}

const properties = { ClusterIdentifier: 'purchase-direct-dev-catalog', DatabaseName: 'catalog', Username: 'svc_storefront', Access: 'read-write', SecretArn: 'arn:secret' };

describe('dispatch', () => {
  it('treats an event with a RequestType as the custom resource', async () => {
    const deps = fakeDeps();
    await expect(dispatch({ RequestType: 'Create', ResourceProperties: properties }, deps)).rejects.toThrow(/cluster purchase-direct-dev-catalog not found/);
  });

  it('treats an event with a Step as a rotation', async () => {
    const deps = fakeDeps({ describeSecret: async () => ({ rotationEnabled: false, versions: {}, tags: {} }) });
    await expect(dispatch({ Step: 'createSecret', SecretId: 'arn:secret', ClientRequestToken: 't' }, deps)).rejects.toThrow(/does not have rotation enabled/);
  });

  it('rejects anything else', async () => {
    await expect(dispatch({} as never, fakeDeps())).rejects.toThrow(/unrecognised event/);
  });

  it('rejects invalid properties on Create with the field and value', async () => {
    await expect(dispatch({ RequestType: 'Create', ResourceProperties: { ...properties, Username: 'root; --' } }, fakeDeps())).rejects.toThrow(/user name must match .*"root; --"/);
    await expect(dispatch({ RequestType: 'Update', ResourceProperties: { ...properties, Access: 'admin' } }, fakeDeps())).rejects.toThrow(/access must be one of/);
  });

  it('succeeds on Delete when the Create failed on its properties or the cluster is gone, without connecting', async () => {
    const deps = fakeDeps();
    await expect(dispatch({ RequestType: 'Delete', PhysicalResourceId: 'x', ResourceProperties: { ...properties, Username: 'BAD' } }, deps)).resolves.toEqual({ PhysicalResourceId: 'x', Data: { Username: '' } });
    await expect(dispatch({ RequestType: 'Delete', PhysicalResourceId: 'purchase-direct-dev-catalog/svc_storefront', ResourceProperties: properties }, deps)).resolves.toEqual({
      PhysicalResourceId: 'purchase-direct-dev-catalog/svc_storefront',
      Data: { Username: 'svc_storefront' },
    });
    expect(deps.connections).toBe(0);
  });

  it('refuses a secret whose user is not the resource user or its clone', async () => {
    const deps = fakeDeps({
      describeCluster: async () => ({ engine: 'mysql', host: 'h', port: 3306, masterSecretArn: 'arn:master' }),
      getSecretString: async (id) => (id === 'arn:master' ? '{"username":"admin","password":"m"}' : '{"username":"svc_other","password":"p"}'),
    });
    await expect(dispatch({ RequestType: 'Create', ResourceProperties: properties }, deps)).rejects.toThrow(/is for user svc_other, not svc_storefront/);
    expect(deps.connections).toBe(0);
  });

  it('never puts a secret value in an error message', async () => {
    const deps = fakeDeps({
      describeCluster: async () => ({ engine: 'mysql', host: 'h', port: 3306, masterSecretArn: 'arn:master' }),
      getSecretString: async () => '{"username": "admin", "password": "hunter2"',
    });
    const error = await dispatch({ RequestType: 'Create', ResourceProperties: properties }, deps).catch((e: Error) => e);
    expect(String(error)).toMatch(/is not JSON/);
    expect(String(error)).not.toContain('hunter2');
  });

  it('createSecret puts the other user of the pair with a new password as AWSPENDING', async () => {
    const put: string[] = [];
    const deps = fakeDeps({
      describeSecret: async () => ({ rotationEnabled: true, versions: { v1: ['AWSCURRENT'], t2: ['AWSPENDING'] }, tags: {} }),
      getSecretString: async (_id, query) => (query.versionStage === 'AWSCURRENT' ? '{"username":"svc_storefront","password":"old","engine":"mysql"}' : undefined),
      putPendingSecret: async (_id, token, value) => void put.push(`${token} ${value}`),
    });
    await dispatch({ Step: 'createSecret', SecretId: 'arn:secret', ClientRequestToken: 't2' }, deps);
    expect(put).toEqual([`t2 {"username":"svc_storefront_clone","password":"${'x'.repeat(32)}","engine":"mysql"}`]);
  });
});
