/**
 * Reads cfn-guard 3's structured output (`validate --output-format json --structured`): one entry per
 * data file, each with the rules that failed (`not_compliant`, a tree of checks whose shape depends
 * on how the rule is written), passed (`compliant`) and did not apply (`not_applicable`).
 */

/** A rule that failed on a template, with the resources its failing checks reached. */
export interface GuardFailure {
  readonly template: string;
  readonly ruleName: string;
  /** Logical ids of the resources whose properties failed (empty: the rule failed on the whole template). */
  readonly logicalIds: readonly string[];
}

export interface GuardOutcome {
  readonly failures: readonly GuardFailure[];
  /** Per template, the rules that passed. */
  readonly passed: ReadonlyMap<string, ReadonlySet<string>>;
}

interface DataFileResult {
  readonly name: string;
  readonly status?: string;
  readonly not_compliant?: readonly { readonly Rule?: { readonly name: string } }[] | Record<string, never>;
  readonly compliant?: readonly string[];
  readonly not_applicable?: readonly string[];
}

export function parseGuardOutput(stdout: string): GuardOutcome {
  const text = stdout.trim();
  if (text === '') return { failures: [], passed: new Map() };
  let results: unknown;
  try {
    results = JSON.parse(text);
  } catch {
    throw new Error(`cfn-guard printed something other than JSON: ${text.slice(0, 200)}`);
  }
  if (!Array.isArray(results)) throw new Error('cfn-guard output is not a list of data file results');
  const failures: GuardFailure[] = [];
  const passed = new Map<string, Set<string>>();
  for (const result of results as DataFileResult[]) {
    const failedRules = Array.isArray(result.not_compliant) ? result.not_compliant : [];
    const failedNames = new Set<string>();
    for (const entry of failedRules) {
      if (!entry.Rule) continue;
      failedNames.add(entry.Rule.name);
      failures.push({ template: result.name, ruleName: entry.Rule.name, logicalIds: resourcesReached(entry.Rule) });
    }
    // A rule has a variant for CloudFormation hooks too: a failed rule may also be listed as passing or not applicable.
    passed.set(result.name, new Set((result.compliant ?? []).filter((name) => !failedNames.has(name))));
  }
  return { failures, passed };
}

/** Logical ids in the `path`s (`/Resources/<id>/Properties/…`) anywhere in a failed rule's checks, in order. */
export function resourcesReached(tree: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'path' && typeof value === 'string') {
          const match = value.match(/^\/Resources\/([^/]+)/);
          if (match) found.add(match[1]!);
        } else {
          visit(value);
        }
      }
    }
  };
  visit(tree);
  return [...found];
}
