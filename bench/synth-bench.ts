/**
 * `npm run bench`: synthesis time and peak memory of `portside plan` (cdk-nag on) for the reference
 * manifest (portside.yaml) and generated manifests of 1, 10, 30 and 100 services, side by side with a
 * bare aws-ecs-patterns app of the same number of services (bench/bare-app.ts), each run in a child
 * process. Median of BENCH_RUNS runs (default 3).
 * Env: BENCH_RUNS, BENCH_SIZES (comma list of service counts and `reference`, default reference,1,10,30,100).
 * Not part of `npm test`. Nothing here is hard-coded: every number printed is measured.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { StackLimits } from '../src/reports/check/types';
import { referenceKinds, referenceServiceCount, scaledManifest } from './scaled-manifest';

const root = resolve(__dirname, '..');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const REFERENCE = 'reference';
const sizes = (process.env.BENCH_SIZES ?? `${REFERENCE},1,10,30,100`).split(',').map((size) => size.trim());
for (const size of sizes) {
  if (size !== REFERENCE && !(Number.isInteger(Number(size)) && Number(size) > 0)) throw new Error(`BENCH_SIZES: '${size}' is neither a service count nor '${REFERENCE}'`);
}
const work = mkdtempSync(join(tmpdir(), 'portside-bench-'));
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const log = (text: string) => process.stderr.write(`${text}\n`);

/** A generated manifest of `count` services (see scaledManifest), written to the work directory. */
export function generateManifest(count: number): string {
  const file = join(work, `portside-${count}.yaml`);
  writeFileSync(file, scaledManifest(count));
  return file;
}

interface Measure { readonly seconds: number; readonly peakMb: number; readonly ok: boolean; readonly detail: string }

function measure(args: readonly string[], label: string): Measure {
  const started = performance.now();
  const command = gnuTime ? gnuTime : process.execPath;
  const argv = gnuTime ? ['-f', '__PEAK_KB__ %M', process.execPath, ...args] : args;
  const child = spawnSync(command, argv, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const peak = /__PEAK_KB__ (\d+)/.exec(child.stderr ?? '');
  const ok = child.status === 0;
  const detail = ok ? '' : `${label} exited ${child.status}: ${(child.stderr ?? '').split('\n').filter((l) => l && !l.startsWith('__PEAK')).slice(-5).join(' | ')}`;
  return { seconds, peakMb: peak ? Number(peak[1]) / 1024 : NaN, ok, detail };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const portsideArgs = (manifest: string, out: string, extra: string[] = []) => [...extra, join(root, 'bin/portside.js'), 'plan', '--manifest', manifest, '--out', out];
// The bare app cycles through the reference's kinds as the scaled manifests do: the same web services, workers and jobs.
const bareArgs = (count: number, out: string) => ['-r', 'tsx/cjs', join(root, 'bench/bare-app.ts'), String(count), out, referenceKinds().join(',')];

interface Row { label: string; services: number; portside: number; bare: number; portsidePeak: number; barePeak: number; failures: string[] }
const rows: Row[] = [];
log(`bench: ${runs} run(s) per cell, sizes ${sizes.join(', ')}; work dir ${work}`);
for (const size of sizes) {
  const reference = size === REFERENCE;
  const count = reference ? referenceServiceCount() : Number(size);
  const manifest = reference ? join(root, 'portside.yaml') : generateManifest(count);
  const label = reference ? `${count} (portside.yaml)` : String(count);
  const p: Measure[] = [];
  const b: Measure[] = [];
  for (let run = 1; run <= runs; run++) {
    // Alternate which side goes first so neither always runs on a warm page cache.
    const order = run % 2 ? ['portside', 'bare'] : ['bare', 'portside'];
    for (const side of order) {
      const out = join(work, `${side}-${size}-${run}`);
      const m = side === 'portside' ? measure(portsideArgs(manifest, out), `portside ${count}`) : measure(bareArgs(count, out), `bare ${count}`);
      (side === 'portside' ? p : b).push(m);
      log(`  ${label.padStart(3)} services, run ${run}/${runs}: ${side.padEnd(8)} ${m.seconds.toFixed(1)} s, ${m.peakMb.toFixed(0)} MB${m.ok ? '' : `  FAILED ${m.detail}`}`);
      rmSync(out, { recursive: true, force: true });
    }
  }
  rows.push({
    label, services: count,
    portside: median(p.map((m) => m.seconds)), bare: median(b.map((m) => m.seconds)),
    portsidePeak: median(p.map((m) => m.peakMb)), barePeak: median(b.map((m) => m.peakMb)),
    failures: [...p, ...b].filter((m) => !m.ok).map((m) => m.detail),
  });
}

const pad = (text: string, width: number) => text.padStart(width);
const lines: string[] = [];
lines.push(`| services | portside s (median) | bare s | ratio | portside peak MB | bare peak MB |`);
lines.push(`|---:|---:|---:|---:|---:|---:|`);
for (const r of rows) {
  const failed = r.failures.length > 0 ? ' (failed, see below)' : '';
  lines.push(`| ${pad(r.label, 3)} | ${r.portside.toFixed(2)}${failed} | ${r.bare.toFixed(2)} | ${(r.portside / r.bare).toFixed(2)}× | ${r.portsidePeak.toFixed(0)} | ${r.barePeak.toFixed(0)} |`);
}
console.log(`\nSynthesis, median of ${runs} run(s) per cell (node ${process.version}); wall clock of the child process, start-up included:\n`);
console.log(lines.join('\n'));
for (const r of rows) for (const f of [...new Set(r.failures)]) console.log(`  FAILED (${r.label} services): ${f}`);
const referenceRow = rows.find((r) => r.label.includes('portside.yaml') && r.failures.length === 0);
if (referenceRow) {
  const ratio = referenceRow.portside / referenceRow.bare;
  console.log(`\nReference manifest: ${ratio.toFixed(2)}× the bare app (target 1.5×: ${ratio <= 1.5 ? 'met' : 'NOT met'}).`);
}

// Growth per added service, from 10 to the largest size where both sides synthesized.
const generated = rows.filter((r) => !r.label.includes('portside.yaml') && r.failures.length === 0);
const from = generated.find((r) => r.services === 10);
const to = [...generated].reverse().find((r) => r.services > 10);
if (from && to) {
  const span = to.services - from.services;
  const slope = (a: number, b: number) => ((b - a) / span) * 1000;
  console.log(`\nGrowth per added service (${from.services} → ${to.services}): portside ${slope(from.portside, to.portside).toFixed(0)} ms and ${((to.portsidePeak - from.portsidePeak) / span).toFixed(1)} MB; ` +
    `bare ${slope(from.bare, to.bare).toFixed(0)} ms and ${((to.barePeak - from.barePeak) / span).toFixed(1)} MB`);
}

// The largest manifest once more, under a 2 GB heap, with CDK's 500-resource check off so the
// templates exist even when a stack is over a limit: does it fit, and each stack's share of the limits.
const largest = Math.max(...rows.map((r) => r.services));
log(`  ${largest} services, limits synthesis under --max-old-space-size=2048 …`);
const cappedOut = join(work, 'capped');
const started = performance.now();
const capped = spawnSync(gnuTime ?? process.execPath, [...(gnuTime ? ['-f', '__PEAK_KB__ %M', process.execPath] : []), '--max-old-space-size=2048', '-r', 'tsx/cjs',
  join(root, 'bench/synth-uncapped.ts'), generateManifest(largest), cappedOut], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const cappedSeconds = (performance.now() - started) / 1000;
const cappedPeak = /__PEAK_KB__ (\d+)/.exec(capped.stderr ?? '');
console.log(`\n${largest} services, cdk-nag off, under node --max-old-space-size=2048: ${capped.status === 0 ? 'fits' : 'DOES NOT FIT (or failed)'} ` +
  `(${cappedSeconds.toFixed(1)} s, peak RSS ${cappedPeak ? (Number(cappedPeak[1]) / 1024).toFixed(0) : '?'} MB)`);
if (capped.status !== 0) console.log(`  ${(capped.stderr ?? '').split('\n').slice(-6).join(' | ')}`);
else {
  const stacks = JSON.parse(capped.stdout) as StackLimits[];
  const shares = stacks.map((limits) => {
    const used = ['resources', 'templateBytes', 'outputs', 'parameters'].map((name) => limits.usages.find((u) => u.limit === name)!);
    return { stack: limits.stack, used, top: Math.max(...used.map((u) => u.percent)) };
  }).sort((a, b) => b.top - a.top);
  console.log(`\nCloudFormation limits, ${largest}-service manifest (highest share first; over 60 % flagged):\n`);
  console.log('| stack | resources /500 | template bytes /1,000,000 | outputs /200 | parameters /200 | over 60 % |');
  console.log('|---|---:|---:|---:|---:|---|');
  const shown = 15;
  for (const sh of shares.slice(0, shown)) {
    const [res, bytes, outs, params] = sh.used;
    console.log(`| ${sh.stack} | ${res.count} (${res.percent} %) | ${bytes.count.toLocaleString('en-GB')} (${bytes.percent} %) | ${outs.count} (${outs.percent} %) | ${params.count} (${params.percent} %) | ${sh.top > 100 ? 'OVER THE LIMIT' : sh.top > 60 ? 'YES' : 'no'} |`);
  }
  if (shares.length > shown) {
    const rest = shares.slice(shown);
    console.log(`\n… and ${rest.length} more stacks, none above ${Math.max(...rest.map((sh) => sh.top))} % of any of these limits.`);
  }
}

if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
