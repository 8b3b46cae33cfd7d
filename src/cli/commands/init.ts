import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { EXIT, UserError } from '../errors';
import { defaultDrRegion } from '../init/dr-region';
import { cdkJson, completedGitignore, completedPackageJson } from '../init/project-files';
import { starterManifest } from '../init/starter-manifest';

export interface InitOptions {
  readonly dir?: string;
  readonly project?: string;
  readonly region?: string;
  readonly drRegion?: string;
  readonly account?: string;
  readonly prodAccount?: string;
  readonly deliveryAccount?: string;
  readonly githubOwner?: string;
  readonly alertEmail?: string;
  readonly force?: boolean;
}

/** An account ID that is obviously not a real one: the starter validates, and the user is told to replace it. */
const PLACEHOLDER_ACCOUNT = '111111111111';

/** A project name the manifest accepts, from a directory name (`My_Shop` → `my-shop`). */
function projectFromDirectory(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '').slice(0, 24).replace(/-+$/, '');
  return name.length >= 3 ? name : 'platform';
}

/**
 * `portside init`: the starter manifest, cdk.json, .gitignore and npm scripts in a repository that
 * installed Portside. Writes nothing when the manifest or cdk.json exists, unless --force.
 */
export function runInit(options: InitOptions, write: (text: string) => void): number {
  const dir = resolve(options.dir ?? '.');
  const project = options.project ?? projectFromDirectory(dir);
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const account = options.account ?? PLACEHOLDER_ACCOUNT;
  const force = options.force === true;

  const whole = { 'portside.yaml': starterManifest({
    project,
    region,
    drRegion: options.drRegion ?? defaultDrRegion(region),
    account,
    prodAccount: options.prodAccount ?? account,
    deliveryAccount: options.deliveryAccount,
    githubOwner: options.githubOwner ?? project,
    alertEmail: options.alertEmail ?? `platform@${project}.example`,
  }), 'cdk.json': cdkJson() };
  const existing = Object.keys(whole).filter((file) => existsSync(join(dir, file)));
  if (existing.length > 0 && !force) {
    throw new UserError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''} in ${dir}; nothing was written`, 'pass --force to overwrite them', EXIT.failed);
  }
  const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);
  const gitignore = completedGitignore(read('.gitignore'));
  const packageJson = completedPackageJson(read('package.json'), project, force);

  for (const [file, text] of Object.entries(whole)) writeFileSync(join(dir, file), text);
  if (gitignore !== undefined) writeFileSync(join(dir, '.gitignore'), gitignore);
  writeFileSync(join(dir, 'package.json'), packageJson.text);

  write(`Wrote portside.yaml (project ${project}, ${region}) and cdk.json; completed .gitignore and the npm scripts in package.json.\n`);
  if (packageJson.keptScripts.length > 0) write(`Kept your own npm scripts ${packageJson.keptScripts.join(', ')} (--force replaces them).\n`);
  if (packageJson.removedPlaceholderTest) write('Removed npm init\'s placeholder test script: the platform pipeline runs `npm test` when the repository defines one, and that one always fails.\n');
  if (options.account === undefined) write(`The accounts are placeholders (${PLACEHOLDER_ACCOUNT}): put your own in portside.yaml, or run again with --account and --prod-account and --force.\n`);
  write('Next: npx portside validate, npx portside plan, then docs/deploying.md (portside bootstrap, portside deploy).\n');
  return EXIT.ok;
}
