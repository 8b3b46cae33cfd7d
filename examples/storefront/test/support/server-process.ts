/** Starts the built service (dist/main.js) as a real process, the way the image runs it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localServiceEnv } from './databases.js';

/** The example's root: the nearest directory with a package.json (this file also runs compiled, from build/). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

const MAIN = path.join(packageRoot(), 'dist', 'main.js');

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly port: number;
  readonly mediaDir: string;
  /** Every JSON log line so far. */
  readonly logs: Record<string, unknown>[];
  /** Resolves with how the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Spawns the service on a free loopback port without waiting for it. */
export async function spawnService(env: Record<string, string> = {}): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm run test:integration does)`);
  const port = await freePort();
  const mediaDir = mkdtempSync(path.join(tmpdir(), 'storefront-media-'));
  const child = spawn(process.execPath, ['--enable-source-maps', MAIN], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...localServiceEnv(), PORT: String(port), HOST: '127.0.0.1', MEDIA_DIR: mediaDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines.filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      rmSync(mediaDir, { recursive: true, force: true });
      resolve({ code, signal });
    });
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, port, mediaDir, logs, exited, stderr: () => stderr };
}

/** Spawns the service and waits (at most `readyWithinMs`) until it answers GET /health. */
export async function startServer(env: Record<string, string> = {}, readyWithinMs = 15_000): Promise<ServerProcess> {
  const server = await spawnService(env);
  const deadline = Date.now() + readyWithinMs;
  let finished = false;
  void server.exited.then(() => { finished = true; });
  while (Date.now() < deadline && !finished) {
    const healthy = await fetch(`${server.baseUrl}/health`).then((r) => r.ok, () => false);
    if (healthy) return server;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.child.kill('SIGKILL');
  throw new Error(`the service did not answer /health within ${readyWithinMs} ms; stderr: ${server.stderr()}; logs: ${JSON.stringify(server.logs.slice(-5))}`);
}
