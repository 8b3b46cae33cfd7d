import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { EXIT, UserError } from '../../cli/errors';
import { applicableRules, GuardRule } from './guard-rules';
import { GuardFailure, parseGuardOutput } from './guard-output';

export interface GuardTemplate {
  readonly path: string;
  /** The resource types the template holds: a rule runs on it only if it names one of them. */
  readonly resourceTypes: ReadonlySet<string>;
}

export interface GuardRunOptions {
  readonly binary: string;
  readonly rules: readonly GuardRule[];
  readonly templates: readonly GuardTemplate[];
  /** cfn-guard processes at a time. @default the machine's available parallelism */
  readonly parallel?: number;
  /** For the whole run. @default 300 s */
  readonly timeoutSeconds?: number;
}

export interface GuardRun {
  readonly failures: readonly GuardFailure[];
  /** Per template, the rules that passed. */
  readonly passed: ReadonlyMap<string, ReadonlySet<string>>;
  /** The rules run on at least one template. */
  readonly rules: readonly GuardRule[];
  /** (rule, template) pairs evaluated. */
  readonly evaluations: number;
  readonly processes: number;
  readonly seconds: number;
}

interface JobResult {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

const HINT = 'cfn-guard ships in node_modules/@cdklabs/cdk-validator-cfnguard/bin: `npm ci` restores it';

/**
 * Runs the Control Tower rules over the templates: one cfn-guard process per template with only the
 * rules that name one of its resource types (a rule naming none would skip it), a few processes at
 * a time. Measured on the reference app (20 templates): about 25 s of CPU for all 237 rules in one
 * process, 14 s for the rules naming a type present in one process, 9 s this way, and the processes
 * run in parallel; the failures and passes are the same.
 */
export function runGuard(options: GuardRunOptions): GuardRun {
  const started = process.hrtime.bigint();
  const jobs = options.templates
    .map((template) => ({ template: template.path, rules: applicableRules(options.rules, template.resourceTypes) }))
    .filter((job) => job.rules.length > 0);
  const results = jobs.length === 0 ? [] : runPool(options.binary, jobs.map((job) => ({ rules: job.rules.map((rule) => rule.file), templates: [job.template] })), options);
  const failures: GuardFailure[] = [];
  const passed = new Map<string, ReadonlySet<string>>();
  results.forEach((result, i) => {
    if (result.status !== 0 && result.status !== 5 && result.status !== 19) {
      const reason = result.status === null ? (result.signal ? `was stopped by ${result.signal}` : 'did not start') : `exited with status ${result.status}`;
      throw new UserError(`cfn-guard ${reason} on ${jobs[i]!.template}: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`, HINT, EXIT.failed);
    }
    const outcome = parseGuardOutput(result.stdout);
    failures.push(...outcome.failures);
    for (const [template, names] of outcome.passed) passed.set(template, names);
  });
  const used = new Set(jobs.flatMap((job) => job.rules));
  return {
    failures,
    passed,
    rules: options.rules.filter((rule) => used.has(rule)),
    evaluations: jobs.reduce((sum, job) => sum + job.rules.length, 0),
    processes: jobs.length,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/** Runs the jobs through guard-pool.mjs (parallel child processes) and waits: the caller stays synchronous. */
function runPool(binary: string, jobs: { rules: string[]; templates: string[] }[], options: GuardRunOptions): JobResult[] {
  const parallel = options.parallel ?? Math.max(1, availableParallelism());
  const run = spawnSync(process.execPath, [join(__dirname, 'guard-pool.mjs')], {
    input: JSON.stringify({ binary, parallel, jobs }),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    timeout: (options.timeoutSeconds ?? 300) * 1000,
  });
  if (run.error || run.status !== 0) {
    const reason = run.error?.message ?? (run.status === null ? `stopped by ${run.signal} (time limit ${options.timeoutSeconds ?? 300} s)` : run.stderr.trim().split('\n')[0]);
    throw new UserError(`the Control Tower guard rules did not run: ${reason}`, HINT, EXIT.failed);
  }
  return JSON.parse(run.stdout) as JobResult[];
}
