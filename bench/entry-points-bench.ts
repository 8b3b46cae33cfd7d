/**
 * `npm run bench:entry-points` (and the end of `npm run bench`): the reference manifest synthesized
 * through each entry point a user has, side by side in one run, alternating the order each run:
 * - `npm start` here (portside plan on the TypeScript sources) and `npx portside plan` in a
 *   repository that installed the packed package (compiled JavaScript): target within 10 %;
 * - `npx cdk synth` (what `portside deploy` and the pipelines run) beside `portside plan`, here and
 *   installed: target within 1.3×.
 * Median of BENCH_RUNS runs (default 3). Every number printed is measured.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packAndInstall } from '../scripts/installed-repository';

const root = resolve(__dirname, '..');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const log = (text: string) => process.stderr.write(`${text}\n`);

log('bench: packing and installing the package into an empty repository …');
const { repo } = packAndInstall(root);
// cdk.json and the npm scripts from `portside init`, then the reference manifest in place of the starter.
spawnSync('npx', ['portside', 'init'], { cwd: repo, encoding: 'utf8' });
copyFileSync(join(root, 'portside.yaml'), join(repo, 'portside.yaml'));

interface Cell { readonly label: string; readonly cwd: string; readonly command: string; readonly args: (out: string) => string[] }
const cells: Cell[] = [
  { label: 'here: npm start (portside plan)', cwd: root, command: 'npm', args: (out) => ['start', '--silent', '--', '--out', out] },
  { label: 'installed: npx portside plan', cwd: repo, command: 'npx', args: (out) => ['portside', 'plan', '--out', out] },
  { label: 'here: npx cdk synth', cwd: root, command: 'npx', args: (out) => ['cdk', 'synth', '--quiet', '--output', out] },
  { label: 'installed: npx cdk synth', cwd: repo, command: 'npx', args: (out) => ['cdk', 'synth', '--quiet', '--output', out] },
];

const seconds = new Map<string, number[]>(cells.map((cell) => [cell.label, []]));
for (let run = 1; run <= runs; run++) {
  const order = run % 2 ? cells : [...cells].reverse();
  for (const cell of order) {
    const out = join(repo, `bench-out-${run}`);
    const started = performance.now();
    const child = spawnSync(cell.command, cell.args(out), { cwd: cell.cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const elapsed = (performance.now() - started) / 1000;
    if (child.status !== 0) throw new Error(`${cell.label} failed: ${child.stderr.split('\n').slice(-5).join(' | ')}`);
    seconds.get(cell.label)!.push(elapsed);
    log(`  run ${run}/${runs}: ${cell.label.padEnd(34)} ${elapsed.toFixed(1)} s`);
    rmSync(out, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const m = (label: string) => median(seconds.get(label)!);
console.log(`\nEntry points, reference manifest, median of ${runs} run(s) (node ${process.version}), wall clock:\n`);
console.log('| entry point | s |');
console.log('|---|---:|');
for (const cell of cells) console.log(`| ${cell.label} | ${m(cell.label).toFixed(2)} |`);
const ratio = (a: string, b: string) => m(a) / m(b);
const installedPlan = ratio('installed: npx portside plan', 'here: npm start (portside plan)');
const synthHere = ratio('here: npx cdk synth', 'here: npm start (portside plan)');
const synthInstalled = ratio('installed: npx cdk synth', 'installed: npx portside plan');
console.log(`\nInstalled plan / npm start here: ${installedPlan.toFixed(2)}× (target ≤ 1.10: ${installedPlan <= 1.1 ? 'met' : 'NOT met'})`);
console.log(`npx cdk synth / portside plan, here: ${synthHere.toFixed(2)}× (target ≤ 1.3: ${synthHere <= 1.3 ? 'met' : 'NOT met'})`);
console.log(`npx cdk synth / portside plan, installed: ${synthInstalled.toFixed(2)}× (target ≤ 1.3: ${synthInstalled <= 1.3 ? 'met' : 'NOT met'})`);
if (!process.env.BENCH_KEEP) rmSync(repo, { recursive: true, force: true });
