/**
 * What the Control Tower guard rules read. The rules accept a key, a bucket or a log destination only
 * as a string or a local `Ref`/`Fn::GetAtt`; Portside's cross-stack references are CDK's weak
 * references, `Fn::GetStackOutput` (the producing stack's output, read at deploy time), which the
 * rules cannot follow, so a log group encrypted with the environment's key would fail CT.CLOUDWATCH.PR.3.
 * Each such value is replaced, in a copy of the template given to cfn-guard, by what it stands for:
 * the producer's literal, or a typed placeholder naming the producer's resource (an ARN for
 * `Fn::GetAtt … Arn`). Every replacement is recorded, so the report says where it did so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CfnTemplate } from '../assembly-reader';

/** A stack of the assembly, as the references name it. */
export interface ProducerStack {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly template: CfnTemplate;
}

export interface ResolvedReference {
  /** The consuming stack's template file (as given) and resource. */
  readonly templatePath: string;
  readonly logicalId: string;
  /** `<producer stack>.<output name>` */
  readonly output: string;
  /** What the guard rules read instead. */
  readonly value: string;
}

export interface GuardInput {
  /** The template file cfn-guard reads for each template path given (a resolved copy, or the file itself). */
  readonly fileFor: ReadonlyMap<string, string>;
  readonly resolved: readonly ResolvedReference[];
  /** Deletes the copies. */
  dispose(): void;
}

interface StackOutputReference {
  readonly StackName?: string;
  readonly OutputName?: string;
  readonly Region?: string;
  /** Present when the producer is in another account: a role of that account. */
  readonly RoleArn?: unknown;
}

/** A template given to the rules, with the account its stack deploys to (stack names repeat across accounts). */
export interface ConsumerTemplate {
  readonly templatePath: string;
  readonly account: string;
  readonly template: CfnTemplate;
}

export function guardInput(templates: readonly ConsumerTemplate[], producers: readonly ProducerStack[]): GuardInput {
  const fileFor = new Map<string, string>();
  const resolved: ResolvedReference[] = [];
  let dir: string | undefined;
  for (const { templatePath, account, template } of templates) {
    const before = resolved.length;
    const resources = Object.fromEntries(Object.entries(template.Resources ?? {}).map(([logicalId, resource]) => {
      const replace = (value: unknown): unknown => resolveValue(value, (reference) => {
        const literal = outputLiteral(reference, account, producers);
        resolved.push({ templatePath, logicalId, output: `${reference.StackName}.${reference.OutputName}`, value: literal });
        return literal;
      });
      return [logicalId, replace(resource)];
    }));
    if (resolved.length === before) {
      fileFor.set(templatePath, templatePath);
      continue;
    }
    dir ??= mkdtempSync(join(tmpdir(), 'portside-guard-'));
    const copy = join(dir, `${fileFor.size}-${basename(templatePath)}`);
    writeFileSync(copy, JSON.stringify({ ...template, Resources: resources }));
    fileFor.set(templatePath, copy);
  }
  return { fileFor, resolved, dispose: () => dir && rmSync(dir, { recursive: true, force: true }) };
}

/** A deep copy of `value` with each `Fn::GetStackOutput` replaced by `literal(reference)`. */
function resolveValue(value: unknown, literal: (reference: StackOutputReference) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, literal));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const reference = object['Fn::GetStackOutput'] as StackOutputReference | undefined;
  if (reference && Object.keys(object).length === 1) return literal(reference);
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, resolveValue(item, literal)]));
}

/** The producer output's value as a string: its literal, or a typed placeholder for the resource it names. */
function outputLiteral(reference: StackOutputReference, consumerAccount: string, producers: readonly ProducerStack[]): string {
  const account = /:iam::(\d{12}):/.exec(JSON.stringify(reference.RoleArn ?? ''))?.[1] ?? consumerAccount;
  const producer = producers.find((candidate) => candidate.stackName === reference.StackName && candidate.account === account && (reference.Region === undefined || candidate.region === reference.Region));
  const value = (producer?.template.Outputs?.[reference.OutputName ?? ''] as { Value?: unknown } | undefined)?.Value;
  if (typeof value === 'string') return value;
  const object = (value ?? {}) as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  const logicalId = object.Ref ?? object['Fn::GetAtt']?.[0];
  const type = logicalId ? producer?.template.Resources?.[logicalId]?.Type : undefined;
  if (!producer || !logicalId || !type) return `portside:unresolved:${reference.StackName}.${reference.OutputName}`;
  const attribute = object['Fn::GetAtt']?.[1];
  if (attribute === 'Arn') {
    const [, service, kind] = type.split('::');
    return `arn:aws:${service!.toLowerCase()}:${producer.region}:${producer.account}:${kind!.toLowerCase()}/${producer.stackName}/${logicalId}`;
  }
  return `portside:${producer.stackName}/${logicalId}${attribute ? `.${attribute}` : ''}`;
}
