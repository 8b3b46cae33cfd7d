import { CfnResource, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, IApplyRule, NagMessageLevel, NagPack, NagRuleCompliance, NIST80053R5Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { acknowledgementOf, AcknowledgementRecord } from './acknowledgements';

/** The cdk-nag packs `check` runs, in this order (NIST before HIPAA: HIPAA may inherit NIST acknowledgements). */
export const NAG_PACKS = [
  { pack: 'AwsSolutions', create: () => new AwsSolutionsChecks() },
  { pack: 'NIST.800.53.R5', create: () => new NIST80053R5Checks() },
  { pack: 'HIPAA.Security', create: () => new HIPAASecurityChecks() },
] as const;

export type NagPackName = (typeof NAG_PACKS)[number]['pack'];

/** A rule of a pack, as the pack applies it. */
export interface NagRuleInfo {
  readonly pack: NagPackName;
  /** `AwsSolutions-IAM5[Action::s3:*]`: the id cdk-nag reports and an acknowledgement must name. */
  readonly ruleId: string;
  /** The rule implementation's name, shared by every pack that applies it (`S3BucketLoggingEnabled`). */
  readonly ruleName: string;
  readonly level: 'error' | 'warning';
  readonly info: string;
  readonly explanation: string;
}

/** One non-compliant (rule, resource) pair found by a pack, acknowledged or not. */
export interface NagResult extends NagRuleInfo {
  readonly resource: CfnResource;
  /** Set when the rule threw instead of deciding (usually an intrinsic it cannot resolve). */
  readonly ruleError?: string;
  readonly acknowledgedBy?: AcknowledgementRecord;
  /** For a HIPAA finding: the acknowledged NIST finding of the same rule implementation on the same resource. */
  readonly viaNist?: NagResult;
}

export interface NagRun {
  readonly results: readonly NagResult[];
  /** Rules per pack (every rule is applied to every resource, so each one is seen). */
  readonly rules: Readonly<Record<NagPackName, number>>;
  /** Every rule id of the packs (`AwsSolutions-S1`), granular rules without their finding. */
  readonly ruleIds: ReadonlySet<string>;
  readonly seconds: number;
}

type Rule = IApplyRule['rule'];

/**
 * Runs the packs over the app and records every non-compliant (rule, resource) pair, acknowledged
 * ones too: `validateScope` reports only the unacknowledged ones and not which acknowledgement
 * accepted the others. The rule is evaluated exactly as cdk-nag 3's `applyRule` does (a test
 * pins that the unacknowledged results equal `validateScope`'s violations).
 */
export function runNagPacks(app: IConstruct): NagRun {
  const started = process.hrtime.bigint();
  const results: NagResult[] = [];
  const rules = {} as Record<NagPackName, number>;
  const ruleIds = new Set<string>();
  // NIST results by resource path + granular finding, for HIPAA's same-implementation rule.
  const nistByResource = new Map<string, { rule: Rule; result: NagResult }[]>();
  for (const { pack, create } of NAG_PACKS) {
    const seen = new Set<string>();
    const record = (params: IApplyRule): void => {
      const suffix = params.ruleSuffixOverride ?? params.rule.name;
      seen.add(suffix);
      const ruleId = `${pack}-${suffix}`;
      const add = (id: string, finding: string | undefined, ruleError?: string): void => {
        const result = resultOf(pack, id, params, ruleError);
        const acknowledgedBy = acknowledgementOf(params.node, id);
        const key = `${params.node.node.path}|${finding ?? ''}`;
        let viaNist: NagResult | undefined;
        if (pack === 'HIPAA.Security' && !acknowledgedBy) {
          viaNist = nistByResource.get(key)?.find((nist) => nist.rule === params.rule && nist.result.acknowledgedBy)?.result;
        }
        const full: NagResult = { ...result, acknowledgedBy: acknowledgedBy ?? viaNist?.acknowledgedBy, viaNist };
        results.push(full);
        if (pack === 'NIST.800.53.R5') {
          nistByResource.set(key, [...(nistByResource.get(key) ?? []), { rule: params.rule, result: full }]);
        }
      };
      let outcome: ReturnType<Rule>;
      try {
        outcome = params.rule(params.node);
      } catch (error) {
        add(ruleId, undefined, error instanceof Error ? error.message : String(error));
        return;
      }
      if (outcome === NagRuleCompliance.NON_COMPLIANT) {
        add(ruleId, undefined);
      } else if (Array.isArray(outcome)) {
        for (const finding of outcome) add(`${ruleId}[${finding}]`, finding);
      }
    };
    recording(create(), record).validateScope(app);
    rules[pack] = seen.size;
    for (const suffix of seen) ruleIds.add(`${pack}-${suffix}`);
  }
  return { results, rules, ruleIds, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function resultOf(pack: NagPackName, ruleId: string, params: IApplyRule, ruleError: string | undefined): NagResult {
  return {
    pack,
    ruleId,
    ruleName: params.rule.name,
    level: params.level === NagMessageLevel.ERROR ? 'error' : 'warning',
    info: ruleError ? `Rule threw an error during validation: ${ruleError}` : params.info,
    explanation: params.explanation,
    resource: params.node,
    ruleError,
  };
}

/**
 * The pack, with its `applyRule` (the one place every rule of every pack goes through) replaced by
 * `record`. `applyRule` is protected: a subclass per pack would do the same with more code.
 */
function recording(pack: NagPack, record: (params: IApplyRule) => void): NagPack {
  (pack as unknown as { applyRule: (params: IApplyRule) => void }).applyRule = record;
  return pack;
}

/** Every rule of the packs (each pack applies all its rules to any resource: one is enough to list them). */
export function listNagRules(): NagRuleInfo[] {
  const rules = new Map<string, NagRuleInfo>();
  const stack = new Stack();
  const resource = new CfnResource(stack, 'Any', { type: 'AWS::CloudFormation::WaitConditionHandle' });
  for (const { pack, create } of NAG_PACKS) {
    const instance = recording(create(), (params) => {
      const ruleId = `${pack}-${params.ruleSuffixOverride ?? params.rule.name}`;
      rules.set(ruleId, { pack, ruleId, ruleName: params.rule.name, level: params.level === NagMessageLevel.ERROR ? 'error' : 'warning', info: params.info, explanation: params.explanation });
    });
    instance.validateScope(resource);
  }
  return [...rules.values()];
}
