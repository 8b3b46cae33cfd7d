import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planFromYaml, referencePlan, REPO_ROOT } from '../support/reference';

/** The context values an assembly (and its stage assemblies) asked for and did not have. */
function missingContext(assembly: CloudAssembly): string[] {
  const nested = assembly.nestedAssemblies.flatMap((artifact) => missingContext(artifact.nestedAssembly));
  return [...(assembly.manifest.missing ?? []).map((missing) => missing.key), ...nested];
}

describe('synthesis looks nothing up', () => {
  it('asks for no context value (no AZ lookup), so the CDK CLI runs the app once and needs no credentials to synthesize', () => {
    const singleAccount = planFromYaml(readFileSync(join(REPO_ROOT, 'examples', 'manifests', 'single-account.yaml'), 'utf8'));
    for (const plan of [referencePlan(), singleAccount]) {
      const { app } = buildApp(plan, { compliance: false });
      expect(missingContext(app.synth())).toEqual([]);
    }
  });
});
