import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { Command } from 'commander';
import type { CommandContext, CommandRun } from '../src/cli/context';
import type { ValidateResult } from '../src/cli/commands/validate';
import { EXIT, UserError } from '../src/cli/errors';
import { progress } from '../src/cli/progress';
import { startBackgroundValidation } from '../src/infra/compliance/validation-thread';
import { loadManifestOrExit, manifestPathInRepository, readManifest } from './load-manifest';
import { portsideVersion } from './package-version';
import { defaultPriceCacheFile } from '../src/reports/cost/price-cache-file';

// Each command loads its own modules when it runs (`--help` and `validate` never load the CDK,
// cdk-nag, the monitoring constructs, Graphviz or the guard rules).
/* eslint-disable @typescript-eslint/no-require-imports */
const commands = {
  plan: (): CommandRun => (require('../src/cli/commands/plan') as typeof import('../src/cli/commands/plan')).runPlan,
  cost: (): CommandRun => (require('../src/cli/commands/cost') as typeof import('../src/cli/commands/cost')).runCost,
  costTags: (): CommandRun => (require('../src/cli/commands/cost-tags') as typeof import('../src/cli/commands/cost-tags')).runCostTags,
  check: (): CommandRun => (require('../src/cli/commands/check') as typeof import('../src/cli/commands/check')).runCheck,
  diagram: (): CommandRun => (require('../src/cli/commands/diagram') as typeof import('../src/cli/commands/diagram')).runDiagram,
  report: (): CommandRun => (require('../src/cli/commands/report') as typeof import('../src/cli/commands/report')).runReport,
  deploy: (): CommandRun => (require('../src/cli/commands/deploy') as typeof import('../src/cli/commands/deploy')).runDeploy,
  bootstrap: (): CommandRun => (require('../src/cli/commands/deploy') as typeof import('../src/cli/commands/deploy')).runBootstrap,
  validate: () => require('../src/cli/commands/validate') as typeof import('../src/cli/commands/validate'),
  init: () => (require('../src/cli/commands/init') as typeof import('../src/cli/commands/init')).runInit,
  prices: () => require('../src/cli/commands/prices') as typeof import('../src/cli/commands/prices'),
  manifest: () => require('../src/manifest') as typeof import('../src/manifest'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** A failure: one line and a hint, the stack only on request (PORTSIDE_DEBUG=1). */
function fail(error: unknown): never {
  if (error instanceof UserError) {
    process.stderr.write(`portside: ${error.message}\nhint: ${error.hint}\n`);
    process.exit(error.exitCode);
  }
  const message = error instanceof Error ? error.message : String(error);
  // CDK's validation report starts with the source location of the first finding: name the check instead.
  const firstLine = /^Validation failed/m.test(message) ? message.match(/^Validation failed.*$/m)![0] : message.split('\n')[0];
  process.stderr.write(`portside: ${firstLine}\n`);
  if (process.env.PORTSIDE_DEBUG) {
    process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  } else {
    process.stderr.write('hint: `portside check` lists every finding with its fix; set PORTSIDE_DEBUG=1 for the stack trace\n');
  }
  process.exit(EXIT.failed);
}

interface CommonOptions {
  readonly manifest: string;
  readonly env?: string;
  readonly json?: boolean;
  readonly out: string;
}

const program = new Command()
  .name('portside')
  .description('Production container platforms on AWS from one manifest: what will be built, what it costs, whether it is compliant')
  .version(portsideVersion(), '-V, --version', 'print the version of Portside')
  .showHelpAfterError();

function withCommonOptions(command: Command): Command {
  return command
    .option('-m, --manifest <file>', 'manifest to read', 'portside.yaml')
    .option('-e, --env <name>', 'report on this environment only')
    .option('--json', 'print one JSON document instead of tables')
    .option('-o, --out <dir>', 'cloud assembly directory', 'cdk.out');
}

/** A command that synthesizes or reports: the manifest must load (exit 2 otherwise). */
function addCommand(name: string, description: string, load: () => CommandRun, configure: (command: Command) => Command = (c) => c, synthesizes = true): void {
  configure(withCommonOptions(program.command(name).description(description)))
    .action(async (options: CommonOptions & Record<string, unknown>) => {
      // A command that synthesizes starts CDK's template validation engine now, in its own thread.
      if (synthesizes) startBackgroundValidation();
      const loaded = loadManifestOrExit(options.manifest);
      const run = load();
      const context: CommandContext = {
        loaded,
        manifestFile: options.manifest,
        manifestInRepository: manifestPathInRepository(options.manifest),
        env: options.env,
        json: options.json === true,
        outDir: options.out,
        write: (text) => process.stdout.write(text),
        progress: progress(),
        // The Price List cache `cost` and `report` price from (`portside prices update`).
        options: { ...options, pricesFile: defaultPriceCacheFile(process.env, homedir()) },
      };
      try {
        process.exitCode = await run(context);
      } catch (error) {
        fail(error);
      }
    });
}

withCommonOptions(program.command('validate').description('check the manifest only: every error and warning (exit 2 on errors)'))
  .action((options: CommonOptions) => {
    const reading = readManifest(options.manifest);
    if (!reading.ok && reading.unreadable) {
      process.stderr.write(`${reading.unreadable}\n`);
      process.exit(EXIT.manifest);
    }
    const { formatValidation, validateExitCode } = commands.validate();
    const result: ValidateResult = reading.ok
      ? { file: options.manifest, valid: true, errors: [], warnings: reading.loaded.warnings }
      : { file: options.manifest, valid: false, errors: reading.errors, warnings: [] };
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatValidation(result));
    process.exitCode = validateExitCode(result);
  });

addCommand('plan', 'synthesize every stack (cdk-nag on) and print what would be deployed, and what changed since the last plan', commands.plan,
  (command) => command
    .option('--deployed', 'compare with the templates CloudFormation has deployed (read through each environment\'s CDK bootstrap lookup role) instead of the last plan, which stays where it was')
    .option('--summary-file <file>', 'also write a JSON review of the change: whether a stateful resource would be replaced or removed, whether the deploy would fail on a fixed name, and a text of at most 450 characters naming them'));
addCommand('cost', 'estimate the monthly cost per environment, line by line, beside the naive CDK defaults', commands.cost);
addCommand('cost-tags', 'activate project, environment, service and the manifest\'s tags as cost allocation tags (run once with the management account\'s credentials; Budgets and the cost by service need them)', commands.costTags,
  (command) => command.option('--dry-run', 'only report each tag key\'s status'), false);
addCommand('check', 'run cdk-nag (AwsSolutions, NIST 800-53 rev 5, HIPAA), the Control Tower guard rules and CloudFormation limits (exit 1 on unacknowledged errors)', commands.check,
  (command) => command.option('--guard-fail-on <severity>', 'Control Tower findings at or above this severity fail the check: none, low, medium, high, critical', 'medium'));
addCommand('diagram', 'draw each environment as SVG (Graphviz): writes <dir>/<env>.svg and prints the paths', commands.diagram,
  (command) => command.option('-d, --dir <dir>', 'directory for the SVG files (default: the --out directory)'));
addCommand('report', 'write one self-contained HTML report: diagram, plan, cost, compliance', commands.report,
  (command) => command.option('-f, --file <path>', 'HTML file to write', 'portside-report.html'));

addCommand('deploy', 'deploy everything in order through the CDK CLI: delivery, accounts, then each environment in manifest order (stops before an environment that needs an approval, and at the first failure)', commands.deploy,
  (command) => command
    .option('--dry-run', 'print the cdk commands in order without running them')
    .option('--approve <env...>', 'approve these environments (those with approval: true) for this deploy'));
addCommand('bootstrap', 'cdk bootstrap every account and region Portside puts a stack in, each environment account trusting the delivery account', commands.bootstrap,
  (command) => command
    .option('--dry-run', 'print the cdk commands without running them')
    .option('--execution-policy <arn>', 'CloudFormation execution policy for every bootstrap (default AdministratorAccess)')
    .option('--print-policy', 'print a policy document limited to the AWS services the app uses, to create and pass as --execution-policy'));

program.command('init')
  .description('start a platform repository: a commented portside.yaml that validates, cdk.json, .gitignore and npm scripts')
  .option('-d, --dir <dir>', 'repository directory', '.')
  .option('-p, --project <name>', 'project name (default: from the directory name)')
  .option('-r, --region <region>', 'primary region (default: AWS_REGION, else us-east-1)')
  .option('--dr-region <region>', 'region backups are copied to (default: a neighbour of the primary region)')
  .option('-a, --account <id>', 'AWS account of the staging environment (default: a placeholder)')
  .option('--prod-account <id>', 'AWS account of the prod environment (default: --account)')
  .option('--delivery-account <id>', 'a tooling account for image repositories and pipelines (default: the staging account)')
  .option('--github-owner <owner>', 'GitHub owner of the service repositories (default: the project name)')
  .option('--alert-email <address>', 'where alarms, budgets and approvals are sent')
  .option('-f, --force', 'overwrite an existing portside.yaml and cdk.json')
  .action((options: import('../src/cli/commands/init').InitOptions) => {
    try {
      process.exitCode = commands.init()(options, (text) => process.stdout.write(text));
    } catch (error) {
      fail(error);
    }
  });

program.command('prices')
  .description('the prices `portside cost` estimates from')
  .command('update')
  .description('read the regions\' prices from AWS\'s public Price List (no credentials) into the cache `portside cost` uses: $PORTSIDE_PRICES_FILE, else $XDG_CACHE_HOME/portside/prices.json, else ~/.cache/portside/prices.json')
  .option('-r, --regions <regions>', 'comma-separated regions (default: the regions of the manifest)')
  .option('-m, --manifest <file>', 'manifest whose regions to read when --regions is absent', 'portside.yaml')
  .option('--offers-url <url>', 'base URL of the Price List bulk API', 'https://pricing.us-east-1.amazonaws.com')
  .option('--json', 'print the result as JSON')
  .action(async (options: { regions?: string; manifest: string; offersUrl: string; json?: boolean }) => {
    try {
      const prices = commands.prices();
      let regions = options.regions?.split(',').map((r) => r.trim()).filter((r) => r.length > 0);
      if (regions === undefined) {
        const reading = readManifest(options.manifest);
        if (!reading.ok) throw new UserError(`no --regions, and ${options.manifest} cannot be read for its regions`, 'name the regions: --regions us-west-2,ap-southeast-2');
        regions = prices.manifestRegions(reading.loaded.plan);
      }
      const cacheFile = defaultPriceCacheFile(process.env, homedir());
      process.exitCode = await prices.runPricesUpdate({ regions, offersUrl: options.offersUrl, cacheFile, json: options.json === true },
        (text) => process.stdout.write(text), (line) => process.stderr.write(`${line}\n`));
    } catch (error) {
      fail(error);
    }
  });

program.command('schema')
  .description('write the manifest JSON Schema (for editor completion)')
  .option('-o, --out <file>', 'file to write; standard output when absent')
  .action((options: { out?: string }) => {
    const text = `${JSON.stringify(commands.manifest().manifestJsonSchema(), null, 2)}\n`;
    if (options.out) {
      writeFileSync(options.out, text);
    } else {
      process.stdout.write(text);
    }
  });

program.parseAsync(process.argv).catch(fail);
