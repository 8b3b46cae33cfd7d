/**
 * The files `portside init` writes or completes beside the manifest in a user's repository. Only the
 * manifest and cdk.json are written whole (and never over an existing file without --force);
 * .gitignore and package.json are completed: what they already say is kept.
 */

/** The CDK app of an installed Portside, run by `npx cdk synth|diff|deploy` and `portside deploy`. */
export const INSTALLED_CDK_APP = 'node node_modules/portside/bin/portside-cdk-app.js';

export function cdkJson(): string {
  return `${JSON.stringify({ app: INSTALLED_CDK_APP, watch: { include: ['portside.yaml'] } }, null, 2)}\n`;
}

/** What Portside writes and nobody commits: the cloud assembly, plans and reports. */
const IGNORED = ['node_modules/', 'cdk.out/', 'cdk.context.json', '.portside/', 'portside-report.html'];

/** The .gitignore with Portside's lines added where missing (undefined: nothing to add). */
export function completedGitignore(existing: string | undefined): string | undefined {
  const present = new Set((existing ?? '').split('\n').map((line) => line.trim()));
  const missing = IGNORED.filter((line) => !present.has(line) && !present.has(line.replace(/\/$/, '')));
  if (missing.length === 0) return undefined;
  const prefix = existing === undefined || existing === '' ? '' : existing.endsWith('\n') ? `${existing}\n` : `${existing}\n\n`;
  return `${prefix}# Portside: the cloud assembly, the last plan and reports\n${missing.join('\n')}\n`;
}

/**
 * npm scripts: `npm run portside -- <command>` is what the platform pipeline runs (check), the others
 * are shortcuts. `npm test` is left to the repository: the pipeline runs it only when it is defined.
 */
const SCRIPTS: Readonly<Record<string, string>> = {
  portside: 'portside',
  validate: 'portside validate',
  plan: 'portside plan',
  check: 'portside check',
  cdk: 'cdk',
};

export interface PackageJsonUpdate {
  readonly text: string;
  /** Scripts left as the repository defines them (a different command under the same name). */
  readonly keptScripts: readonly string[];
  /** `npm init`'s placeholder test script was removed (the platform pipeline runs `npm test` when one is defined). */
  readonly removedPlaceholderTest: boolean;
}

/** What `npm init` writes as the test script: a failure, not a test. */
const NPM_INIT_PLACEHOLDER_TEST = /^echo "Error: no test specified" && exit 1$/;

/** package.json with Portside's scripts added (a new one when absent, named after the project). */
export function completedPackageJson(existing: string | undefined, project: string, force: boolean): PackageJsonUpdate {
  const json = existing === undefined ? { name: project, private: true } : (JSON.parse(existing) as Record<string, unknown>);
  const scripts = { ...((json.scripts ?? {}) as Record<string, string>) };
  const keptScripts: string[] = [];
  const removedPlaceholderTest = NPM_INIT_PLACEHOLDER_TEST.test(scripts.test ?? '');
  if (removedPlaceholderTest) delete scripts.test;
  for (const [name, command] of Object.entries(SCRIPTS)) {
    if (scripts[name] !== undefined && scripts[name] !== command && !force) {
      keptScripts.push(name);
      continue;
    }
    scripts[name] = command;
  }
  return { text: `${JSON.stringify({ ...json, scripts }, null, 2)}\n`, keptScripts, removedPlaceholderTest };
}
