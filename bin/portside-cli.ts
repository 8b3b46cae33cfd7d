import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { formatPlan, planCommand } from '../src/cli/commands/plan';
import { manifestJsonSchema } from '../src/manifest';
import { loadManifestOrExit, manifestPathInRepository } from './load-manifest';

/** Unexpected failures: one line and a hint, the stack only on request. */
function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`portside: ${message.split('\n')[0]}\n`);
  if (process.env.PORTSIDE_DEBUG) {
    process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  } else {
    process.stderr.write('hint: the lines above say what failed; set PORTSIDE_DEBUG=1 for the stack trace\n');
  }
  process.exit(1);
}

const program = new Command()
  .name('portside')
  .description('Production container platforms on AWS from one manifest')
  .showHelpAfterError();

program.command('plan')
  .description('synthesize every environment into a cloud assembly and print what would be deployed')
  .option('-m, --manifest <file>', 'manifest to read', 'portside.yaml')
  .option('-o, --out <dir>', 'cloud assembly directory', 'cdk.out')
  .option('--json', 'print the plan as JSON')
  .action((options: { manifest: string; out: string; json?: boolean }) => {
    const { plan } = loadManifestOrExit(options.manifest);
    try {
      const result = planCommand(plan, { outDir: options.out, manifestFile: manifestPathInRepository(options.manifest) });
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatPlan(result, options.manifest, options.out));
    } catch (error) {
      fail(error);
    }
  });

program.command('schema')
  .description('write the manifest JSON Schema (for editor completion)')
  .option('-o, --out <file>', 'file to write; standard output when absent')
  .action((options: { out?: string }) => {
    const text = `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
    if (options.out) {
      writeFileSync(options.out, text);
    } else {
      process.stdout.write(text);
    }
  });

program.parseAsync(process.argv).catch(fail);
