import { join, resolve } from 'node:path';
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { ResourceRef } from './types';

/**
 * Every CloudFormation resource of a synthesized app, found by construct or by template file and
 * logical id: how a cdk-nag finding (a construct) and a cfn-guard finding (a template path) name the
 * same resource the same way.
 */
export class ResourceIndex {
  private readonly byTemplate = new Map<string, Map<string, CfnResource>>();
  private readonly stackByTemplate = new Map<string, Stack>();

  constructor(root: IConstruct) {
    for (const construct of root.node.findAll()) {
      if (Stack.isStack(construct)) {
        this.stackByTemplate.set(templatePathOf(construct), construct);
      }
      if (CfnResource.isCfnResource(construct)) {
        const file = templatePathOf(construct.stack);
        const resources = this.byTemplate.get(file) ?? new Map<string, CfnResource>();
        resources.set(construct.stack.resolve(construct.logicalId) as string, construct);
        this.byTemplate.set(file, resources);
      }
    }
  }

  /** The stack synthesized to this template file. */
  stackOf(templatePath: string): Stack | undefined {
    return this.stackByTemplate.get(resolve(templatePath));
  }

  /** The resource with this logical id in this template file. */
  resource(templatePath: string, logicalId: string): CfnResource | undefined {
    return this.byTemplate.get(resolve(templatePath))?.get(logicalId);
  }
}

/** Where a stack's template is written: its Stage's assembly directory (nested for a Stage), then the file. */
export function templatePathOf(stack: Stack): string {
  return resolve(join(Stage.of(stack)!.outdir, stack.templateFile));
}

/** The environment of a stack: the name of the Stage it is in, undefined at the app. */
export function environmentOf(stack: Stack): string | undefined {
  const stage = Stage.of(stack);
  return stage && !isApp(stage) ? stage.stageName : undefined;
}

function isApp(stage: Stage): boolean {
  return stage.node.scope === undefined;
}

export function refOf(resource: CfnResource): ResourceRef {
  return {
    stack: resource.stack.node.path,
    stackName: resource.stack.stackName,
    environment: environmentOf(resource.stack),
    logicalId: resource.stack.resolve(resource.logicalId) as string,
    constructPath: resource.node.path,
    type: resource.cfnResourceType,
  };
}

export function stackRef(stack: Stack, logicalId?: string, type?: string): ResourceRef {
  return { stack: stack.node.path, stackName: stack.stackName, environment: environmentOf(stack), logicalId, constructPath: undefined, type };
}
