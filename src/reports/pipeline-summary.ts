/**
 * The delivery pipelines as `portside plan` shows them, read from the synthesized delivery template:
 * where each pipeline's source is and what it does after, in order.
 */
import type { CfnResource } from './assembly-reader';

export interface PipelineSummary {
  readonly name: string;
  /** `owner/repo@branch`. */
  readonly source: string;
  /** The stages after the source: `build`, `check`, an environment name, or `approve → <env>`. */
  readonly steps: readonly string[];
}

interface PipelineStage {
  readonly Name: string;
  readonly Actions: readonly { readonly ActionTypeId: { readonly Category: string }; readonly Configuration?: Record<string, unknown> }[];
}

/** A stage as a step: `Deploy-prod` with an approval reads `approve → prod`. */
function step(stage: PipelineStage): string {
  const target = stage.Name.startsWith('Deploy-') ? stage.Name.slice('Deploy-'.length) : stage.Name.toLowerCase();
  const approved = stage.Actions.some((action) => action.ActionTypeId.Category === 'Approval');
  return approved ? `approve → ${target}` : target;
}

export function summarizePipelines(resources: Readonly<Record<string, CfnResource>>): PipelineSummary[] {
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::CodePipeline::Pipeline')
    .map((resource) => {
      const properties = resource.Properties as { Name: string; Stages: PipelineStage[] };
      const [source, ...rest] = properties.Stages;
      const configuration = source?.Actions[0]?.Configuration ?? {};
      return {
        name: properties.Name,
        source: `${String(configuration.FullRepositoryId)}@${String(configuration.BranchName)}`,
        steps: rest.map(step),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
