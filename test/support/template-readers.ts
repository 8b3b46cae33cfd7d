/**
 * Readers of synthesized templates the service specifications share: the one resource of a type,
 * what CloudFormation makes of a template for given parameter values, differences and dependency cycles.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The one resource of a type in a template, with its logical id. */
export function only(template: Template | Json, type: string): { id: string; resource: Json } {
  const json = template instanceof Template ? template.toJSON() : template;
  const found = Object.entries<Json>(json.Resources).filter(([, r]) => r.Type === type);
  expect(found, type).toHaveLength(1);
  return { id: found[0]![0], resource: found[0]![1] };
}

/**
 * What CloudFormation makes of a template for given parameter values, as far as parameters reach:
 * `Ref` to a parameter, conditions (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`) and
 * `Fn::If`. Every other intrinsic is left as it is (it does not depend on parameters here).
 */
export function withParameters(template: Json, parameters: Record<string, string>): Json {
  const values = (name: string) => parameters[name] ?? template.Parameters[name].Default;
  const condition = (name: string): boolean => test(template.Conditions[name]);
  function test(expression: Json): boolean {
    if ('Fn::Equals' in expression) {
      const [a, b] = expression['Fn::Equals'].map(resolve);
      return JSON.stringify(a) === JSON.stringify(b);
    }
    if ('Fn::Not' in expression) return !test(expression['Fn::Not'][0]);
    if ('Fn::And' in expression) return expression['Fn::And'].every(test);
    if ('Fn::Or' in expression) return expression['Fn::Or'].some(test);
    if ('Condition' in expression) return condition(expression.Condition);
    throw new Error(`unsupported condition ${JSON.stringify(expression)}`);
  }
  function resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && value.Ref in (template.Parameters ?? {})) return values(value.Ref);
    if (keys.length === 1 && keys[0] === 'Fn::If') {
      const [name, whenTrue, whenFalse] = value['Fn::If'];
      return resolve(condition(name) ? whenTrue : whenFalse);
    }
    // A property that resolves to AWS::NoValue is left out, as CloudFormation does.
    return Object.fromEntries(keys.map((key) => [key, resolve(value[key])]).filter(([, v]) => !isNoValue(v)));
  }
  return resolve(template.Resources);
}

function isNoValue(value: Json): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && value.Ref === 'AWS::NoValue';
}

/** Paths at which two JSON values differ. */
export function differences(a: Json, b: Json, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return [path];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((key) => differences(a[key], b[key], path ? `${path}.${key}` : key));
}

/** Logical ids on a dependency cycle (Ref, Fn::GetAtt, DependsOn, Condition-free), or none. */
export function dependencyCycle(template: Json): string[] {
  const resources: Record<string, Json> = template.Resources;
  const edges = (id: string): string[] => {
    const text = JSON.stringify(resources[id]!.Properties ?? {});
    const refs = [...text.matchAll(/"Ref":"([^"]+)"|"Fn::GetAtt":\["([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
    const dependsOn = [resources[id]!.DependsOn ?? []].flat();
    return [...refs, ...dependsOn].filter((target) => target in resources);
  };
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] => {
    if (state.get(id) === 'done') return [];
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of edges(id)) {
      const cycle = visit(next);
      if (cycle.length) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return [];
  };
  for (const id of Object.keys(resources)) {
    const cycle = visit(id);
    if (cycle.length) return cycle;
  }
  return [];
}
