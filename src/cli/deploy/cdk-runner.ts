import { spawn } from 'node:child_process';

/** How the CDK CLI is started: the installed `aws-cdk` package with this Node, or `PORTSIDE_CDK` (a script run with Node: tests use a stub). */
export function cdkCommand(): { command: string; prefix: string[] } {
  const override = process.env.PORTSIDE_CDK;
  return { command: process.execPath, prefix: [override ?? require.resolve('aws-cdk/bin/cdk')] };
}

export interface CdkRun {
  readonly status: number;
  /** CloudFormation's reason for the first stack that failed, as the CDK CLI printed it (`❌  <stack> failed: <reason>`). */
  readonly failure?: string;
}

const FAILED = /❌\s+(.*?failed:.*)$/;

/** Runs the CDK CLI with `args`, echoing its output as it comes, and keeps the failing stack's line. */
export function runCdk(args: readonly string[], echo: (text: string) => void): Promise<CdkRun> {
  const { command, prefix } = cdkCommand();
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, ...args], { stdio: ['inherit', 'pipe', 'pipe'] });
    let failure: string | undefined;
    const watch = (chunk: Buffer) => {
      const text = chunk.toString();
      echo(text);
      for (const line of text.split('\n')) {
        const match = FAILED.exec(line);
        if (match && failure === undefined) failure = match[1]!.trim();
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('error', (error) => resolve({ status: 1, failure: `the CDK CLI did not start: ${error.message}` }));
    child.on('close', (code) => resolve(failure === undefined ? { status: code ?? 1 } : { status: code ?? 1, failure }));
  });
}
