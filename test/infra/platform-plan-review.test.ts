import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { platformPlanSpec } from '../../src/infra/delivery/buildspecs';
import { REVIEW_MESSAGE_LEAD } from '../../src/infra/delivery/environment-plan-review';
import { PLAN_REVIEW_TEXT_MAX } from '../../src/reports/plan-review';
import { MINIMAL_MANIFEST, planFromYaml, referencePlan } from '../support/reference';

/** The parts of the delivery template these specifications read. */
interface Action { Name: string; RunOrder: number; Namespace?: string; ActionTypeId: { Category: string }; Configuration: Record<string, unknown>; InputArtifacts?: { Name: string }[] }
interface Stage { Name: string; Actions: Action[]; BeforeEntry?: unknown }
interface Resource { Type: string; Properties: Record<string, unknown> }

const { delivery } = buildApp(referencePlan(), { compliance: false, manifestFile: 'portside.yaml' });
const template = Template.fromStack(delivery);
const resources = template.toJSON().Resources as Record<string, Resource>;
const platform = Object.values(resources).find((r) => r.Type === 'AWS::CodePipeline::Pipeline' && r.Properties.Name === 'purchase-direct-platform')!;
const stages = platform.Properties.Stages as Stage[];
const stage = (name: string) => stages.find((s) => s.Name === name)!;

/** The logical id of the CodeBuild project an action starts. */
const projectIdOf = (action: Action) => (action.Configuration.ProjectName as { Ref: string }).Ref;

/** Every statement of the policies on a project's service role. */
function roleStatements(projectId: string): { Action: string | string[]; Resource: unknown }[] {
  const role = ((resources[projectId]!.Properties.ServiceRole as { 'Fn::GetAtt': [string] })['Fn::GetAtt'])[0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}

describe('the platform pipeline\'s plan and review before each environment', () => {
  it('plans an environment against what is deployed, then reviews, then deploys it, environment after environment', () => {
    expect(stages.map((s) => s.Name)).toEqual([
      'Source', 'Check', 'Delivery', 'Accounts', 'Plan-dev', 'Review-dev', 'Deploy-dev', 'Plan-prod', 'Review-prod', 'Deploy-prod',
    ]);
  });

  it('runs portside plan --deployed for the environment from the checked-out source, exporting its review under Plan-<env>', () => {
    for (const environment of ['dev', 'prod']) {
      const [plan, ...others] = stage(`Plan-${environment}`).Actions;
      expect(others).toEqual([]);
      expect(plan).toMatchObject({ Name: 'PlanAgainstDeployed', Namespace: `Plan-${environment}`, ActionTypeId: { Category: 'Build' }, InputArtifacts: [{ Name: 'Source' }] });
      expect(JSON.parse(plan!.Configuration.EnvironmentVariables as string)).toEqual([{ name: 'ENVIRONMENT', type: 'PLAINTEXT', value: environment }]);
      const project = resources[projectIdOf(plan!)]!;
      expect(project.Properties.Name).toBe(`purchase-direct-platform-plan-${environment}`);
      expect(JSON.parse((project.Properties.Source as { BuildSpec: string }).BuildSpec)).toEqual(platformPlanSpec('portside.yaml'));
    }
  });

  it('enters the review only when the plan\'s REVIEW_NEEDED is true, and skips it otherwise', () => {
    for (const environment of ['dev', 'prod']) {
      expect(stage(`Review-${environment}`).BeforeEntry).toEqual({
        Conditions: [{
          Result: 'SKIP',
          Rules: [{
            Name: `ReviewNeeded-${environment}`,
            RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: 'VariableCheck', Version: '1' },
            Configuration: { Variable: `#{Plan-${environment}.REVIEW_NEEDED}`, Operator: 'EQ', Value: 'true' },
          }],
        }],
      });
    }
    // The other stages are always entered.
    expect(stages.filter((s) => s.BeforeEntry !== undefined).map((s) => s.Name)).toEqual(['Review-dev', 'Review-prod']);
  });

  it('asks for approval by e-mail with the plan\'s summary in the message, within the approval\'s 500 characters', () => {
    for (const environment of ['dev', 'prod']) {
      const actions = stage(`Review-${environment}`).Actions;
      expect(actions).toHaveLength(1);
      expect(actions[0]).toMatchObject({
        ActionTypeId: { Category: 'Approval' },
        Configuration: { CustomData: `Read before approving: #{Plan-${environment}.PLAN_SUMMARY}`, NotificationArn: { Ref: expect.stringMatching(/^ApprovalsTopic/) } },
      });
    }
    expect(REVIEW_MESSAGE_LEAD.length + PLAN_REVIEW_TEXT_MAX).toBeLessThanOrEqual(500);
  });

  it('keeps the approval of an environment with approval: true in its deploy stage, before the deploy', () => {
    expect(stage('Deploy-prod').Actions.map((a) => [a.ActionTypeId.Category, a.RunOrder])).toEqual([['Approval', 1], ['Build', 2]]);
    expect(stage('Deploy-dev').Actions.map((a) => a.ActionTypeId.Category)).toEqual(['Build']);
  });

  it('lets each environment\'s plan assume that environment\'s bootstrap lookup role, and no other role', () => {
    const lookup = (account: string) => `arn:aws:iam::${account}:role/cdk-hnb659fds-lookup-role-${account}-eu-west-2`;
    for (const [environment, account] of [['dev', '111111111111'], ['prod', '222222222222']] as const) {
      const statements = roleStatements(projectIdOf(stage(`Plan-${environment}`).Actions[0]!));
      const assume = statements.filter((s) => [s.Action].flat().some((action) => action.startsWith('sts:')));
      expect(assume).toEqual([expect.objectContaining({ Action: 'sts:AssumeRole', Resource: lookup(account) })]);
    }
  });

  it('encrypts the plan build with the delivery key and logs to the delivery log group', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Name: 'purchase-direct-platform-plan-prod',
      EncryptionKey: Match.anyValue(),
      LogsConfig: { CloudWatchLogs: Match.objectLike({ Status: 'ENABLED', StreamName: 'platform/plan-prod' }) },
    });
  });
});

describe('the platform pipeline\'s stage count', () => {
  const withEnvironments = (count: number) => MINIMAL_MANIFEST.replace(/environments:\n[^]*?services:/, `environments:\n${Array.from({ length: count }, (_, i) =>
    `  env${i}:\n    account: "111111111111"\n    branch: dev\n    profile: economy\n`).join('')}services:`);

  it('stays within CodePipeline\'s 50 stages: 15 environments build, 16 are refused with the limit named', () => {
    expect(() => buildApp(planFromYaml(withEnvironments(15)), { compliance: false })).not.toThrow();
    expect(() => buildApp(planFromYaml(withEnvironments(16)), { compliance: false }))
      .toThrow('the platform pipeline would have 52 stages, over CodePipeline\'s 50: at most 15 environments per manifest');
  });
});
