/**
 * Follows references between synthesized templates: `Ref`, `Fn::GetAtt` inside a stack and
 * `Fn::GetStackOutput` (CDK's weak cross-stack references) to the output of another stack, so a
 * report can tell which resource of which stack a property points at.
 */
import type { CfnResource, SynthesizedStack } from '../assembly-reader';

/** A resource of a synthesized stack. */
export interface ResourceInStack {
  readonly stack: SynthesizedStack;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

interface StackOutputReference {
  readonly StackName: string;
  readonly Region?: string;
  readonly OutputName: string;
}

export class TemplateReferences {
  constructor(private readonly stacks: readonly SynthesizedStack[]) {}

  /** The resource `value` points at (`Ref`, `Fn::GetAtt`, `Fn::GetStackOutput`), or undefined for anything else. */
  resolve(value: unknown, from: SynthesizedStack): ResourceInStack | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const object = value as Record<string, unknown>;
    if (typeof object.Ref === 'string') return this.inStack(from, object.Ref);
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return this.inStack(from, getAtt[0]);
    const output = object['Fn::GetStackOutput'] as StackOutputReference | undefined;
    if (output && typeof output.OutputName === 'string') {
      const target = this.stacks.find((stack) => stack.stackName === output.StackName && (output.Region === undefined || stack.region === output.Region));
      const outputValue = (target?.template.Outputs?.[output.OutputName] as { Value?: unknown } | undefined)?.Value;
      return target ? this.resolve(outputValue, target) : undefined;
    }
    return undefined;
  }

  /** Every resource referenced anywhere inside `value` (deeply), in order of appearance, each once. */
  referencedBy(value: unknown, from: SynthesizedStack): ResourceInStack[] {
    const found = new Map<string, ResourceInStack>();
    const visit = (node: unknown): void => {
      const direct = this.resolve(node, from);
      if (direct) {
        found.set(`${direct.stack.stackName}/${direct.logicalId}`, direct);
        return;
      }
      if (Array.isArray(node)) node.forEach(visit);
      else if (typeof node === 'object' && node !== null) Object.values(node).forEach(visit);
    };
    visit(value);
    return [...found.values()];
  }

  private inStack(stack: SynthesizedStack, logicalId: string): ResourceInStack | undefined {
    const resource = stack.template.Resources[logicalId];
    return resource ? { stack, logicalId, resource } : undefined;
  }
}

/** The resources of a stack of one CloudFormation type, in template order. */
export function resourcesOfType(stack: SynthesizedStack, type: string): ResourceInStack[] {
  return Object.entries(stack.template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => ({ stack, logicalId, resource }));
}

/** A tag's value from a resource's `Tags` (or `FileSystemTags`) list. */
export function tagOf(resource: CfnResource, key: string): string | undefined {
  const tags = (resource.Properties?.Tags ?? resource.Properties?.FileSystemTags) as { Key: string; Value: unknown }[] | undefined;
  const value = tags?.find((tag) => tag.Key === key)?.Value;
  return typeof value === 'string' ? value : undefined;
}
