import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT, UserError } from '../../cli/errors';

/** One AWS Control Tower proactive control as shipped with @cdklabs/cdk-validator-cfnguard. */
export interface GuardRule {
  /** `CT.S3.PR.1` */
  readonly id: string;
  /** The guard rule's name, which cfn-guard reports (`s3_bucket_level_public_access_prohibited_check`). */
  readonly ruleName: string;
  /** The control's title: what it requires. */
  readonly title: string;
  /** Control Tower's severity: CRITICAL, HIGH, MEDIUM or LOW. */
  readonly severity: string;
  /** The rule's `[FIX]` line (the control's remediation message when it has none). */
  readonly fix: string;
  /** Every CloudFormation resource type the rule file names: it can only fail a template holding one. */
  readonly resourceTypes: readonly string[];
  readonly file: string;
}

export interface GuardPackage {
  readonly root: string;
  readonly cfnGuardVersion: string;
  readonly binary: string;
  readonly rules: readonly GuardRule[];
}

const PLATFORMS: Readonly<Record<string, string>> = { linux: 'ubuntu', darwin: 'macos' };
const ARCHITECTURES: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64' };

/** The cfn-guard binary the package ships for this platform (the way its CfnGuardValidator picks it). */
export function guardBinary(root: string, platform: string = process.platform, arch: string = process.arch): string {
  const os = PLATFORMS[platform];
  const cpu = ARCHITECTURES[arch];
  if (!os || !cpu) {
    throw new UserError(
      `the Control Tower guard rules cannot run on ${platform}/${arch}: @cdklabs/cdk-validator-cfnguard ships cfn-guard for linux and macOS on x64 and arm64 only`,
      'run `portside check` on Linux or macOS (CI, WSL or a container)',
      EXIT.failed,
    );
  }
  return join(root, 'bin', os, cpu, 'cfn-guard');
}

let cached: GuardPackage | undefined;

/** The installed @cdklabs/cdk-validator-cfnguard: its cfn-guard binary and Control Tower rules. */
export function guardPackage(): GuardPackage {
  if (cached) return cached;
  const root = dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
  const version = (JSON.parse(readFileSync(join(root, 'guard-version.json'), 'utf8')) as { version: string }).version;
  cached = { root, cfnGuardVersion: version, binary: guardBinary(root), rules: readControlTowerRules(join(root, 'rules', 'control-tower')) };
  return cached;
}

interface ControlMetadata {
  readonly Id: string;
  readonly DisplayName: string;
  readonly Severity: string;
  readonly RemediationMessage?: string;
}

/** Reads each `cfn-guard/<service>/<name>.guard` with its `metadata/<service>/<name>.metadata.json`. */
export function readControlTowerRules(directory: string): GuardRule[] {
  return filesUnder(join(directory, 'cfn-guard'))
    .filter((file) => file.endsWith('.guard'))
    .sort()
    .map((file) => {
      const text = readFileSync(file, 'utf8');
      const metadataFile = file.replace(`${join(directory, 'cfn-guard')}`, join(directory, 'metadata')).replace(/\.guard$/, '.metadata.json');
      const metadata = JSON.parse(readFileSync(metadataFile, 'utf8')) as ControlMetadata;
      const ruleName = text.match(/^rule\s+(\w+)\s+when\s+is_cfn_template/m)?.[1];
      if (!ruleName) throw new Error(`${file}: no rule applying to CloudFormation templates`);
      const fix = text.match(/^\s*\[FIX\]:\s*(.+?)\s*$/m)?.[1] ?? metadata.RemediationMessage ?? metadata.DisplayName;
      return {
        id: metadata.Id,
        ruleName,
        title: metadata.DisplayName,
        severity: metadata.Severity,
        fix,
        resourceTypes: [...new Set(text.match(/AWS::\w+::\w+/g) ?? [])].sort(),
        file,
      };
    });
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The rules that can apply to a template holding these resource types. A rule whose file names none
 * of them skips the template (each Control Tower rule selects `Resources.*[ Type == … ]`), so it is
 * not run there: same failures and passes as running every rule, in about a third of the CPU (runGuard).
 */
export function applicableRules(rules: readonly GuardRule[], resourceTypes: ReadonlySet<string>): GuardRule[] {
  return rules.filter((rule) => rule.resourceTypes.length === 0 || rule.resourceTypes.some((type) => resourceTypes.has(type)));
}
