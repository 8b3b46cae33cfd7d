// @ts-check
/**
 * Runs cfn-guard jobs a few at a time and prints their results as one JSON document. `runGuard`
 * starts this script with `spawnSync`: the check stays synchronous (the `report` command calls it
 * that way) while the templates are validated in parallel.
 *
 * stdin:  {"binary": "…/cfn-guard", "parallel": 4, "jobs": [{"rules": ["a.guard"], "templates": ["T.template.json"]}]}
 * stdout: [{"status": 19, "signal": null, "stdout": "…", "stderr": ""}] (one per job, in order)
 */
import { spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import process from 'node:process';

/** @typedef {{ rules: string[], templates: string[] }} Job */
/** @typedef {{ status: number | null, signal: string | null, stdout: string, stderr: string }} JobResult */

/** @param {string} binary @param {Job} job @returns {Promise<JobResult>} */
function run(binary, job) {
  const args = [
    'validate',
    ...job.rules.flatMap((rule) => ['--rules', rule]),
    ...job.templates.flatMap((template) => ['--data', template]),
    '--output-format', 'json',
    '--show-summary', 'none',
    '--structured',
  ];
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */ const out = [];
    /** @type {Buffer[]} */ const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', (error) => resolve({ status: null, signal: null, stdout: '', stderr: error.message }));
    child.on('close', (status, signal) => resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** @type {{ binary: string, parallel: number, jobs: Job[] }} */
const request = JSON.parse(readFileSync(0, 'utf8'));
/** @type {JobResult[]} */
const results = new Array(request.jobs.length);
let next = 0;
async function worker() {
  while (next < request.jobs.length) {
    const index = next++;
    results[index] = await run(request.binary, request.jobs[index]);
  }
}
await Promise.all(Array.from({ length: Math.max(1, Math.min(request.parallel, request.jobs.length)) }, worker));
process.stdout.write(JSON.stringify(results));
