import { ACCOUNT_BASELINE_DEFAULTS, githubDefaults } from './defaults';
import { deliveryPlan } from './delivery';
import { ManifestError, ManifestIssue } from './errors';
import { complete, INVALID } from './fields';
import type { Finding } from './finding';
import { formatPath } from './path';
import type { EnvironmentPlan, PortsidePlan } from './plan';
import { readYaml } from './read-yaml';
import { EnvironmentDraft, resolveManifest } from './resolve';
import { manifestRuleFindings } from './rules';
import { schemaFindings } from './schema-issues';
import type { SourcePositions } from './source-positions';
import { viewManifest } from './view';

export interface LoadedManifest {
  readonly plan: PortsidePlan;
  /** Problems that do not stop deployment, each with a stable `id`. */
  readonly warnings: readonly ManifestIssue[];
}

/**
 * Parses and validates a manifest and resolves every environment into a frozen plan.
 * Throws a ManifestError listing every problem found (not just the first).
 *
 * @param text the manifest's YAML text (the caller reads the file)
 * @param file the name used in messages, e.g. `portside.yaml`
 */
export function parseManifest(text: string, file: string): LoadedManifest {
  const yaml = readYaml(text);
  if (!yaml.ok) {
    throw new ManifestError(yaml.issues.map((issue) => ({ file, ...issue })));
  }
  const manifest = viewManifest(yaml.value);
  const resolution = resolveManifest(manifest);
  const findings = [
    ...schemaFindings(yaml.value, (path) => yaml.positions.sourceText(path)),
    ...manifestRuleFindings(manifest),
    ...resolution.findings,
  ];
  const issues = locate(findings, file, yaml.positions);
  const errors = issues.filter((issue) => issue.id === undefined);
  if (errors.length > 0) {
    throw new ManifestError(errors);
  }
  const project = manifest.top.project;
  const github = githubDefaults(manifest.top);
  if (typeof project !== 'string' || github === INVALID) {
    throw new Error('internal error: a manifest without a valid project or github passed validation');
  }
  const environments = resolution.environments.map(completeEnvironment);
  const baseline = manifest.top.accountBaseline === INVALID ? undefined : manifest.top.accountBaseline;
  const accountBaseline = {
    cloudTrail: baseline?.cloudTrail ?? ACCOUNT_BASELINE_DEFAULTS.cloudTrail,
    costAnomalyMonitor: baseline?.costAnomalyMonitor ?? ACCOUNT_BASELINE_DEFAULTS.costAnomalyMonitor,
  };
  const delivery = manifest.top.delivery === INVALID ? undefined : manifest.top.delivery;
  const plan: PortsidePlan = { project, environments, delivery: deliveryPlan(github, environments, delivery), accountBaseline };
  return Object.freeze({ plan: deepFreeze(plan), warnings: Object.freeze(issues.filter((issue) => issue.id !== undefined)) });
}

/** Places findings in the file, drops repeats (a rule can fire in several environments) and sorts them by position. */
function locate(findings: readonly Finding[], file: string, positions: SourcePositions): ManifestIssue[] {
  const seen = new Set<string>();
  const issues: ManifestIssue[] = [];
  for (const finding of findings) {
    const path = formatPath(finding.path);
    const key = `${finding.warning ?? ''}|${path}|${finding.at ?? ''}|${finding.message}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const { line, column } = positions.position(finding.path, finding.at);
    issues.push(finding.warning === undefined ? { file, line, column, path, message: finding.message } : { file, line, column, path, message: finding.message, id: finding.warning });
  }
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

function completeEnvironment(draft: EnvironmentDraft): EnvironmentPlan {
  return {
    ...complete(draft.settings),
    network: complete(draft.network),
    databases: draft.databases.map(complete),
    fileSystems: draft.fileSystems.map(complete),
    buckets: draft.buckets.map(complete),
    queues: draft.queues.map(complete),
    services: draft.services.map(complete),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}
