import { describe, expect, it } from 'vitest';
import { referencePlan, synthesize } from '../support/reference';

/** Asset hashes change with any dependency bump; they say nothing about the infrastructure. */
function withoutAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}

describe('reference manifest templates', () => {
  const platform = synthesize(referencePlan());
  const stacks = [...platform.stages.values()].flatMap((stage) => stage.stacks);

  it.each(stacks.map((s) => s.stackName))('%s matches its snapshot (beside the targeted tests, never instead)', (stackName) => {
    expect(withoutAssetHashes(platform.template(stackName).toJSON())).toMatchSnapshot();
  });
});
