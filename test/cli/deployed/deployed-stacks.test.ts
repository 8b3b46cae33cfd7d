import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDeployedStacks } from '../../../src/cli/deployed/deployed-stacks';
import { UserError } from '../../../src/cli/errors';
import type { SynthesizedStack } from '../../../src/reports/assembly-reader';
import { FakeCloudFormation } from '../../support/fake-cloudformation';

function stack(stackName: string, account: string, region: string, bucketName = 'data'): SynthesizedStack {
  return {
    environment: 'prod', stackName, account, region, templateBytes: 0, terminationProtection: false, assetCount: 0,
    template: { Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: bucketName } } } },
  };
}

const lookupRole = (account: string, region: string) => `arn:aws:iam::${account}:role/cdk-hnb659fds-lookup-role-${account}-${region}`;

describe('readDeployedStacks', () => {
  const saved = { ...process.env };
  let fake: FakeCloudFormation;

  beforeAll(async () => {
    fake = new FakeCloudFormation();
    const endpoint = await fake.listen();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_CLOUDFORMATION: endpoint,
      AWS_ENDPOINT_URL_STS: endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDPORTSIDETEST',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
  });

  afterAll(async () => {
    process.env = saved;
    await fake.close();
  });

  it('reads each stack in its own account and region through that place\'s lookup role, JSON or YAML', async () => {
    // GIVEN two stacks in two accounts, one deployed as YAML with short-form functions
    fake.deploy('111111111111', 'eu-west-2', 'app-dev-data', JSON.stringify({ Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'old' } } } }));
    fake.deploy('222222222222', 'eu-west-1', 'app-prod-data', 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "${AWS::StackName}-data"\n');
    // WHEN
    const deployed = await readDeployedStacks([stack('app-dev-data', '111111111111', 'eu-west-2'), stack('app-prod-data', '222222222222', 'eu-west-1')]);
    // THEN
    expect(deployed.map((s) => [s.stackName, s.template.Resources.Data!.Properties])).toEqual([
      ['app-dev-data', { BucketName: 'old' }],
      ['app-prod-data', { BucketName: { 'Fn::Sub': '${AWS::StackName}-data' } }],
    ]);
    expect(new Set(fake.assumedRoles.map((role) => `${role.roleArn} ${role.region}`))).toEqual(new Set([
      `${lookupRole('111111111111', 'eu-west-2')} eu-west-2`,
      `${lookupRole('222222222222', 'eu-west-1')} eu-west-1`,
    ]));
  });

  it('leaves out a stack CloudFormation does not have (the diff calls it new)', async () => {
    const deployed = await readDeployedStacks([stack('app-dev-data', '111111111111', 'eu-west-2'), stack('app-dev-never-deployed', '111111111111', 'eu-west-2')]);
    expect(deployed.map((s) => s.stackName)).toEqual(['app-dev-data']);
    expect(fake.templateReads.map((read) => read.stackName)).toContain('app-dev-never-deployed');
  });

  it('fails in one line naming the lookup role and the bootstrap trust when the role refuses the caller', async () => {
    fake.refuse(lookupRole('333333333333', 'eu-west-2'));
    const reading = readDeployedStacks([stack('app-test-data', '333333333333', 'eu-west-2')]);
    await expect(reading).rejects.toBeInstanceOf(UserError);
    await expect(reading).rejects.toThrow(/^cannot read the deployed template of app-test-data \(333333333333, eu-west-2\) through arn:aws:iam::333333333333:role\/cdk-hnb659fds-lookup-role-333333333333-eu-west-2: .*not authorized to perform: sts:AssumeRole/);
    await expect(reading).rejects.toMatchObject({ hint: expect.stringContaining('--trust-for-lookup') });
  });
});
