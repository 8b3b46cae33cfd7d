/**
 * The delivery pipelines as `portside plan` shows them, read from the synthesized delivery template:
 * where each pipeline's source is and what it does after, in order.
 */
import type { CfnResource } from './assembly-reader';

export interface PipelineSummary {
  readonly name: string;
  /** `owner/repo@branch`. */
  readonly source: string;
  /** The stages after the source: `build`, `check`, `plan`, `review if at risk`, an environment name, or `approve → <env>`. */
  readonly steps: readonly string[];
}

interface PipelineStage {
  readonly Name: string;
  readonly Actions: readonly { readonly ActionTypeId: { readonly Category: string }; readonly Configuration?: Record<string, unknown> }[];
  /** Entry conditions: a stage whose condition skips it is entered only when its rule passes. */
  readonly BeforeEntry?: { readonly Conditions?: readonly { readonly Result?: string }[] };
}

/** A step a stage entered only on a condition reads as (the platform pipeline's review of a stateful change). */
export const CONDITIONAL_REVIEW_STEP = 'review if at risk';

/**
 * What a stage does, in a word or two: `Deploy-prod` deploys `prod`, `Plan-prod` plans it against
 * what is deployed, a stage skipped unless its entry condition passes is the review of a plan that
 * puts data at risk; any other stage by its name (`build`, `check`).
 */
export function stageLabel(stage: PipelineStage): string {
  if (stage.BeforeEntry?.Conditions?.some((condition) => condition.Result === 'SKIP')) return CONDITIONAL_REVIEW_STEP;
  if (stage.Name.startsWith('Deploy-')) return stage.Name.slice('Deploy-'.length);
  if (stage.Name.startsWith('Plan-')) return 'plan';
  return stage.Name.toLowerCase();
}

/** A stage as a step: `Deploy-prod` with an approval reads `approve → prod`. */
function step(stage: PipelineStage): string {
  const label = stageLabel(stage);
  const approved = label !== CONDITIONAL_REVIEW_STEP && stage.Actions.some((action) => action.ActionTypeId.Category === 'Approval');
  return approved ? `approve → ${label}` : label;
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
