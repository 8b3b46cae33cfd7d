import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './reference';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const BIN = join(REPO_ROOT, 'bin', 'portside.js');

/** This process's environment without AWS credentials or a price cache, with `env` added. */
function cliEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', PORTSIDE_DEBUG: '',
    // No Price List cache of the machine running the tests: `cost` prices from the bundled table unless a test gives one.
    PORTSIDE_PRICES_FILE: join(REPO_ROOT, 'test', 'no-price-cache.json'),
    ...env,
  };
}

/** Runs the built `portside` bin as a user would, from the repository root, with no AWS credentials (and `env` added). */
export function portside(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: cliEnvironment(env) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `portside` run without blocking this process, for tests that serve the AWS APIs it calls from
 * here: a synchronous run would stop the server from answering.
 */
export function portsideAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: cliEnvironment(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
