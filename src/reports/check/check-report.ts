import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import type { CfnTemplate } from '../assembly-reader';
import { acknowledgementOf, acknowledgementsIn, AcknowledgementRecord } from './acknowledgements';
import { GuardRun, runGuard } from './guard';
import { guardInput, ProducerStack } from './guard-input';
import { GuardPackage, guardPackage, GuardRule } from './guard-rules';
import { limitFindings, limitsOf, StackTemplate } from './limits';
import { NagPackName, NagResult, runNagPacks } from './nag';
import { nagFix } from './nag-fixes';
import { environmentOf, refOf, ResourceIndex, stackRef, templatePathOf } from './resource-index';
import type { AcknowledgedBy, AcknowledgementEntry, CheckReport, Finding, FindingSource, Outcome, PackSummary } from './types';

/** Control Tower severities, lowest first. */
export const GUARD_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type GuardSeverity = (typeof GUARD_SEVERITIES)[number];
/** The lowest severity of Control Tower finding that fails the check, or NONE: every one is advice. */
export type GuardFailOn = GuardSeverity | 'NONE';
/** HIGH and MEDIUM Control Tower findings fail `check` and the platform pipeline unless relaxed. */
export const DEFAULT_GUARD_FAIL_ON: GuardFailOn = 'MEDIUM';

/** The packs whose unacknowledged errors fail the check: what Portside promises (every synthesis runs them). */
export const FAILING_PACKS: readonly FindingSource[] = ['AwsSolutions', 'NIST.800.53.R5'];

export interface CheckOptions {
  /** The synthesized app (its construct tree: cdk-nag reads it, and acknowledgements live on it). */
  readonly app: IConstruct;
  readonly assembly: cxapi.CloudAssembly;
  /** Environments in scope; undefined: all of them and the shared stacks. */
  readonly environments?: readonly string[];
  /**
   * Control Tower findings at or above this severity fail the check; NONE makes them all advice.
   * @default DEFAULT_GUARD_FAIL_ON (MEDIUM)
   */
  readonly guardFailOn?: GuardFailOn;
  readonly synthSeconds?: number;
  /** @default the installed @cdklabs/cdk-validator-cfnguard */
  readonly guard?: GuardPackage;
}

interface ScopedStack extends StackTemplate {
  readonly construct: Stack;
  readonly templatePath: string;
}

/** Runs every check over the stacks in scope: cdk-nag packs, Control Tower guard rules, CloudFormation limits. */
export function checkApp(options: CheckOptions): CheckReport {
  const index = new ResourceIndex(options.app);
  const stacks = stacksInScope(options.assembly, index, options.environments);
  const inScope = new Set(stacks.map((stack) => stack.templatePath));

  const nag = runNagPacks(options.app);
  const nagFindings = nag.results.filter((result) => inScope.has(templatePathOf(result.resource.stack))).map(nagFinding);

  const guard = options.guard ?? guardPackage();
  const failOn = guardThreshold(options);
  // The rules read copies in which cross-stack references are resolved (guard-input.ts).
  const input = guardInput(stacks.map((stack) => ({ ...stack, account: stack.construct.account })), producerStacks(options.assembly));
  const templateOf = new Map([...input.fileFor].map(([template, file]) => [file, template]));
  let guardRun: GuardRun;
  try {
    const run = runGuard({
      binary: guard.binary,
      rules: guard.rules,
      templates: stacks.map((stack) => ({ path: input.fileFor.get(stack.templatePath)!, resourceTypes: new Set(Object.values(stack.template.Resources ?? {}).map((resource) => resource.Type)) })),
    });
    guardRun = {
      ...run,
      failures: run.failures.map((failure) => ({ ...failure, template: templateOf.get(failure.template) ?? failure.template })),
      passed: new Map([...run.passed].map(([file, names]) => [templateOf.get(file) ?? file, names])),
    };
  } finally {
    input.dispose();
  }
  const rulesByName = new Map(guardRun.rules.map((rule) => [rule.ruleName, rule]));
  const guardFindings = guardRun.failures.flatMap((failure) => {
    const rule = rulesByName.get(failure.ruleName);
    const stack = index.stackOf(failure.template);
    if (!rule || !stack) throw new Error(`cfn-guard reported ${failure.ruleName} on ${failure.template}, which this check did not give it`);
    const ids = failure.logicalIds.length > 0 ? failure.logicalIds : [undefined];
    return ids.map((logicalId) => guardFinding(rule, stack, logicalId, index.resource(failure.template, logicalId ?? ''), failOn));
  });

  const limits = stacks.map(limitsOf);
  const findings = sortFindings([...nagFindings, ...guardFindings, ...limits.flatMap(limitFindings)]);
  const acknowledgements = acknowledgementEntries(options.app, findings, new Set(stacks.map((stack) => stack.construct)), options.environments,
    new Set([...nag.ruleIds, ...guard.rules.map((rule) => rule.id)]));
  const failed = guardRun.failures.length;
  const passed = [...guardRun.passed.values()].reduce((sum, names) => sum + [...names].filter((name) => rulesByName.has(name)).length, 0);
  const count = (outcome: Outcome) => findings.filter((finding) => finding.outcome === outcome).length;
  return {
    environment: options.environments?.length === 1 ? options.environments[0] : undefined,
    sharedStacksIncluded: options.environments === undefined,
    stacks: stacks.map((stack) => stack.stack),
    packs: packSummaries(findings, nag.rules, guardRun.rules.length, failOn !== undefined),
    guard: {
      cfnGuardVersion: guard.cfnGuardVersion,
      rulesShipped: guard.rules.length,
      rulesRun: guardRun.rules.length,
      templates: stacks.length,
      evaluations: guardRun.evaluations,
      failed,
      passed,
      skipped: guardRun.evaluations - failed - passed,
      processes: guardRun.processes,
      failOn: failOn ?? 'none',
      seconds: round(guardRun.seconds),
      resolvedReferences: input.resolved.map((reference) => ({
        stack: index.stackOf(reference.templatePath)?.node.path ?? reference.templatePath,
        logicalId: reference.logicalId,
        output: reference.output,
        value: reference.value,
      })),
    },
    limits,
    findings,
    acknowledgements,
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      acknowledged: count('acknowledged'),
      staleAcknowledgements: acknowledgements.filter((ack) => ack.ruleKnown && ack.findings === 0 && ack.hipaaFindings === 0).length,
      passed: count('error') === 0,
    },
    seconds: { synth: round(options.synthSeconds ?? 0), nag: round(nag.seconds), guard: round(guardRun.seconds) },
  };
}

/** Every stack of the assembly, by the name, account and region its references use. */
function producerStacks(assembly: cxapi.CloudAssembly): ProducerStack[] {
  return assembly.stacksRecursively.map((artifact) => ({
    stackName: artifact.stackName,
    account: artifact.environment.account,
    region: artifact.environment.region,
    template: artifact.template as CfnTemplate,
  }));
}

function stacksInScope(assembly: cxapi.CloudAssembly, index: ResourceIndex, environments: readonly string[] | undefined): ScopedStack[] {
  return assembly.stacksRecursively.flatMap((artifact) => {
    const templatePath = resolve(artifact.templateFullPath);
    const construct = index.stackOf(templatePath);
    if (!construct) throw new Error(`the assembly has ${artifact.hierarchicalId}, which is not a stack of this app`);
    const environment = environmentOf(construct);
    const wanted = environments === undefined || (environment !== undefined && environments.includes(environment));
    return wanted ? [{
      construct,
      templatePath,
      stack: construct.node.path,
      stackName: artifact.stackName,
      environment,
      template: artifact.template as CfnTemplate,
      templateBytes: statSync(templatePath).size,
    }] : [];
  });
}

function acknowledgedBy(record: AcknowledgementRecord | undefined, via?: string): AcknowledgedBy | undefined {
  return record && { id: record.id, reason: record.reason, path: record.path, ...(via ? { via } : {}) };
}

function nagFinding(result: NagResult): Finding {
  const acknowledged = acknowledgedBy(result.acknowledgedBy, result.viaNist?.ruleId);
  const advisory = result.pack === 'HIPAA.Security';
  const outcome: Outcome = acknowledged ? 'acknowledged' : advisory ? 'warning' : result.level;
  return {
    source: result.pack,
    ruleId: result.ruleId,
    level: result.level,
    outcome,
    ...(advisory && !acknowledged && result.level === 'error' ? { outcomeReason: 'HIPAA Security is advice: Portside does not claim HIPAA compliance' } : {}),
    message: result.info,
    explanation: result.explanation,
    fix: nagFix(result.ruleName, result.info, result.pack),
    resource: refOf(result.resource),
    ...(acknowledged ? { acknowledgedBy: acknowledged } : {}),
  };
}

/** The severity from which Control Tower findings fail, or undefined when none does. */
function guardThreshold(options: CheckOptions): GuardSeverity | undefined {
  const failOn = options.guardFailOn ?? DEFAULT_GUARD_FAIL_ON;
  return failOn === 'NONE' ? undefined : failOn;
}

function guardFinding(rule: GuardRule, stack: Stack, logicalId: string | undefined, resource: CfnResource | undefined, failOn: GuardSeverity | undefined): Finding {
  const acknowledged = acknowledgedBy(resource && acknowledgementOf(resource, rule.id));
  const fails = failOn !== undefined && severityRank(rule.severity) >= severityRank(failOn);
  return {
    source: 'ControlTower',
    ruleId: rule.id,
    level: rule.severity,
    outcome: acknowledged ? 'acknowledged' : fails ? 'error' : 'warning',
    ...(!acknowledged && !fails ? { outcomeReason: 'Control Tower proactive controls are advice unless --guard-fail-on includes this severity' } : {}),
    message: `${rule.title} (${rule.ruleName})`,
    explanation: rule.title,
    fix: rule.fix,
    resource: resource ? refOf(resource) : stackRef(stack, logicalId),
    ...(acknowledged ? { acknowledgedBy: acknowledged } : {}),
  };
}

function severityRank(severity: string): number {
  return GUARD_SEVERITIES.indexOf(severity.toUpperCase() as GuardSeverity);
}

const OUTCOME_ORDER: readonly Outcome[] = ['error', 'warning', 'acknowledged'];
const SOURCE_ORDER: readonly FindingSource[] = ['CloudFormationLimits', 'AwsSolutions', 'NIST.800.53.R5', 'ControlTower', 'HIPAA.Security'];

function sortFindings(findings: Finding[]): Finding[] {
  const key = (finding: Finding) => [
    OUTCOME_ORDER.indexOf(finding.outcome),
    SOURCE_ORDER.indexOf(finding.source),
    finding.source === 'ControlTower' ? -severityRank(finding.level) : 0,
  ];
  return findings.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return a.ruleId.localeCompare(b.ruleId) || a.resource.stack.localeCompare(b.resource.stack) || (a.resource.logicalId ?? '').localeCompare(b.resource.logicalId ?? '');
  });
}

function packSummaries(findings: readonly Finding[], nagRules: Readonly<Record<NagPackName, number>>, guardRules: number, guardFails: boolean): PackSummary[] {
  const rules: Record<FindingSource, number> = { ...nagRules, ControlTower: guardRules, CloudFormationLimits: 6 };
  return SOURCE_ORDER.map((pack) => {
    const of = findings.filter((finding) => finding.source === pack);
    return {
      pack,
      rules: rules[pack],
      errors: of.filter((finding) => finding.outcome === 'error').length,
      warnings: of.filter((finding) => finding.outcome === 'warning').length,
      acknowledged: of.filter((finding) => finding.outcome === 'acknowledged').length,
      failsCheck: FAILING_PACKS.includes(pack) || pack === 'CloudFormationLimits' || (pack === 'ControlTower' && guardFails),
    };
  });
}

/**
 * Every acknowledgement that applies to the stacks in scope: on the app, on an environment's
 * Stage in scope, or on a construct of a stack in scope; with the findings it accepts.
 */
function acknowledgementEntries(
  app: IConstruct,
  findings: readonly Finding[],
  stacks: ReadonlySet<Stack>,
  environments: readonly string[] | undefined,
  ruleIds: ReadonlySet<string>,
): AcknowledgementEntry[] {
  return acknowledgementsIn(app)
    .filter((record) => appliesToScope(record.construct, stacks, environments))
    .map((record) => {
      const accepted = findings.filter((finding) => finding.acknowledgedBy?.id === record.id && finding.acknowledgedBy.path === record.path);
      return {
        id: record.id,
        reason: record.reason,
        path: record.path,
        findings: accepted.filter((finding) => !finding.acknowledgedBy?.via).length,
        hipaaFindings: accepted.filter((finding) => finding.acknowledgedBy?.via).length,
        ruleKnown: ruleIds.has(record.id.replace(/\[.*\]$/s, '')),
      };
    });
}

function appliesToScope(construct: IConstruct, stacks: ReadonlySet<Stack>, environments: readonly string[] | undefined): boolean {
  for (let current: IConstruct | undefined = construct; current; current = current.node.scope) {
    if (Stack.isStack(current)) return stacks.has(current);
    if (Stage.isStage(current) && current.node.scope) return environments === undefined || environments.includes(current.stageName);
  }
  return true; // the app itself
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
