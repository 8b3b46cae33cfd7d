import { describe, expect, it } from 'vitest';
import type { CfnResource } from '../../src/reports/assembly-reader';
import { summarizePipelines } from '../../src/reports/pipeline-summary';

const action = (Category: string, Configuration: Record<string, unknown> = {}) => ({ ActionTypeId: { Category }, Configuration });

describe('summarizePipelines', () => {
  it('reads the platform pipeline\'s stages as steps: a plan, a review entered only on a condition, an approval before an environment', () => {
    const pipeline: CfnResource = {
      Type: 'AWS::CodePipeline::Pipeline',
      Properties: {
        Name: 'shop-platform',
        Stages: [
          { Name: 'Source', Actions: [action('Source', { FullRepositoryId: 'shop/platform', BranchName: 'main' })] },
          { Name: 'Check', Actions: [action('Build')] },
          { Name: 'Plan-prod', Actions: [action('Build')] },
          { Name: 'Review-prod', Actions: [action('Approval')], BeforeEntry: { Conditions: [{ Result: 'SKIP', Rules: [] }] } },
          { Name: 'Deploy-prod', Actions: [action('Approval'), action('Build')] },
        ],
      },
    };
    expect(summarizePipelines({ Pipeline: pipeline })).toEqual([
      { name: 'shop-platform', source: 'shop/platform@main', steps: ['check', 'plan', 'review if at risk', 'approve → prod'] },
    ]);
  });
});
