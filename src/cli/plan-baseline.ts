import { cpSync, existsSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readPreviousAssembly, SynthesizedStack } from '../reports/assembly-reader';

/**
 * What the next `portside plan` compares against: a copy of the cloud assembly the last `plan`
 * wrote, kept beside the output folder in `.portside/last-plan/<out folder>`. Only `plan` moves it;
 * `check`, `cost`, `diagram` and `report` synthesize into the output folder too but never touch it,
 * so a change (a database replacement above all) cannot vanish from the next plan because another
 * command ran in between.
 */
export function planBaselineDir(outDir: string): string {
  return join(dirname(outDir), '.portside', 'last-plan', basename(outDir));
}

/** The stacks of the last plan, or undefined when there was none (or it cannot be read). */
export function readPlanBaseline(outDir: string): SynthesizedStack[] | undefined {
  return readPreviousAssembly(planBaselineDir(outDir));
}

/** Makes the assembly just written to `outDir` the point the next plan compares against. */
export function movePlanBaseline(outDir: string): void {
  const baseline = planBaselineDir(outDir);
  rmSync(baseline, { recursive: true, force: true });
  if (existsSync(join(outDir, 'manifest.json'))) {
    cpSync(outDir, baseline, { recursive: true });
  }
}
