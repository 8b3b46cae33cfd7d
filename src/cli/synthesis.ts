import type { App } from 'aws-cdk-lib';
import type * as cxapi from 'aws-cdk-lib/cx-api';
import { buildApp, PortsideStacks } from '../infra/app';
import type { PortsidePlan } from '../manifest/plan';
import { readAssembly, SynthesizedStack } from '../reports/assembly-reader';
import { assertWithinCloudFormationLimits, CloudFormationLimitError } from '../reports/check/limits';
import { EXIT, UserError } from './errors';

export interface SynthesisOptions {
  /** Where the cloud assembly is written (cdk.out). */
  readonly outDir: string;
  /** The manifest's path in the platform repository (what the platform pipeline synthesizes). */
  readonly manifestFile?: string;
  /**
   * Fail synthesis on an unacknowledged cdk-nag finding (what `plan` and `cdk synth` do); `check`
   * turns it off to collect every finding instead of stopping at the first report.
   * @default true
   */
  readonly compliance?: boolean;
  /**
   * Fail a synthesis with a stack over a CloudFormation limit; `check` and `report` turn it off to
   * list such a stack as an error among the other findings.
   * @default true
   */
  readonly enforceLimits?: boolean;
}

/** One synthesis of the whole app: every report of a command run reads this, never synthesizes again. */
export interface Synthesis {
  readonly plan: PortsidePlan;
  readonly app: App;
  readonly stacks: PortsideStacks;
  readonly assembly: cxapi.CloudAssembly;
  /** Every stack of the assembly as plain data. */
  readonly templates: readonly SynthesizedStack[];
  readonly synthSeconds: number;
}

export function synthesize(plan: PortsidePlan, options: SynthesisOptions): Synthesis {
  const started = process.hrtime.bigint();
  const { app, ...stacks } = buildApp(plan, { outdir: options.outDir, manifestFile: options.manifestFile, compliance: options.compliance });
  const assembly = app.synth();
  const synthSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const templates = readAssembly(assembly);
  try {
    if (options.enforceLimits ?? true) assertWithinCloudFormationLimits(templates);
  } catch (error) {
    if (error instanceof CloudFormationLimitError) {
      throw new UserError(error.message.split('\n')[0]!, `${error.over.length} limit${error.over.length === 1 ? '' : 's'} exceeded in all; fewer services per environment, or split the stack`, EXIT.manifest);
    }
    throw error;
  }
  return { plan, app, stacks, assembly, templates, synthSeconds };
}

/** The environments a command reports on: all of them, or the one `--env` names. */
export function selectEnvironments(plan: PortsidePlan, env: string | undefined): string[] {
  const names = plan.environments.map((environment) => environment.name);
  if (env === undefined) return names;
  if (!names.includes(env)) {
    throw new UserError(`no environment "${env}" in the manifest`, `--env takes one of: ${names.join(', ')}`);
  }
  return [env];
}
