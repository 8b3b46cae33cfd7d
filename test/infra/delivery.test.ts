import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { imageBuildSpec, stackDeploySpec } from '../../src/infra/delivery/buildspecs';
import { violations } from '../support/invariants';
import { MINIMAL_MANIFEST as MINIMAL, planFromYaml } from '../support/reference';
import {
  buildSpecOf, delivery, deliveryOutput, deliveryTemplates, homeOf, LifecycleRule, ofType, pipeline, pipelinesOf, projectOf, roleStatementsOf, serviceDeliveries, stage, stages, template, templates, variables, WORKLOADS,
} from '../support/delivery-templates';

describe('DeliveryStack', () => {
  it('lives in the first environment\'s account and region under the contract name <project>-delivery', () => {
    expect(delivery.stackName).toBe('purchase-direct-delivery');
    expect(delivery.account).toBe('111111111111');
    expect(delivery.region).toBe('eu-west-2');
  });

  it('keeps the platform invariants', () => {
    for (const t of templates) expect(violations(t as unknown as Parameters<typeof violations>[0]), t.stackName).toEqual([]);
  });

  it('gives each service a delivery stack of its own, <project>-<service>-delivery, with its build and pipelines and no repository', () => {
    // Every workload has one, web services, the worker and the job alike.
    expect(serviceDeliveries.map((s) => [s.node.id, s.stackName, s.account, s.region])).toEqual(WORKLOADS.map((service) =>
      [`Delivery-${service}`, `purchase-direct-${service}-delivery`, '111111111111', 'eu-west-2']));
    for (const t of templates.slice(1)) {
      expect(Object.values(t.Resources).map((r) => r.Type).sort(), t.stackName).toEqual([
        'AWS::CodeBuild::Project', 'AWS::CodePipeline::Pipeline', 'AWS::CodePipeline::Pipeline',
        ...Array(3).fill('AWS::IAM::Policy'), ...Array(3).fill('AWS::IAM::Role'),
      ]);
    }
    // Deployed after the delivery stack, whose outputs they read; the delivery stack never waits for them.
    for (const stack of serviceDeliveries) expect(stack.dependencies).toEqual([delivery]);
    expect(delivery.dependencies).not.toContain(serviceDeliveries[0]);
  });

  it('reads from the delivery stack only what every service shares (a fixed number of outputs, none per service)', () => {
    const outputs = Object.keys(templates[0]!.Outputs ?? {}).filter((name) => name.startsWith('PublishOutput'));
    expect(outputs.map((name) => name.replace(/^PublishOutput(Ref|FnGetAtt)/, '').replace(/[0-9A-F]{8}.*$/, '')).sort())
      .toEqual(['ApprovalsTopic', 'StackDeployProject', 'StackDeployProject', 'StorageBuildLogs', 'StorageBuildLogs', 'StorageKey'].sort());
  });
});

describe('image repositories (step 4)', () => {
  it('holds one repository per service, named as the service stacks pull it', () => {
    template.resourceCountIs('AWS::ECR::Repository', 5);
    for (const service of WORKLOADS) {
      template.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: `purchase-direct/${service}` });
    }
    const pulled = JSON.stringify(Template.fromStack(stages[1]!.services.get('storefront')!).toJSON());
    expect(pulled).toContain('arn:aws:ecr:eu-west-2:111111111111:repository/purchase-direct/storefront');
  });

  it('makes every tag immutable except the layer cache\'s, scans on push, and is retained on delete', () => {
    for (const [, repository] of ofType('AWS::ECR::Repository')) {
      expect(repository.Properties).toMatchObject({
        ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        ImageTagMutabilityExclusionFilters: [{ ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'buildcache' }],
        ImageScanningConfiguration: { ScanOnPush: true },
      });
      expect(repository.DeletionPolicy).toBe('Retain');
    }
  });

  it('keeps what rollback needs: every deployed image (the newest 100) before the newest 50 builds; untagged layers go after 7 days', () => {
    const rules = JSON.parse(ofType('AWS::ECR::Repository')[0]![1].Properties.LifecyclePolicy.LifecyclePolicyText).rules;
    expect((rules as LifecycleRule[]).map((rule) => [rule.rulePriority, rule.selection])).toEqual([
      [1, { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 7, countUnit: 'days' }],
      [2, { tagStatus: 'tagged', tagPrefixList: ['deployed-'], countType: 'imageCountMoreThan', countNumber: 100 }],
      [3, { tagStatus: 'tagged', tagPrefixList: ['buildcache'], countType: 'imageCountMoreThan', countNumber: 1 }],
      [4, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 }],
    ]);
  });

  it('lets the other environments\' accounts pull, and only pull', () => {
    const policy = ofType('AWS::ECR::Repository')[0]![1].Properties.RepositoryPolicyText;
    expect(policy.Statement).toEqual([{
      Sid: 'EnvironmentAccountsPull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    }]);
  });
});

describe('image pipelines (steps 1 and 2: a commit on an environment\'s branch starts one)', () => {
  it('has one pipeline per service and branch, V2, where a newer commit supersedes one waiting for approval', () => {
    expect(pipelinesOf(templates).map((p) => p.Properties.Name).sort()).toEqual([
      'purchase-direct-backoffice-dev', 'purchase-direct-backoffice-main',
      'purchase-direct-order-events-dev', 'purchase-direct-order-events-main',
      'purchase-direct-orders-api-dev', 'purchase-direct-orders-api-main',
      'purchase-direct-platform',
      'purchase-direct-product-feeds-dev', 'purchase-direct-product-feeds-main',
      'purchase-direct-storefront-dev', 'purchase-direct-storefront-main',
    ]);
    expect(pipeline('purchase-direct-storefront-dev').Properties).toMatchObject({ PipelineType: 'V2', ExecutionMode: 'SUPERSEDED' });
  });

  it.each([['dev', 'dev'], ['main', 'main']])('the %s pipeline watches the service repository\'s %s branch through the manifest\'s connection', (branch) => {
    const source = stage(pipeline(`purchase-direct-storefront-${branch}`), 'Source').Actions[0]!;
    expect(source.ActionTypeId).toMatchObject({ Category: 'Source', Provider: 'CodeStarSourceConnection' });
    expect(source.Configuration).toEqual({
      ConnectionArn: 'arn:aws:codeconnections:eu-west-2:111111111111:connection/0f1e2d3c-aaaa-bbbb-cccc-111122223333',
      FullRepositoryId: 'purchase-direct/storefront',
      BranchName: branch,
      DetectChanges: true,
    });
    expect(source.Namespace).toBe('Source');
  });

  it('orders its stages: source, build, then one deploy stage per environment on the branch', () => {
    expect(pipeline('purchase-direct-storefront-dev').Properties.Stages.map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy-dev']);
    expect(pipeline('purchase-direct-storefront-main').Properties.Stages.map((s) => s.Name)).toEqual(['Source', 'Build', 'Deploy-prod']);
  });
});

describe('the image build (steps 3 and 4: test, build, push)', () => {
  const dev = pipeline('purchase-direct-storefront-dev');
  const build = stage(dev, 'Build').Actions[0]!;
  const project = projectOf(dev, build);

  it('passes the source commit to CodeBuild and publishes the image under the Image namespace', () => {
    expect(build.ActionTypeId).toMatchObject({ Category: 'Build', Provider: 'CodeBuild' });
    expect(variables(build)).toEqual({ COMMIT_ID: '#{Source.CommitId}' });
    expect(build.Namespace).toBe('Image');
    expect(build.OutputArtifacts).toEqual([{ Name: 'Image' }]);
  });

  it('builds privileged (Docker) on an ARM build image for an arm64 service, with the repository and Dockerfile', () => {
    expect(project.Properties.Environment).toMatchObject({
      Type: 'ARM_CONTAINER',
      Image: 'aws/codebuild/amazonlinux-aarch64-standard:3.0',
      ComputeType: 'BUILD_GENERAL1_SMALL',
      PrivilegedMode: true,
    });
    const environment = Object.fromEntries(project.Properties.Environment.EnvironmentVariables.map((v) => [v.Name, v.Value]));
    expect(environment).toMatchObject({ DOCKERFILE: 'Dockerfile', PLATFORM: 'linux/arm64' });
    expect(JSON.stringify(environment['REPOSITORY_URI'])).toContain('111111111111.dkr.ecr.eu-west-2.');
    expect(JSON.stringify(environment['REPOSITORY_URI'])).toContain('/purchase-direct/storefront');
  });

  it('runs the generated buildspec: tests, build, push, and the image as output and variables', () => {
    const spec = buildSpecOf(project) as ReturnType<typeof imageBuildSpec>;
    expect(spec).toEqual(imageBuildSpec());
    expect(spec.env['exported-variables']).toEqual(['IMAGE_URI', 'IMAGE_TAG', 'IMAGE_BUILT']);
    expect(spec.artifacts).toEqual({ files: ['image.json'] });
    const commands = Object.values(spec.phases).flatMap((phase) => phase!.commands).join('\n');
    expect(commands).toContain('--target test');
    expect(commands).toContain('--push');
  });

  it('encrypts build output with the delivery key and logs to the delivery log group', () => {
    expect(project.Properties.EncryptionKey).toEqual(deliveryOutput('StorageKey'));
    expect(project.Properties.LogsConfig.CloudWatchLogs).toMatchObject({ Status: 'ENABLED', StreamName: 'build/storefront' });
  });

  it('lets the build push to its own repository only', () => {
    const statements = roleStatementsOf(project);
    const ecrResources = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ecr:') && a !== 'ecr:GetAuthorizationToken'))
      .flatMap((s) => [s.Resource].flat());
    expect(ecrResources.length).toBeGreaterThan(0);
    for (const resource of ecrResources) {
      expect(resource).toBe('arn:aws:ecr:eu-west-2:111111111111:repository/purchase-direct/storefront');
    }
  });

  it('builds an x86_64 service on an x86 build image for linux/amd64', () => {
    const plan = planFromYaml(MINIMAL.replace('    cpu: 256', '    architecture: x86_64\n    cpu: 256'));
    const t = Template.fromStack(buildApp(plan, { compliance: false }).serviceDeliveries[0]!);
    t.hasResourceProperties('AWS::CodeBuild::Project', {
      Name: 'solo-web-image',
      Environment: Match.objectLike({
        Type: 'LINUX_CONTAINER',
        Image: 'aws/codebuild/amazonlinux-x86_64-standard:5.0',
        PrivilegedMode: true,
        EnvironmentVariables: Match.arrayWith([{ Name: 'PLATFORM', Type: 'PLAINTEXT', Value: 'linux/amd64' }]),
      }),
    });
  });
});

describe('the deploy (steps 5 to 7) and the approval before an approved environment', () => {
  const devPipeline = pipeline('purchase-direct-storefront-dev');
  const prodPipeline = pipeline('purchase-direct-storefront-main');
  const devDeploy = stage(devPipeline, 'Deploy-dev').Actions;
  const prodDeploy = stage(prodPipeline, 'Deploy-prod').Actions;

  it('deploys dev without approval, to dev\'s service stack through dev\'s bootstrap roles, with the image by digest', () => {
    expect(devDeploy.map((a) => a.Name)).toEqual(['Deploy']);
    expect(variables(devDeploy[0]!)).toEqual({
      SERVICE: 'storefront',
      ENVIRONMENT: 'dev',
      STACK_NAME: 'purchase-direct-dev-service-storefront',
      TARGET_REGION: 'eu-west-2',
      IMAGE_REGION: 'eu-west-2',
      DEPLOY_ROLE_ARN: 'arn:aws:iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-eu-west-2',
      EXECUTION_ROLE_ARN: 'arn:aws:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-2',
      REPOSITORY_NAME: 'purchase-direct/storefront',
      IMAGE_URI: '#{Image.IMAGE_URI}',
    });
    expect(devDeploy[0]!.InputArtifacts).toEqual([{ Name: 'Image' }]);
  });

  it('asks for approval by e-mail before prod, naming the image and commit, then deploys the same image into the prod account', () => {
    expect(prodDeploy.map((a) => [a.Name, a.RunOrder])).toEqual([['Approve', 1], ['Deploy', 2]]);
    const [approve, deploy] = prodDeploy;
    expect(approve!.ActionTypeId).toMatchObject({ Category: 'Approval', Provider: 'Manual' });
    expect(approve!.Configuration.NotificationArn).toEqual(deliveryOutput('ApprovalsTopic'));
    expect(approve!.Configuration.CustomData).toContain('#{Image.IMAGE_URI}');
    expect(approve!.Configuration.CustomData).toContain('#{Source.CommitId}');
    expect(variables(deploy!)).toMatchObject({
      ENVIRONMENT: 'prod',
      STACK_NAME: 'purchase-direct-prod-service-storefront',
      DEPLOY_ROLE_ARN: 'arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-eu-west-2',
      EXECUTION_ROLE_ARN: 'arn:aws:iam::222222222222:role/cdk-hnb659fds-cfn-exec-role-222222222222-eu-west-2',
      IMAGE_URI: '#{Image.IMAGE_URI}',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'platform@purchase-direct.example' });
  });

  it('with two environments on one branch, deploys them in manifest order in one run: build once, approve, promote the same image', () => {
    const plan = planFromYaml(MINIMAL.replace('    branch: dev\n    profile: economy\n', '    branch: main\n    profile: economy\n  prod:\n    account: "222222222222"\n    branch: main\n    profile: economy\n    approval: true\n'));
    const pipelines = pipelinesOf(deliveryTemplates(buildApp(plan, { compliance: false }).serviceDeliveries)).filter((r) => r.Properties.Name === 'solo-web-main');
    expect(pipelines).toHaveLength(1);
    const stages_ = pipelines[0]!.Properties.Stages;
    expect(stages_.map((s) => [s.Name, s.Actions.map((a) => a.Name)])).toEqual([
      ['Source', ['GitHub']], ['Build', ['TestBuildPush']], ['Deploy-dev', ['Deploy']], ['Deploy-prod', ['Approve', 'Deploy']],
    ]);
    expect(stages_[3]!.Actions[0]!.Configuration.CustomData).toContain('which already runs in dev');
    expect(variables(stages_[2]!.Actions[0]!).IMAGE_URI).toBe(variables(stages_[3]!.Actions[1]!).IMAGE_URI);
  });

  it('runs the generated deploy buildspec in one shared project, which may only assume the environments\' bootstrap deploy roles', () => {
    const project = projectOf(devPipeline, devDeploy[0]!);
    expect(projectOf(prodPipeline, prodDeploy[1]!)).toBe(project);
    expect(homeOf.get(project)!.stackName).toBe('purchase-direct-delivery');
    expect(buildSpecOf(project)).toEqual(stackDeploySpec());
    expect(project.Properties.Environment.PrivilegedMode).toBe(false);
    const assume = roleStatementsOf(project).filter((s) => s.Action === 'sts:AssumeRole');
    expect(assume).toEqual([expect.objectContaining({
      Resource: [
        'arn:aws:iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-eu-west-2',
        'arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-eu-west-2',
      ],
    })]);
  });

  it('keeps artifacts in the delivery account: no bucket or key policy lets another account in', () => {
    const policies = templates.flatMap((t) => [
      ...ofType('AWS::S3::BucketPolicy', t.Resources).map(([, p]) => p.Properties.PolicyDocument),
      ...ofType('AWS::KMS::Key', t.Resources).map(([, k]) => k.Properties.KeyPolicy),
    ]);
    expect(JSON.stringify(policies)).not.toContain('222222222222');
  });
});

describe('the GitHub connection', () => {
  it('uses the manifest\'s connection and creates none', () => {
    template.resourceCountIs('AWS::CodeConnections::Connection', 0);
  });

  it('creates a GitHub connection when the manifest names none, uses it in every source and says it must be confirmed once', () => {
    const plan = planFromYaml(MINIMAL);
    const solo = buildApp(plan, { compliance: false });
    const t = Template.fromStack(solo.delivery);
    t.hasResourceProperties('AWS::CodeConnections::Connection', { ConnectionName: 'solo-github', ProviderType: 'GitHub' });
    const json = t.toJSON();
    const platformSource = pipelinesOf(deliveryTemplates([solo.delivery]))[0]!.Properties.Stages[0]!.Actions[0]!.Configuration.ConnectionArn;
    expect(platformSource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^GitHubConnection/), 'ConnectionArn'] });
    const imageSources = pipelinesOf(deliveryTemplates(solo.serviceDeliveries)).map((r) => r.Properties.Stages[0]!.Actions[0]!.Configuration.ConnectionArn);
    expect(imageSources).toHaveLength(1);
    for (const arn of imageSources) {
      expect(arn).toEqual({ 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'solo-delivery', OutputName: expect.stringMatching(/^PublishOutputFnGetAttGitHubConnection/) }) });
    }
    expect((json.Outputs as Record<string, { Description: string }>).GitHubConnectionArn!.Description).toContain('confirm it once in the console');
  });
});
