/**
 * The reference manifest's delivery stacks, synthesized once per test file, and the readers the
 * delivery specifications share (pipelines, stages, actions, projects and the roles they run as).
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { referencePlan } from './reference';
/** The reference manifest's workloads in manifest order: three web services, a worker and a job. */
export const WORKLOADS = ['storefront', 'orders-api', 'backoffice', 'order-events', 'product-feeds'];

/** The parts of synthesized templates these specifications read. */
export interface Statement { Action: string | string[]; Resource: unknown }
export interface Action {
  Name: string;
  RunOrder: number;
  Namespace?: string;
  ActionTypeId: { Category: string; Provider: string };
  Configuration: { ProjectName: { Ref: string }; EnvironmentVariables: string; CustomData?: string; NotificationArn?: unknown; ConnectionArn?: unknown };
  InputArtifacts?: { Name: string }[];
  OutputArtifacts?: { Name: string }[];
}
export interface Stage { Name: string; Actions: Action[] }
export interface Properties {
  Name?: string;
  Stages: Stage[];
  Environment: { PrivilegedMode: boolean; EnvironmentVariables: { Name: string; Value: unknown }[] };
  ServiceRole: { 'Fn::GetAtt': [string, string] };
  RoleArn: { 'Fn::GetAtt': [string, string] };
  Source: { BuildSpec: string };
  EncryptionKey: unknown;
  LogsConfig: { CloudWatchLogs: unknown };
  LifecyclePolicy: { LifecyclePolicyText: string };
  RepositoryPolicyText: { Statement: unknown[] };
  Roles: { Ref: string }[];
  PolicyDocument: { Statement: Statement[] };
  KeyPolicy: unknown;
}
export interface Resource { Type: string; Properties: Properties; DeletionPolicy?: string }
export interface LifecycleRule { rulePriority: number; selection: unknown }
export type Resources = Record<string, Resource>;
export interface StackTemplate { stackName: string; Resources: Resources; Outputs?: Record<string, { Value: unknown }> }

export const built = buildApp(referencePlan(), { compliance: false, manifestFile: 'portside.yaml' });
export const { delivery, serviceDeliveries, stages } = built;
export const template = Template.fromStack(delivery);
export const resources = template.toJSON().Resources as Resources;

/** The delivery stack and each service's delivery stack, and which one each resource is in. */
export function deliveryTemplates(stacks: readonly Stack[]): StackTemplate[] {
  return stacks.map((stack) => ({ stackName: stack.stackName, ...(Template.fromStack(stack).toJSON() as Omit<StackTemplate, 'stackName'>) }));
}
export const templates = deliveryTemplates([delivery, ...serviceDeliveries]);
export const homeOf = new Map<Resource, StackTemplate>(templates.flatMap((t) => Object.values(t.Resources).map((r) => [r, t] as const)));

export function ofType(type: string, from: Resources = resources): [string, Resource][] {
  return Object.entries(from).filter(([, resource]) => resource.Type === type);
}

export function pipelinesOf(from: readonly StackTemplate[]): Resource[] {
  return from.flatMap((t) => ofType('AWS::CodePipeline::Pipeline', t.Resources).map(([, p]) => p));
}

export function pipeline(name: string, from: readonly StackTemplate[] = templates): Resource {
  const found = pipelinesOf(from).find((p) => p.Properties.Name === name);
  if (!found) throw new Error(`no pipeline ${name}; have ${pipelinesOf(from).map((p) => p.Properties.Name).join(', ')}`);
  return found;
}

export function stage(p: Resource, name: string): Stage {
  const found = p.Properties.Stages.find((s) => s.Name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
}

export function variables(action: Action): Record<string, string> {
  const parsed = JSON.parse(action.Configuration.EnvironmentVariables) as { name: string; value: string }[];
  return Object.fromEntries(parsed.map((v) => [v.name, v.value]));
}

/** The resource a value refers to: a Ref in the same stack, or another delivery stack's output (Fn::GetStackOutput). */
export function referenced(value: unknown, home: StackTemplate): Resource {
  const output = (value as { 'Fn::GetStackOutput'?: { StackName: string; OutputName: string } })['Fn::GetStackOutput'];
  if (output) {
    const producer = templates.find((t) => t.stackName === output.StackName)!;
    return referenced(producer.Outputs![output.OutputName]!.Value, producer);
  }
  const found = home.Resources[(value as { Ref: string }).Ref];
  if (!found) throw new Error(`no resource for ${JSON.stringify(value)} in ${home.stackName}`);
  return found;
}

/** The CodeBuild project an action of a pipeline starts, wherever it lives. */
export function projectOf(p: Resource, action: Action): Resource {
  return referenced(action.Configuration.ProjectName, homeOf.get(p)!);
}

export function buildSpecOf(project: Resource): unknown {
  return JSON.parse(project.Properties.Source.BuildSpec);
}

/** The statements of the policies attached to a project's service role, in the project's stack. */
export function roleStatementsOf(project: Resource): Statement[] {
  const home = homeOf.get(project)!;
  const role = project.Properties.ServiceRole['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy', home.Resources)
    .filter(([, policy]) => policy.Properties.Roles.some((r) => r.Ref === role))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

/** A reference to an output of the delivery stack whose name starts with the producer's logical id. */
export const deliveryOutput = (logicalIdPrefix: string) => ({
  'Fn::GetStackOutput': expect.objectContaining({ StackName: 'purchase-direct-delivery', OutputName: expect.stringMatching(new RegExp(`^PublishOutput(Ref|FnGetAtt)${logicalIdPrefix}`)) }),
});
