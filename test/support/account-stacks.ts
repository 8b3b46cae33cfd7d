/**
 * The reference manifest's per-account stacks (foundation, DR vault, cost anomaly), synthesized once
 * per test file, and the template readers their specifications share.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { referencePlan } from './reference';
/** The reference manifest: dev (economy) in 111111111111, prod (resilient) in 222222222222, both eu-west-2, DR eu-west-1. */
export const built = buildApp(referencePlan(), { compliance: false });
export const { foundations, drVaults, costAnomalies } = built;
export const accountStacks = [...foundations, ...drVaults, ...costAnomalies];

export interface Resource { Type: string; Properties: Record<string, any>; DeletionPolicy?: string } // eslint-disable-line @typescript-eslint/no-explicit-any
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal: { AWS?: string; Service?: string };
  Action: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export const templates = new Map<Stack, Template>(accountStacks.map((stack) => [stack, Template.fromStack(stack)]));
export const templateOf = (stack: Stack) => templates.get(stack)!;
export const resourcesOf = (stack: Stack, type: string): [string, Resource][] =>
  Object.entries(templateOf(stack).toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
export const only = (stack: Stack, type: string): [string, Resource] => {
  const found = resourcesOf(stack, type);
  expect(found, `${stack.node.id}: ${type}`).toHaveLength(1);
  return found[0]!;
};
export const foundation = foundations.find((f) => f.account === '222222222222')!;
export const actions = (s: PolicyStatement) => [s.Action].flat();
