/** Reading synthesized templates for the estimate: resources with their stack, tags and counts. */
import type { CfnResource, SynthesizedStack } from '../assembly-reader';

export type Props = Record<string, unknown>;

export interface Res {
  readonly id: string;
  readonly type: string;
  readonly props: Props;
  readonly stack: SynthesizedStack;
}

export function resourcesOf(stack: SynthesizedStack): Res[] {
  return Object.entries(stack.template.Resources).map(([id, resource]: [string, CfnResource]) => ({
    id, type: resource.Type, props: (resource.Properties ?? {}) as Props, stack,
  }));
}

/** A template string with its `Fn::Join` parts joined and references shown as `{}`. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: unknown } | undefined)?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(flatten).join(String(join[0]));
  return '{}';
}

/** A count once the image is set: `Fn::If [HasImage, n, 0]` → n. */
export function countOnceImageSet(value: unknown): number {
  if (typeof value === 'number') return value;
  const branches = (value as { 'Fn::If'?: unknown[] } | undefined)?.['Fn::If'];
  if (!Array.isArray(branches)) return 0;
  return typeof branches[1] === 'number' ? branches[1] : countOnceImageSet(branches[1]);
}

export function tagValue(props: Props, key: string): string | undefined {
  const tags = props.Tags;
  if (!Array.isArray(tags)) return undefined;
  const tag = tags.find((t) => (t as { Key?: unknown }).Key === key) as { Value?: unknown } | undefined;
  return typeof tag?.Value === 'string' ? tag.Value : undefined;
}

/** `StorageBuildLogs003C2AEF` → `StorageBuildLogs`. */
export function shortId(id: string): string {
  return id.replace(/[0-9A-F]{8}$/, '');
}

export function stackLabel(stack: SynthesizedStack, project: string): string {
  return stack.stackName.startsWith(`${project}-`) ? stack.stackName.slice(project.length + 1) : stack.stackName;
}

