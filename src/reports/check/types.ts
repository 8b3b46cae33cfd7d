/**
 * The data of `portside check`: what every source of findings (cdk-nag packs, Control Tower guard
 * rules, CloudFormation limits) produces, and the report they make together.
 */

/** Where a finding's rule comes from. */
export type FindingSource = 'AwsSolutions' | 'NIST.800.53.R5' | 'HIPAA.Security' | 'ControlTower' | 'CloudFormationLimits';

/**
 * What a finding does to the check: `error` fails it (exit 1), `warning` never does,
 * `acknowledged` was accepted on purpose with a reason.
 */
export type Outcome = 'error' | 'warning' | 'acknowledged';

/** A resource of a synthesized stack. */
export interface ResourceRef {
  /** The stack as the CDK CLI names it (`dev/Data`, `Foundation-111111111111`): unique in the app. */
  readonly stack: string;
  /** CloudFormation stack name (`purchase-direct-dev-data`; per-account stacks share theirs across accounts). */
  readonly stackName: string;
  /** Environment (CDK Stage) of the stack; undefined for stacks shared by environments. */
  readonly environment: string | undefined;
  /** Logical id in the template; undefined for a finding about the whole stack. */
  readonly logicalId: string | undefined;
  /** Construct path in the CDK app (`dev/Data/Database/catalog/Cluster/Resource`), when known. */
  readonly constructPath: string | undefined;
  /** CloudFormation resource type, when known. */
  readonly type: string | undefined;
}

/** The acknowledgement that accepts a finding. */
export interface AcknowledgedBy {
  /** The acknowledged id as written (`AwsSolutions-IAM5[Resource::*]`, `CT.CODEBUILD.PR.4`). */
  readonly id: string;
  readonly reason: string;
  /** Construct path of the construct that carries it (`` for the app); it covers its descendants. */
  readonly path: string;
  /**
   * Set when a HIPAA finding is covered by the acknowledgement of the NIST finding of the same
   * cdk-nag rule implementation on the same resource (the HIPAA policy, README "Compliance check").
   */
  readonly via?: string;
}

/** One rule broken by one resource. */
export interface Finding {
  readonly source: FindingSource;
  /** Rule id as its pack names it: `AwsSolutions-S1`, `NIST.800.53.R5-IAMNoInlinePolicy`, `CT.S3.PR.1`, `limits:resources`. */
  readonly ruleId: string;
  /** The rule's own level: cdk-nag `error`/`warning`, Control Tower `CRITICAL`…`LOW`, limits `error`/`warning`. */
  readonly level: string;
  readonly outcome: Outcome;
  /** Why this outcome when it is not the rule's level (HIPAA is advisory, Control Tower is advisory). */
  readonly outcomeReason?: string;
  /** What is wrong, in the rule's words. */
  readonly message: string;
  /** Why it matters: cdk-nag's explanation, the Control Tower control's title. */
  readonly explanation?: string;
  /** One line: what to change. */
  readonly fix: string;
  readonly resource: ResourceRef;
  readonly acknowledgedBy?: AcknowledgedBy;
}

/** An acknowledgement found in the construct tree, with what it covers. */
export interface AcknowledgementEntry {
  readonly id: string;
  readonly reason: string;
  /** Construct path of the construct carrying it (`` is the app): it applies there and to every descendant. */
  readonly path: string;
  /** Findings it accepts in this report (0: it matched nothing in scope). */
  readonly findings: number;
  /** HIPAA findings it also covers through the NIST rule of the same implementation. */
  readonly hipaaFindings: number;
  /**
   * Whether the id names a rule this check runs (a cdk-nag rule of the three packs, a Control Tower
   * control); false for ids of other tools (CDK's own `CloudFormation-Validate::…`) and for rules
   * that no longer exist.
   */
  readonly ruleKnown: boolean;
}

export interface PackSummary {
  readonly pack: FindingSource;
  /** The pack's rule count. */
  readonly rules: number;
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledged: number;
  /** Whether unacknowledged errors of this source fail the check. */
  readonly failsCheck: boolean;
}

export interface GuardSummary {
  readonly cfnGuardVersion: string;
  /** Control Tower rules shipped with @cdklabs/cdk-validator-cfnguard. */
  readonly rulesShipped: number;
  /** Rules run on at least one template: a rule runs on a template holding a resource type it names. */
  readonly rulesRun: number;
  readonly templates: number;
  /** (rule, template) pairs evaluated, and how they came out. */
  readonly evaluations: number;
  readonly failed: number;
  readonly passed: number;
  /** Evaluated but found nothing to check (the type appears only in a condition the template does not meet). */
  readonly skipped: number;
  /** cfn-guard processes (one per template with an applicable rule), run in parallel. */
  readonly processes: number;
  /** Control Tower findings at or above this severity fail the check (`none`: they are advice). */
  readonly failOn: string;
  readonly seconds: number;
  /**
   * Cross-stack references (`Fn::GetStackOutput`) the rules read resolved, since they cannot follow
   * them: which resource, which output, and what the rules read instead.
   */
  readonly resolvedReferences: readonly { readonly stack: string; readonly logicalId: string; readonly output: string; readonly value: string }[];
}

/** One limit of one stack. */
export interface LimitUsage {
  readonly limit: LimitName;
  readonly count: number;
  readonly max: number;
  /** count / max × 100, one decimal. */
  readonly percent: number;
}

export type LimitName = 'resources' | 'outputs' | 'parameters' | 'mappings' | 'templateBytes' | 'dynamicReferences';

export interface StackLimits {
  /** The stack as the CDK CLI names it (`dev/Data`). */
  readonly stack: string;
  readonly stackName: string;
  readonly environment: string | undefined;
  readonly usages: readonly LimitUsage[];
}

export interface CheckSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledged: number;
  /** Acknowledgements of a rule this check runs that accept no finding in scope: stale, or waiting for a condition. */
  readonly staleAcknowledgements: number;
  /** Whether the check passes: no error. */
  readonly passed: boolean;
}

export interface CheckReport {
  /** `--env`: the one environment checked, or undefined for all of them. */
  readonly environment: string | undefined;
  /** Whether the stacks shared by environments (delivery, per-account stacks) are in scope (not with `--env`). */
  readonly sharedStacksIncluded: boolean;
  /** The stacks checked, as the CDK CLI names them. */
  readonly stacks: readonly string[];
  readonly packs: readonly PackSummary[];
  readonly guard: GuardSummary;
  readonly limits: readonly StackLimits[];
  /** Every finding, acknowledged ones included. */
  readonly findings: readonly Finding[];
  /** Every acknowledgement of the app that applies to a resource in scope (or to the whole app). */
  readonly acknowledgements: readonly AcknowledgementEntry[];
  readonly summary: CheckSummary;
  readonly seconds: { readonly synth: number; readonly nag: number; readonly guard: number };
}
