import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_USER_ROTATION } from '../../src/infra/service/service-database-user';
import { MINIMAL_MANIFEST, planFromYaml, referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const resourcesOf = (template: Template, type: string): [string, Json][] =>
  Object.entries<Json>(template.toJSON().Resources).filter(([, r]) => r.Type === type);

const containerOf = (template: Template): Json => resourcesOf(template, 'AWS::ECS::TaskDefinition')[0]![1].Properties.ContainerDefinitions[0];

const variable = (container: Json, name: string): Json => container.Environment.find((e: { Name: string }) => e.Name === name)?.Value;

/** A manifest with a service that writes one database and reads another (and a database nobody reads). */
const READER_MANIFEST = `${MINIMAL_MANIFEST.replace('services:', `databases:
  catalog:
    engine: aurora-mysql
  orders:
    engine: aurora-postgresql
services:`)}    databases:
      - catalog
      - { name: orders, access: read }
  exporter:
    repository: solo/exporter
    port: 8080
    healthCheckPath: /health
    cpu: 256
    memoryMiB: 512
    databases:
      - { name: orders, access: read }
    secrets:
      PARTNER_TOKEN: arn:aws:secretsmanager:eu-west-2:333333333333:secret:partner-AbCdEf:token
`;

describe('database access: a user per service and database, never the master', () => {
  let reference: SynthesizedPlatform;
  let reader: SynthesizedPlatform;
  beforeAll(() => {
    reference = synthesize(referencePlan());
    reader = synthesize(planFromYaml(READER_MANIFEST));
  });

  it('gives each service a user secret, a Custom::DatabaseUser and a rotation per database it declares', () => {
    const backoffice = reference.template('purchase-direct-prod-service-backoffice');
    const users = resourcesOf(backoffice, 'Custom::DatabaseUser').map(([, r]) => r.Properties);
    expect(users.map((u) => [u.ClusterIdentifier, u.DatabaseName, u.Username, u.Access])).toEqual([
      ['purchase-direct-prod-catalog', 'catalog', 'svc_backoffice', 'read-write'],
      ['purchase-direct-prod-orders', 'orders', 'svc_backoffice', 'read'],
    ]);
    backoffice.resourceCountIs('AWS::SecretsManager::Secret', 2);
    backoffice.resourceCountIs('AWS::SecretsManager::RotationSchedule', 2);
    backoffice.allResourcesProperties('AWS::SecretsManager::RotationSchedule', {
      RotationLambdaARN: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'purchase-direct-prod-data', OutputName: Match.stringLikeRegexp('DatabaseUsersFunction') }) },
      RotationRules: { ScheduleExpression: `rate(${DATABASE_USER_ROTATION.toDays()} days)` },
      RotateImmediatelyOnUpdate: false,
    });
  });

  it('templates only the user name into the secret, so no edit of the manifest regenerates a password', () => {
    const storefront = reference.template('purchase-direct-dev-service-storefront');
    storefront.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { SecretStringTemplate: '{"username":"svc_storefront"}', GenerateStringKey: 'password', ExcludePunctuation: true, PasswordLength: 32 },
      KmsKeyId: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'purchase-direct-dev-data', OutputName: Match.stringLikeRegexp('DataKey') }) },
    });
    const [, secret] = resourcesOf(storefront, 'AWS::SecretsManager::Secret')
      .find(([, r]) => r.Properties.Tags.some((t: Json) => t.Key === 'portside:cluster' && t.Value === 'purchase-direct-dev-catalog'))!;
    expect(secret.Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'portside:database-users', Value: 'purchase-direct-dev' },
      { Key: 'portside:database-name', Value: 'catalog' },
      { Key: 'portside:access', Value: 'read-write' },
      { Key: 'portside:service', Value: 'storefront' },
    ]));
  });

  it('injects the user\'s own secret, and points read access at the reader endpoint and read-write at the writer', () => {
    const web = containerOf(reader.template('solo-dev-service-web'));
    const secrets = reader.template('solo-dev-service-web').toJSON().Resources;
    for (const s of web.Secrets.filter((x: { Name: string }) => /_DB_/.test(x.Name))) {
      const ref = JSON.stringify(s.ValueFrom).match(/"Ref":"([^"]+)"/)![1]!;
      expect(secrets[ref].Type, s.Name).toBe('AWS::SecretsManager::Secret');
    }
    // The data stack's output of the cluster's Endpoint.Address (writer) or ReadEndpoint.Address (reader).
    const output = (value: Json) => value['Fn::GetStackOutput'].OutputName as string;
    expect(output(variable(web, 'CATALOG_DB_HOST'))).toMatch(/DatabasecatalogCluster\w*[0-9A-F]EndpointAddress/);
    expect(output(variable(web, 'ORDERS_DB_HOST'))).toMatch(/DatabaseordersCluster\w*ReadEndpointAddress/);
    const exporter = containerOf(reader.template('solo-dev-service-exporter'));
    expect(output(variable(exporter, 'ORDERS_DB_HOST'))).toMatch(/DatabaseordersCluster\w*ReadEndpointAddress/);
  });

  it('references no master secret from any service stack', () => {
    for (const platform of [reference, reader]) {
      for (const stage of platform.stages.values()) {
        for (const stack of stage.stacks.filter((s) => s.stackName.includes('-service-'))) {
          expect(JSON.stringify(platform.template(stack.stackName).toJSON()), stack.stackName).not.toMatch(/MasterUserSecret/);
        }
      }
    }
  });

  it('redeploys exactly the service when AWSCURRENT moves on one of its user secrets', () => {
    const web = reader.template('solo-dev-service-web');
    const secretIds = resourcesOf(web, 'AWS::SecretsManager::Secret').map(([id]) => id).sort();
    const [rule] = resourcesOf(web, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rule.EventPattern).toEqual({
      source: ['aws.secretsmanager'],
      'detail-type': ['Secret Label Updated'],
      resources: secretIds.map((id) => ({ Ref: id })),
      detail: { labelUpdated: ['AWSCURRENT'] },
    });
    const service = resourcesOf(web, 'AWS::ECS::Service')[0]![0];
    expect(rule.Targets).toEqual([expect.objectContaining({
      Arn: { 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'solo-dev-network', OutputName: expect.stringMatching(/RedeployerStateMachine/) }) },
      Input: { 'Fn::Join': ['', ['{"service":"', { 'Fn::GetAtt': [service, 'Name'] }, '"}']] },
    })]);
  });

  it('starts the service only after its database users exist', () => {
    const web = reader.template('solo-dev-service-web').toJSON();
    const [serviceId, service] = Object.entries<Json>(web.Resources).find(([, r]) => r.Type === 'AWS::ECS::Service')!;
    const users = Object.entries<Json>(web.Resources).filter(([, r]) => r.Type === 'Custom::DatabaseUser').map(([id]) => id);
    expect(users).toHaveLength(2);
    expect(service.DependsOn, serviceId).toEqual(expect.arrayContaining(users));
  });

  it('lets the provisioner touch only its environment\'s user secrets and its clusters\' master secrets', () => {
    const data = reader.template('solo-dev-data');
    const statements = resourcesOf(data, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(expect.objectContaining({
      Sid: 'ManageUserSecrets',
      Condition: { StringEquals: { 'aws:ResourceTag/portside:database-users': 'solo-dev' } },
    }));
    const masters = statements.find((s: Json) => s.Sid === 'ReadMasterSecrets');
    expect(masters.Action).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(masters.Resource)).toMatch(/MasterUserSecret/);
    data.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      ReservedConcurrentExecutions: Match.anyValue(),
    });
    data.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'secretsmanager.amazonaws.com', Action: 'lambda:InvokeFunction' });
  });

  it('lets tasks decrypt manifest secrets under any customer key, only through Secrets Manager and only for those secrets', () => {
    const exporter = reader.template('solo-dev-service-exporter');
    const statements = resourcesOf(exporter, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual({
      Sid: 'DecryptManifestSecrets',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:eu-west-2:333333333333:key/*',
      Condition: {
        StringEquals: {
          'kms:ViaService': ['secretsmanager.eu-west-2.amazonaws.com'],
          'kms:EncryptionContext:SecretARN': ['arn:aws:secretsmanager:eu-west-2:333333333333:secret:partner-AbCdEf'],
        },
      },
    });
  });

  it('lets tasks decrypt their user secrets with the data key only through Secrets Manager and only for those secrets', () => {
    const web = reader.template('solo-dev-service-web');
    const secretIds = resourcesOf(web, 'AWS::SecretsManager::Secret').map(([id]) => ({ Ref: id }));
    const statements = resourcesOf(web, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const decrypt = statements.find((s: Json) => s.Sid === 'DecryptDatabaseUserSecrets');
    expect(decrypt.Action).toBe('kms:Decrypt');
    expect(JSON.stringify(decrypt.Resource)).toMatch(/DataKey/);
    expect(decrypt.Condition.StringEquals['kms:ViaService']).toBe('secretsmanager.eu-west-2.amazonaws.com');
    expect(decrypt.Condition.StringEquals['kms:EncryptionContext:SecretARN']).toEqual(expect.arrayContaining(secretIds));
  });

  it('builds no provisioner for an environment whose services declare no database', () => {
    const solo = synthesize(planFromYaml(MINIMAL_MANIFEST));
    solo.template('solo-dev-data').resourceCountIs('AWS::Lambda::Function', 0);
    solo.template('solo-dev-service-web').resourceCountIs('Custom::DatabaseUser', 0);
    solo.template('solo-dev-service-web').resourceCountIs('AWS::Events::Rule', 0);
  });
});
