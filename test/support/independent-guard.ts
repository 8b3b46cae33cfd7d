import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import { guardPackage } from '../../src/reports/check/guard-rules';

/** One Control Tower rule failing on one resource, as cfn-guard itself reports it. */
export interface IndependentFailure {
  /** The stack's path in the app (`staging/Data`), as `check` names it. */
  readonly stack: string;
  readonly ruleId: string;
  /** Undefined when the rule failed on the template as a whole. */
  readonly logicalId: string | undefined;
}

/**
 * Runs every Control Tower rule that names a resource type of the assembly straight through
 * cfn-guard (none of Portside's input, runner or output code), over copies of the templates in which
 * each cross-stack value (`Fn::GetStackOutput`, `Fn::ImportValue`) is made a literal string: what the
 * deployed template holds once CloudFormation resolves it. Two processes, half the templates each.
 */
export async function runControlTowerIndependently(assembly: cxapi.CloudAssembly): Promise<IndependentFailure[]> {
  const guard = guardPackage();
  const directory = mkdtempSync(join(tmpdir(), 'portside-independent-guard-'));
  const stackOfFile = new Map<string, string>();
  const types = new Set<string>();
  for (const stack of assembly.stacksRecursively) {
    const file = join(directory, `${stackOfFile.size}-${basename(stack.templateFile)}`);
    const template = JSON.parse(readFileSync(stack.templateFullPath, 'utf8')) as { Resources?: Record<string, { Type: string }> };
    for (const resource of Object.values(template.Resources ?? {})) types.add(resource.Type);
    writeFileSync(file, JSON.stringify(withLiteralReferences(template)));
    stackOfFile.set(file, stack.hierarchicalId);
  }
  const rules = guard.rules.filter((rule) => rule.resourceTypes.some((type) => types.has(type)));
  const idOfRule = new Map(rules.map((rule) => [rule.ruleName, rule.id]));
  const files = [...stackOfFile.keys()];
  const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)].filter((half) => half.length > 0);
  const outputs = await Promise.all(halves.map((half) => cfnGuard(guard.binary, rules.map((rule) => rule.file), half)));
  const failures: IndependentFailure[] = [];
  for (const result of outputs.flat()) {
    const stack = stackOfFile.get(result.name) ?? result.name;
    for (const entry of Array.isArray(result.not_compliant) ? result.not_compliant : []) {
      const ruleId = idOfRule.get(entry.Rule.name) ?? entry.Rule.name;
      const logicalIds = [...new Set([...JSON.stringify(entry).matchAll(/"path":"\/Resources\/([^/"]+)/g)].map((match) => match[1]!))];
      if (logicalIds.length === 0) failures.push({ stack, ruleId, logicalId: undefined });
      for (const logicalId of logicalIds) failures.push({ stack, ruleId, logicalId });
    }
  }
  return failures;
}

/** The template with every cross-stack value replaced by a string, as CloudFormation would resolve it. */
export function withLiteralReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withLiteralReferences);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && (entries[0]![0] === 'Fn::GetStackOutput' || entries[0]![0] === 'Fn::ImportValue')) {
    return `literal-${entries[0]![0]}-${JSON.stringify(entries[0]![1]).replace(/\W+/g, '-').slice(0, 60)}`;
  }
  return Object.fromEntries(entries.map(([key, inner]) => [key, withLiteralReferences(inner)]));
}

interface DataFileResult {
  readonly name: string;
  readonly not_compliant?: readonly { readonly Rule: { readonly name: string } }[] | Record<string, never>;
}

function cfnGuard(binary: string, rules: readonly string[], data: readonly string[]): Promise<DataFileResult[]> {
  const args = ['validate', ...rules.flatMap((rule) => ['--rules', rule]), ...data.flatMap((file) => ['--data', file]), '--output-format', 'json', '--structured', '--show-summary', 'none'];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      // 0: all passed, 19: some rule failed; anything else is cfn-guard failing to run.
      if (status !== 0 && status !== 19) reject(new Error(`cfn-guard exited ${status}: ${Buffer.concat(stderr).toString().slice(0, 300)}`));
      else resolve(JSON.parse(Buffer.concat(stdout).toString()) as DataFileResult[]);
    });
  });
}
