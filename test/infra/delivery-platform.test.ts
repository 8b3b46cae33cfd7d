import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { platformDeploySpec, platformSynthSpec } from '../../src/infra/delivery/buildspecs';
import { referenceWithDr } from '../support/dr';
import { MINIMAL_MANIFEST as MINIMAL, planFromYaml } from '../support/reference';
import {
  buildSpecOf, built, delivery, deliveryTemplates, homeOf, ofType, pipeline, pipelinesOf, projectOf, Resource, roleStatementsOf, stage, templates, variables,
} from '../support/delivery-templates';

describe('the platform pipeline (the infrastructure deploys itself)', () => {
  const platform = pipeline('purchase-direct-platform');

  it('watches the platform repository\'s branch, restarts when it changes itself, and checks before deploying', () => {
    expect(platform.Properties).toMatchObject({ PipelineType: 'V2', RestartExecutionOnUpdate: true });
    expect(stage(platform, 'Source').Actions[0]!.Configuration).toMatchObject({ FullRepositoryId: 'purchase-direct/platform', BranchName: 'main' });
    expect(platform.Properties.Stages.map((s) => s.Name)).toEqual(['Source', 'Check', 'Delivery', 'Accounts', 'Plan-dev', 'Review-dev', 'Deploy-dev', 'Plan-prod', 'Review-prod', 'Deploy-prod']);
    const check = projectOf(platform, stage(platform, 'Check').Actions[0]!);
    expect(buildSpecOf(check)).toEqual(platformSynthSpec('portside.yaml'));
  });

  it('deploys the delivery stack and its image replica settings, the per-account stacks, then each environment\'s stacks from the one synthesized assembly, with an approval before prod', () => {
    const steps = ['Delivery', 'Accounts', 'Deploy-dev', 'Deploy-prod'].map((name) => stage(platform, name).Actions.map((a) =>
      a.ActionTypeId.Category === 'Approval' ? 'approve' : variables(a).STACKS));
    expect(steps).toEqual([
      ['Delivery Delivery-* ImageReplica'],
      ['Foundation-111111111111 Foundation-222222222222 DrVault-111111111111-eu-west-1 DrVault-222222222222-eu-west-1 CostAnomaly-111111111111 CostAnomaly-222222222222'],
      ['dev/*'],
      ['approve', 'prod/*'],
    ]);
    // Every selector names a stack of the app, and every top-level stack is selected: a renamed stack
    // cannot silently drop out of the pipeline.
    const ids = built.app.node.children.filter((child) => child instanceof Stack).map((child) => child.node.id);
    const selectors = steps.slice(0, 2).flat().join(' ').split(' ');
    const matches = (selector: string, id: string) => (selector.endsWith('*') ? id.startsWith(selector.slice(0, -1)) : id === selector);
    for (const selector of selectors) expect(ids.some((id) => matches(selector, id)), selector).toBe(true);
    for (const id of ids) expect(selectors.some((selector) => matches(selector, id)), id).toBe(true);
    const deploy = stage(platform, 'Deploy-prod').Actions[1]!;
    expect(deploy.InputArtifacts).toEqual([{ Name: 'Source' }, { Name: 'Synth' }]);
    expect(buildSpecOf(projectOf(platform, deploy))).toEqual(platformDeploySpec());
  });

  it('may assume only the CDK bootstrap roles the CLI deploys with, wherever a stack of the app lives', () => {
    const deploy = projectOf(platform, stage(platform, 'Deploy-dev').Actions[0]!);
    const assume = roleStatementsOf(deploy).filter((s) => s.Action === 'sts:AssumeRole');
    expect(assume).toHaveLength(1);
    expect([...(assume[0]!.Resource as string[])].sort()).toEqual(['111111111111', '222222222222'].flatMap((account) =>
      ['eu-west-2', 'eu-west-1', 'us-east-1'].flatMap((region) =>
        ['deploy', 'file-publishing', 'lookup'].map((role) => `arn:aws:iam::${account}:role/cdk-hnb659fds-${role}-role-${account}-${region}`))).sort());
  });
});

describe('CodePipeline limits, with the longest names the manifest allows', () => {
  const project = 'p'.repeat(24);
  const serviceName = 's'.repeat(20);
  const plan = planFromYaml(MINIMAL
    .replace('project: solo', `project: ${project}`)
    .replace('  dev:\n', '  abcdefghij:\n')
    .replace('    branch: dev\n', `    branch: ${'release/'.padEnd(60, 'b')}\n    approval: true\n`)
    .replace('  web:\n', `  ${serviceName}:\n`));
  const longest = buildApp(plan, { compliance: false });
  const pipelines = pipelinesOf(deliveryTemplates([longest.delivery, ...longest.serviceDeliveries]));

  it('keeps every pipeline, stage and action name within 100 characters of the allowed set', () => {
    const names = pipelines.flatMap((p) => [p.Properties.Name!, ...p.Properties.Stages.flatMap((st) => [st.Name, ...st.Actions.map((a) => a.Name)])]);
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9.@_-]{1,100}$/);
  });

  it('keeps every action configuration value within CodePipeline\'s 1000 characters', () => {
    const values = pipelines.flatMap((p) => p.Properties.Stages.flatMap((st) => st.Actions.flatMap((a) =>
      Object.values(a.Configuration).filter((v): v is string => typeof v === 'string'))));
    const longest = Math.max(...values.map((v) => v.length));
    expect(longest).toBeGreaterThan(500);
    expect(longest).toBeLessThanOrEqual(1000);
  });
});

describe('image replication to drRegion (a DR environment must start while the delivery region is down)', () => {
  const withDr = buildApp(planFromYaml(referenceWithDr()), { compliance: false });
  const replica = Template.fromStack(withDr.imageReplica!).toJSON().Resources as Record<string, Resource & { Properties: Record<string, unknown> }>;
  const onlyOf = (type: string) => {
    const found = Object.values(replica).filter((r) => r.Type === type);
    expect(found, type).toHaveLength(1);
    return found[0]!.Properties as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  it('copies every repository of the project to drRegion, in the delivery account', () => {
    const [[, configuration]] = ofType('AWS::ECR::ReplicationConfiguration') as unknown as [[string, { Properties: Record<string, unknown> }]];
    expect(configuration.Properties.ReplicationConfiguration).toEqual({
      Rules: [{
        Destinations: [{ Region: 'eu-west-1', RegistryId: '111111111111' }],
        RepositoryFilters: [{ Filter: 'purchase-direct/', FilterType: 'PREFIX_MATCH' }],
      }],
    });
  });

  it('creates the replicas with the source repositories\' settings, from a template deployed before the first copy', () => {
    expect([built.imageReplica!.account, built.imageReplica!.region, built.imageReplica!.stackName]).toEqual(['111111111111', 'eu-west-1', 'purchase-direct-image-replica']);
    expect(delivery.dependencies).toContain(built.imageReplica);
    const template = onlyOf('AWS::ECR::RepositoryCreationTemplate');
    expect(template).toMatchObject({
      Prefix: 'purchase-direct',
      AppliedFor: ['REPLICATION'],
      ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      ImageTagMutabilityExclusionFilters: [{ ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'buildcache' }],
      EncryptionConfiguration: { EncryptionType: 'AES256' },
    });
    const source = ofType('AWS::ECR::Repository')[0]![1].Properties;
    expect(JSON.parse(template.LifecyclePolicy)).toEqual(JSON.parse(source.LifecyclePolicy.LifecyclePolicyText));
    // The same statement as the source repositories': the environments' accounts may pull, nothing more.
    expect(JSON.stringify(template.RepositoryPolicy)).toContain('EnvironmentAccountsPull');
    expect(JSON.stringify(template.RepositoryPolicy)).toContain(':iam::222222222222:root');
    expect(JSON.stringify(template.RepositoryPolicy)).not.toContain('ecr:PutImage');
    expect(JSON.stringify(template.ResourceTags)).toContain('"Key":"CostCentre","Value":"ecommerce"');
  });

  it('lets ECR create and tag only the project\'s replicas, with a role it alone assumes', () => {
    const role = onlyOf('AWS::IAM::Role');
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({ Principal: { Service: 'ecr.amazonaws.com' }, Action: 'sts:AssumeRole' })]);
    const policy = onlyOf('AWS::IAM::Policy');
    expect(policy.PolicyDocument.Statement).toEqual([expect.objectContaining({
      Action: ['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource'],
      Resource: 'arn:aws:ecr:eu-west-1:111111111111:repository/purchase-direct/*',
    })]);
  });

  it('has the DR environment pull from the replica, by the same digest, after the deploy step waited for it', () => {
    const pullArns = (stage: string) => {
      const service = withDr.stages.find((s) => s.stageName === stage)!.services.get('storefront')!;
      return JSON.stringify(Template.fromStack(service).findResources('AWS::IAM::Policy')).match(/arn:[^"]*:ecr:[a-z0-9-]+:\d+:repository\/purchase-direct\/storefront/g);
    };
    expect(pullArns('dr')).toEqual(['arn:aws:ecr:eu-west-1:111111111111:repository/purchase-direct/storefront']);
    expect(pullArns('prod')).toEqual(['arn:aws:ecr:eu-west-2:111111111111:repository/purchase-direct/storefront']);
    const main = pipeline('purchase-direct-storefront-main', deliveryTemplates(withDr.serviceDeliveries));
    const imageRegions = main.Properties.Stages.filter((s) => s.Name.startsWith('Deploy-')).map((s) => [s.Name, variables(s.Actions.at(-1)!).IMAGE_REGION]);
    expect(imageRegions).toEqual([['Deploy-prod', 'eu-west-2'], ['Deploy-dr', 'eu-west-1']]);
    const deployRole = JSON.stringify(Template.fromStack(withDr.delivery).findResources('AWS::IAM::Policy'));
    expect(deployRole).toContain('ecr:DescribeImageReplicationStatus');
  });

  it('replicates nothing when the delivery stack already lives in drRegion', () => {
    const inDrRegion = buildApp(planFromYaml(MINIMAL.replace('    branch: dev\n', '    region: eu-west-1\n    branch: dev\n')), { compliance: false });
    expect(inDrRegion.delivery.region).toBe('eu-west-1');
    expect(inDrRegion.imageReplica).toBeUndefined();
    expect(Template.fromStack(inDrRegion.delivery).findResources('AWS::ECR::ReplicationConfiguration')).toEqual({});
  });
});

describe('pipeline roles and the GitHub connection', () => {
  it('may use the connection under both service prefixes (codestar-connections and codeconnections), and only that connection', () => {
    const pipelines = pipelinesOf(templates);
    expect(pipelines.length).toBeGreaterThan(5);
    for (const p of pipelines) {
      const home = homeOf.get(p)!;
      const role = p.Properties.RoleArn['Fn::GetAtt'][0];
      const statements = ofType('AWS::IAM::Policy', home.Resources)
        .filter(([, policy]) => policy.Properties.Roles.some((r) => r.Ref === role))
        .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
      const connection = p.Properties.Stages[0]!.Actions[0]!.Configuration.ConnectionArn;
      for (const action of ['codestar-connections:UseConnection', 'codeconnections:UseConnection']) {
        const granting = statements.filter((s) => [s.Action].flat().includes(action));
        expect(granting.length, `${p.Properties.Name}: ${action}`).toBeGreaterThan(0);
        for (const s of granting) expect(s.Resource, `${p.Properties.Name}: ${action}`).toEqual(connection);
      }
    }
  });
});
