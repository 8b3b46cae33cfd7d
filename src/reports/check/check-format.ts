import { textTable } from '../text-table';
import { CLOUDFORMATION_LIMITS } from './limits';
import type { AcknowledgementEntry, CheckReport, Finding, FindingSource, LimitName, Outcome } from './types';

const SOURCE_NAMES: Readonly<Record<FindingSource, string>> = {
  CloudFormationLimits: 'CloudFormation limits',
  AwsSolutions: 'cdk-nag AwsSolutions',
  'NIST.800.53.R5': 'cdk-nag NIST 800-53 rev 5',
  ControlTower: 'Control Tower guard rules',
  'HIPAA.Security': 'cdk-nag HIPAA Security',
};

const HEADINGS: Readonly<Record<Outcome, string>> = {
  error: 'ERRORS: fail the check',
  warning: 'WARNINGS: do not fail the check',
  acknowledged: 'ACKNOWLEDGED: accepted on purpose, each with its reason',
};

/** The check for people: what ran, findings by outcome then rule (resource and fix), acknowledgements, limits, verdict. */
export function formatCheck(report: CheckReport): string {
  const lines = [header(report), '', sourcesTable(report), guardLine(report), ''];
  for (const outcome of ['error', 'warning'] as const) {
    const findings = report.findings.filter((finding) => finding.outcome === outcome);
    if (findings.length === 0) continue;
    const rules = groupBy(findings, (finding) => finding.ruleId);
    lines.push(`${HEADINGS[outcome]} (${plural(rules.size, 'rule')}, ${plural(findings.length, 'finding')})`, '');
    for (const group of rules.values()) lines.push(...ruleBlock(group), '');
  }
  lines.push(...acknowledgementBlock(report), '', ...limitsBlock(report), '', verdict(report), '');
  return lines.join('\n');
}

function header(report: CheckReport): string {
  const scope = report.environment === undefined
    ? 'every environment and the shared stacks'
    : `environment ${report.environment} only (the shared stacks, delivery and per-account, are not included: run without --env for them)`;
  return `Portside check: ${plural(report.stacks.length, 'stack')}, ${scope}`;
}

function sourcesTable(report: CheckReport): string {
  return textTable(
    ['checked by', 'rules', 'errors', 'warnings', 'acknowledged', 'unacknowledged errors fail'],
    report.packs.map((pack) => [SOURCE_NAMES[pack.pack], pack.rules, pack.errors, pack.warnings, pack.acknowledged, failsText(pack.pack, pack.failsCheck, report.guard.failOn)]),
  );
}

function failsText(pack: FindingSource, fails: boolean, failOn: string): string {
  if (!fails) return 'no (advice)';
  return pack === 'ControlTower' ? `yes (${failOn} and above: --guard-fail-on)` : 'yes';
}

function guardLine(report: CheckReport): string {
  const guard = report.guard;
  return `  Control Tower: ${guard.rulesRun} of the ${guard.rulesShipped} rules name a resource type of these ${plural(guard.templates, 'template')}; ` +
    `cfn-guard ${guard.cfnGuardVersion} ran ${guard.evaluations} rule × template pairs in ${guard.seconds.toFixed(1)} s: ${guard.failed} failed, ${guard.passed} passed, ${guard.skipped} found nothing to check` +
    (guard.resolvedReferences.length === 0 ? '' : `\n  The rules read ${plural(guard.resolvedReferences.length, 'cross-stack reference')} (Fn::GetStackOutput, which they cannot follow) in ` +
      `${plural(new Set(guard.resolvedReferences.map((reference) => reference.stack)).size, 'stack')} as the value it stands for (--json: guard.resolvedReferences)`);
}

function ruleBlock(findings: readonly Finding[]): string[] {
  const first = findings[0]!;
  const level = first.source === 'ControlTower' ? `Control Tower ${first.level}` : first.source === 'CloudFormationLimits' ? 'limit' : `cdk-nag ${first.level}`;
  const rows = findings.map((finding) => [finding.resource.stack, finding.resource.logicalId ?? '(stack)', finding.resource.constructPath ?? '']);
  return [
    `  ${first.ruleId}  (${level}, ${plural(findings.length, first.source === 'CloudFormationLimits' ? 'stack' : 'resource')})`,
    `    ${first.message}`,
    ...(first.outcomeReason && first.source !== 'ControlTower' ? [`    ${first.outcomeReason}`] : []), // Control Tower's is in the table
    `    fix: ${first.fix}`,
    textTable(['', '', ''], rows, '      ').split('\n').slice(1).join('\n'), // no header: the columns speak for themselves
  ];
}

function acknowledgementBlock(report: CheckReport): string[] {
  const accepted = report.findings.filter((finding) => finding.outcome === 'acknowledged').length;
  const sorted = [...report.acknowledgements].sort((a, b) => a.id.localeCompare(b.id));
  const groups = groupBy(sorted, (ack) => `${ack.id}\n${ack.reason}`);
  const lines = [`${HEADINGS.acknowledged} (${plural(report.acknowledgements.length, 'acknowledgement')}, ${plural(accepted, 'finding')})`, ''];
  for (const acks of groups.values()) lines.push(...ackBlock(acks), '');
  if (report.acknowledgements.length === 0) lines.push('  none', '');
  lines.pop();
  return lines;
}

function ackBlock(acks: readonly AcknowledgementEntry[]): string[] {
  const first = acks[0]!;
  const findings = acks.reduce((sum, ack) => sum + ack.findings, 0);
  const hipaa = acks.reduce((sum, ack) => sum + ack.hipaaFindings, 0);
  const covers = !first.ruleKnown
    ? 'not a rule this check runs'
    : findings === 0 && hipaa === 0
      ? 'matches no finding in scope'
      : `${plural(findings, 'finding')}${hipaa > 0 ? ` and ${hipaa} HIPAA.Security by the same rule` : ''}`;
  const paths = acks.map((ack) => (ack.path === '' ? 'the whole app' : ack.path));
  return [
    `  ${first.id}  (${covers})`,
    `    reason: ${first.reason}`,
    `    on: ${paths.join(', ')}${acks.some((ack) => ack.path !== '') ? ' (and what is under them)' : ''}`,
  ];
}

const LIMIT_COLUMNS: readonly [LimitName, string][] = [
  ['resources', 'resources'],
  ['templateBytes', 'template KB'],
  ['outputs', 'outputs'],
  ['parameters', 'parameters'],
  ['mappings', 'mappings'],
  ['dynamicReferences', 'dynamic refs'],
];

function limitsBlock(report: CheckReport): string[] {
  const rows = report.limits.map((stack) => [stack.stack, stack.stackName, ...LIMIT_COLUMNS.map(([limit]) => {
    const usage = stack.usages.find((u) => u.limit === limit)!;
    const count = limit === 'templateBytes' ? Math.ceil(usage.count / 1000) : usage.count;
    return `${count} (${usage.percent < 1 && usage.count > 0 ? '<1' : Math.round(usage.percent)} %)`;
  })]);
  const maxima = LIMIT_COLUMNS.map(([limit]) => (limit === 'templateBytes' ? '1,000 KB' : String(CLOUDFORMATION_LIMITS[limit].max)));
  return [
    `CloudFormation limits per stack (share of the limit; warning above 80 %, error above 100 %). Limits: ${LIMIT_COLUMNS.map(([, name], i) => `${name} ${maxima[i]}`).join(', ')}.`,
    '  Template size is held to the 1 MB of a template uploaded to S3, which the CDK CLI always does; the 51,200 bytes of an inline template body do not apply.',
    '',
    textTable(['stack', 'stack name', ...LIMIT_COLUMNS.map(([, name]) => name)], rows),
  ];
}

function verdict(report: CheckReport): string {
  const { errors, warnings, acknowledged, staleAcknowledgements } = report.summary;
  const stale = staleAcknowledgements === 0 ? '' : `, ${plural(staleAcknowledgements, 'acknowledgement')} matching no finding (remove or make conditional)`;
  const rest = `${plural(warnings, 'warning')}, ${plural(acknowledged, 'acknowledged finding')}${stale}; ${report.seconds.synth.toFixed(1)} s synthesis, ` +
    `${report.seconds.nag.toFixed(1)} s cdk-nag, ${report.seconds.guard.toFixed(1)} s cfn-guard`;
  return report.summary.passed
    ? `PASSED: no unacknowledged error. ${rest}`
    : `FAILED: ${plural(errors, 'unacknowledged error')} (exit 1). ${rest}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
