/**
 * The delivery side of an environment's diagram: the image pipelines that deploy its services and
 * the platform pipeline that deploys its stacks, read from the delivery stacks' templates.
 */
import type { PortsidePlan } from '../../manifest/plan';
import type { CfnResource, SynthesizedStack } from '../assembly-reader';
import { stageLabel } from '../pipeline-summary';
import { resourcesOfType, TemplateReferences } from './template-references';

function propertiesOf(resource: CfnResource): Record<string, unknown> {
  return resource.Properties ?? {};
}

/** A service's image pipeline for the branch this environment deploys. */
export interface ImagePipelineView {
  readonly name: string;
  readonly service: string;
  /** GitHub `owner/repo` and branch. */
  readonly repository: string;
  readonly branch: string;
  readonly buildProject: string;
  /** Docker platform the image is built for (`linux/arm64`). */
  readonly platform: string;
  readonly imageRepository: string;
  /** A person approves before this environment gets the image. */
  readonly approval: boolean;
  /** The service stack the pipeline deploys the image to. */
  readonly stackName: string;
}

/** A pipeline that deploys the infrastructure (the platform pipeline). */
export interface PlatformPipelineView {
  readonly name: string;
  readonly repository: string;
  readonly branch: string;
  /** The stages before this environment's deployment (`check`, `delivery`, `dev`, …). */
  readonly stepsBefore: readonly string[];
  readonly approval: boolean;
}

export interface DeliveryView {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly imagePipelines: readonly ImagePipelineView[];
  readonly platformPipelines: readonly PlatformPipelineView[];
}

interface PipelineAction {
  readonly Name: string;
  readonly ActionTypeId: { readonly Category: string };
  readonly Configuration?: Record<string, unknown>;
}
interface PipelineStage {
  readonly Name: string;
  readonly Actions: readonly PipelineAction[];
  readonly BeforeEntry?: { readonly Conditions?: readonly { readonly Result?: string }[] };
}

/** The variables a CodeBuild action passes (`EnvironmentVariables` is a JSON string in the template). */
function actionVariables(action: PipelineAction | undefined): Record<string, string> {
  const text = action?.Configuration?.EnvironmentVariables;
  if (typeof text !== 'string') return {};
  try {
    return Object.fromEntries((JSON.parse(text) as { name: string; value: string }[]).map((v) => [v.name, v.value]));
  } catch {
    return {};
  }
}

export function deliveryView(templates: readonly SynthesizedStack[], plan: PortsidePlan, environment: string): DeliveryView | undefined {
  const home = templates.find((candidate) => candidate.environment === undefined && candidate.stackName === `${plan.project}-delivery`);
  if (!home) return undefined;
  // The platform pipeline lives in the delivery stack, each service's pipelines in its own delivery stack.
  const stacks = templates.filter((candidate) => candidate.environment === undefined && resourcesOfType(candidate, 'AWS::CodePipeline::Pipeline').length > 0);
  const references = new TemplateReferences(stacks);
  const imagePipelines: ImagePipelineView[] = [];
  const platformPipelines: PlatformPipelineView[] = [];
  for (const { stack, resource } of stacks.flatMap((stack) => resourcesOfType(stack, 'AWS::CodePipeline::Pipeline'))) {
    const { Name: name, Stages: stages } = propertiesOf(resource) as { Name: string; Stages: PipelineStage[] };
    const deployIndex = stages.findIndex((stage) => stage.Name === `Deploy-${environment}`);
    if (deployIndex < 0) continue;
    const deploy = stages[deployIndex]!;
    const source = stages[0]?.Actions[0]?.Configuration ?? {};
    const approval = deploy.Actions.some((action) => action.ActionTypeId.Category === 'Approval');
    const variables = actionVariables(deploy.Actions.find((action) => action.ActionTypeId.Category === 'Build'));
    const repository = String(source.FullRepositoryId);
    const branch = String(source.BranchName);
    if (variables.STACK_NAME) {
      const buildAction = stages.find((stage) => stage.Name === 'Build')?.Actions[0];
      const project = references.resolve(buildAction?.Configuration?.ProjectName, stack)?.resource;
      const projectVariables = ((propertiesOf(project ?? { Type: '' }).Environment as { EnvironmentVariables?: { Name: string; Value: unknown }[] } | undefined)?.EnvironmentVariables ?? []);
      const planned = plan.delivery.pipelines.find((pipeline) => pipeline.repository === repository && pipeline.branch === branch);
      imagePipelines.push({
        name,
        service: planned?.service ?? variables.SERVICE ?? name,
        repository,
        branch,
        buildProject: String(propertiesOf(project ?? { Type: '' }).Name ?? 'CodeBuild'),
        platform: String(projectVariables.find((v) => v.Name === 'PLATFORM')?.Value ?? 'linux/amd64'),
        imageRepository: variables.REPOSITORY_NAME ?? 'ECR',
        approval,
        stackName: variables.STACK_NAME,
      });
    } else {
      platformPipelines.push({
        name,
        repository,
        branch,
        stepsBefore: stages.slice(1, deployIndex).map(stageLabel),
        approval,
      });
    }
  }
  const order = (pipeline: ImagePipelineView) => plan.delivery.pipelines.findIndex((p) => p.service === pipeline.service && p.branch === pipeline.branch);
  return {
    stackName: home.stackName,
    account: home.account,
    region: home.region,
    imagePipelines: imagePipelines.sort((a, b) => order(a) - order(b)),
    platformPipelines: platformPipelines.sort((a, b) => a.name.localeCompare(b.name)),
  };
}
