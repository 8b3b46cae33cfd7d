import { wakeVariables } from '../sleep/deploy-wake-role';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ImagePipelinePlan } from '../../manifest/plan';
import { stackNames } from '../stacks/environment-stage';
import { bootstrapRoleArn } from './bootstrap-roles';
import { acknowledgeArtifactGrants } from './grant-acknowledgements';
import { grantConnectionUse } from './github-connection';

export interface ImagePipelineProps {
  readonly pipelineName: string;
  readonly project: string;
  readonly plan: ImagePipelinePlan;
  readonly connectionArn: string;
  readonly artifactBucket: s3.IBucket;
  readonly build: codebuild.IProject;
  readonly deploy: codebuild.IProject;
  /** `<project>/<service>`: where the deploy step tags the images it deploys. */
  readonly repositoryName: string;
  readonly approvalTopic: sns.ITopic;
}

/** Pipeline variable namespaces: `#{Source.CommitId}`, `#{Image.IMAGE_URI}`. */
export const SOURCE_NAMESPACE = 'Source';
export const IMAGE_NAMESPACE = 'Image';

/**
 * One service's pipeline for one branch, the case study's seven steps: a commit on the branch (1)
 * starts it (2); CodeBuild runs the tests and builds the image (3) and pushes it to ECR tagged
 * with the commit (4); the deploy step hands the image, by digest, to the service stack of each
 * environment on this branch (5), whose new task definition (6) ECS rolls out (7). An environment
 * with `approval: true` waits for a person first, and gets the same image.
 */
export class ImagePipeline extends Construct {
  public readonly pipeline: codepipeline.Pipeline;

  constructor(scope: Construct, id: string, props: ImagePipelineProps) {
    super(scope, id);
    const { plan } = props;
    const [owner, repo] = plan.repository.split('/') as [string, string];
    const source = new codepipeline.Artifact('Source');
    const image = new codepipeline.Artifact('Image');

    const sourceAction = new actions.CodeStarConnectionsSourceAction({
      actionName: 'GitHub',
      connectionArn: props.connectionArn,
      owner,
      repo,
      branch: plan.branch,
      output: source,
      triggerOnPush: true,
      variablesNamespace: SOURCE_NAMESPACE,
    });
    const buildAction = new actions.CodeBuildAction({
      actionName: 'TestBuildPush',
      project: props.build,
      input: source,
      outputs: [image],
      variablesNamespace: IMAGE_NAMESPACE,
      environmentVariables: { COMMIT_ID: { value: sourceAction.variables.commitId } },
    });
    const imageUri = buildAction.variable('IMAGE_URI');

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: props.pipelineName,
      pipelineType: codepipeline.PipelineType.V2,
      // A newer commit overtakes an older one still waiting for approval.
      executionMode: codepipeline.ExecutionMode.SUPERSEDED,
      artifactBucket: props.artifactBucket,
      // One role per pipeline instead of one per action keeps the stack far from 500 resources.
      usePipelineRoleForActions: true,
      stages: [
        { stageName: 'Source', actions: [sourceAction] },
        { stageName: 'Build', actions: [buildAction] },
      ],
    });
    grantConnectionUse(this.pipeline, props.connectionArn);

    acknowledgeArtifactGrants(this.pipeline, props.artifactBucket);

    let deployedTo: string[] = [];
    for (const target of plan.targets) {
      const stageActions: codepipeline.IAction[] = [];
      if (target.approval) {
        const ranIn = deployedTo.length > 0 ? `, which already runs in ${deployedTo.join(', ')}` : '';
        stageActions.push(new actions.ManualApprovalAction({
          actionName: 'Approve',
          runOrder: 1,
          notificationTopic: props.approvalTopic,
          additionalInformation: `Deploy ${plan.service} ${imageUri} (commit ${sourceAction.variables.commitId} on ${plan.branch})${ranIn} to ${target.environment}?`,
          externalEntityLink: `https://github.com/${plan.repository}/commit/${sourceAction.variables.commitId}`,
        }));
      }
      stageActions.push(new actions.CodeBuildAction({
        actionName: 'Deploy',
        runOrder: 2,
        project: props.deploy,
        input: image,
        environmentVariables: {
          SERVICE: { value: plan.service },
          ENVIRONMENT: { value: target.environment },
          STACK_NAME: { value: stackNames({ project: props.project, name: target.environment }).service(plan.service) },
          TARGET_REGION: { value: target.region },
          IMAGE_REGION: { value: target.imageRegion },
          DEPLOY_ROLE_ARN: { value: bootstrapRoleArn('deploy', target.account, target.region) },
          EXECUTION_ROLE_ARN: { value: bootstrapRoleArn('cfn-exec', target.account, target.region) },
          REPOSITORY_NAME: { value: props.repositoryName },
          IMAGE_URI: { value: imageUri },
          ...wakeVariables(props.project, target),
        },
      }));
      this.pipeline.addStage({ stageName: `Deploy-${target.environment}`, actions: stageActions });
      deployedTo = [...deployedTo, target.environment];
    }
  }
}

/** A CodePipeline name (≤ 100 of A–Z a–z 0–9 . @ - _) for a service's pipeline on a branch. */
export function imagePipelineName(project: string, service: string, branch: string): string {
  return `${project}-${service}-${branch.replace(/[^A-Za-z0-9.@_-]/g, '-')}`.slice(0, 100);
}
