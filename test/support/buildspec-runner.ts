import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BUILD_PHASES, BuildSpecDocument } from '../../src/infra/delivery/buildspecs';

/** One call a stubbed command received: its name, arguments and the AWS key it ran with. */
export interface RecordedCall {
  readonly command: string;
  readonly args: string[];
  /** `AWS_ACCESS_KEY_ID` at call time: shows whether an assumed role's credentials were in use. */
  readonly accessKey: string;
}

export interface BuildSpecRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: RecordedCall[];
  /** Every variable the spec exports, as CodeBuild would hand it to the pipeline. */
  readonly exported: Record<string, string>;
  /** The build's working directory (the primary source), to read output artifacts from. */
  readonly workDir: string;
  /** Command lines of the calls, for readable assertions: `docker buildx build --platform …`. */
  readonly commandLines: string[];
}

export interface RunOptions {
  readonly env: Record<string, string>;
  /** Bash bodies of stub commands (`aws`, `docker`, `npm`, `npx`); each gets `$@` and may read `$STATE`. */
  readonly stubs: Record<string, string>;
  /** Files to create in the working directory before the run (paths may have directories). */
  readonly files?: Record<string, string>;
}

const SEPARATOR = '\u001f';

/**
 * Runs a buildspec the way CodeBuild does: its phases in order, every command in one bash shell,
 * stopping at the first command that fails. Commands listed in `stubs` are replaced by scripts that
 * record their calls and answer as the stub body says; everything else (grep, date, printf) is real.
 */
export function runBuildSpec(spec: BuildSpecDocument, options: RunOptions): BuildSpecRun {
  const root = mkdtempSync(join(tmpdir(), 'portside-buildspec-'));
  const bin = join(root, 'bin');
  const workDir = join(root, 'src');
  const state = join(root, 'state');
  const callLog = join(root, 'calls.log');
  for (const dir of [bin, workDir, state]) mkdirSync(dir, { recursive: true });
  writeFileSync(callLog, '');
  for (const [name, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workDir, name)), { recursive: true });
    writeFileSync(join(workDir, name), content);
  }

  for (const [name, body] of Object.entries(options.stubs)) {
    const stub = join(bin, name);
    writeFileSync(stub, [
      '#!/usr/bin/env bash',
      `__CALL="${name}${SEPARATOR}\${AWS_ACCESS_KEY_ID:-}"; for ARG in "$@"; do __CALL+="${SEPARATOR}$ARG"; done`,
      // Recorded on exit, in one write: in \`aws … | docker login\` the producer is then logged first.
      `trap 'printf "%s\\n" "$__CALL" >> "$CALL_LOG"' EXIT`,
      body,
    ].join('\n'));
    chmodSync(stub, 0o755);
  }

  const lines = [`cd "${workDir}"`];
  for (const phase of BUILD_PHASES) {
    const commands = spec.phases[phase]?.commands ?? [];
    commands.forEach((command, index) => {
      lines.push(command);
      lines.push(`__status=$?; if [ "$__status" -ne 0 ]; then echo "[codebuild] phase ${phase} failed at command ${index + 1} with status $__status" >&2; exit "$__status"; fi`);
    });
  }
  for (const name of spec.env['exported-variables'] ?? []) {
    lines.push(`echo "[exported] ${name}=\${${name}:-}"`);
  }
  const script = join(root, 'buildspec.sh');
  writeFileSync(script, lines.join('\n'));

  const result = spawnSync('bash', [script], {
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH}`, HOME: root, CALL_LOG: callLog, STATE: state, ...options.env },
  });
  const calls = readFileSync(callLog, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [command, accessKey, ...args] = line.split(SEPARATOR);
    return { command: command!, accessKey: accessKey!, args };
  });
  const exported = Object.fromEntries([...result.stdout.matchAll(/^\[exported\] (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  return {
    status: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    calls,
    exported,
    workDir,
    commandLines: calls.map((call) => [call.command, ...call.args].join(' ')),
  };
}

/** Reads a file the build left in its working directory, or undefined. */
export function outputFile(run: BuildSpecRun, name: string): string | undefined {
  const file = join(run.workDir, name);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
