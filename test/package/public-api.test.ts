import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../src';
import { REPO_ROOT } from '../support/reference';

/** The names of docs/api.md's table, each with its stability. */
function documentedNames(): Map<string, string> {
  const rows = readFileSync(join(REPO_ROOT, 'docs', 'api.md'), 'utf8').split('\n').filter((line) => line.startsWith('| `'));
  const names = new Map<string, string>();
  for (const row of rows) {
    const [, nameCell, , stability] = row.split('|').map((cell) => cell.trim());
    for (const name of nameCell!.match(/`(\w+)`/g) ?? []) names.set(name.slice(1, -1), stability!);
  }
  return names;
}

describe('the public API (package exports)', () => {
  it('exports exactly the values docs/api.md documents, each marked stable or experimental', () => {
    const documented = documentedNames();
    expect([...documented.values()].every((stability) => stability === 'stable' || stability === 'experimental')).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...documented.keys()].sort());
  });

  it('reads a manifest and builds its app with the stable functions alone', () => {
    const { plan } = api.loadManifestFile(join(REPO_ROOT, 'portside.yaml'));
    const app = api.createPortsideApp();
    const stacks = api.addEnvironments(app, plan, { compliance: false });
    expect(stacks.stages.map((stage) => stage.stageName)).toEqual(['dev', 'prod']);
    expect(stacks.delivery.stackName).toBe('purchase-direct-delivery');
  });

  it('says where each manifest problem is', () => {
    const error = (() => {
      try {
        api.parseManifest('project: X\n', 'portside.yaml');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(api.ManifestError);
    expect((error as InstanceType<typeof api.ManifestError>).issues.map(api.formatIssue).join('\n')).toMatch(/^portside\.yaml:1:10 project:/m);
  });
});
