import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { DeployTargetPlan } from '../../manifest/plan';
import { bootstrapRoleArn } from './bootstrap-roles';
import { PLAN_VARIABLES, platformPlanSpec } from './buildspecs';

export interface EnvironmentPlanReviewProps {
  readonly project: string;
  /** The environment the plan and review come before. */
  readonly target: DeployTargetPlan;
  /** The manifest's path in the platform repository. */
  readonly manifestFile: string;
  /** The checked-out platform repository (the plan synthesizes it again, as of that commit). */
  readonly source: codepipeline.Artifact;
  /** The build image and size of the platform steps (a full synthesis with cdk-nag). */
  readonly buildEnvironment: codebuild.BuildEnvironment;
  readonly encryptionKey: kms.IKey;
  readonly logGroup: logs.ILogGroup;
  readonly approvalTopic: sns.ITopic;
}

/** The lead-in of the review's message; the plan's summary (at most 450 characters) follows, within the approval's 500. */
export const REVIEW_MESSAGE_LEAD = 'Read before approving: ';

/**
 * What comes before an environment's deploy in the platform pipeline: a plan of that environment
 * against what CloudFormation has deployed there, then a manual approval showing its summary that
 * is entered only when the deploy would replace or remove a stateful resource, or fail on one that
 * keeps its fixed name (otherwise CodePipeline skips it). Two stages, because a stage's entry
 * condition can only read variables of earlier stages.
 *
 * The plan reads the deployed templates through the environment's CDK bootstrap lookup role, the
 * only role its project may assume: the plan of one environment cannot read another's account.
 */
export class EnvironmentPlanReview extends Construct {
  public readonly project: codebuild.PipelineProject;
  /** `Plan-<env>`: the plan, its review exported in the namespace `Plan-<env>`. */
  public readonly planStage: codepipeline.StageProps;
  /** `Review-<env>`: the approval, entered only when the plan's review asks for one. */
  public readonly reviewStage: codepipeline.StageProps;

  constructor(scope: Construct, id: string, props: EnvironmentPlanReviewProps) {
    super(scope, id);
    const { environment, account, region } = props.target;
    this.project = new codebuild.PipelineProject(this, 'Project', {
      projectName: `${props.project}-platform-plan-${environment}`,
      description: `Plans ${environment} against the templates CloudFormation has deployed there`,
      buildSpec: codebuild.BuildSpec.fromObject(platformPlanSpec(props.manifestFile)),
      environment: props.buildEnvironment,
      encryptionKey: props.encryptionKey,
      logging: { cloudWatch: { logGroup: props.logGroup, prefix: `platform/plan-${environment}` } },
      timeout: Duration.minutes(30),
    });
    this.project.addToRolePolicy(new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      // The manifest accepts the aws partition's regions only, as bootstrapRoleArn assumes.
      resources: [bootstrapRoleArn('lookup', account, region)],
    }));

    const plan = new actions.CodeBuildAction({
      actionName: 'PlanAgainstDeployed',
      project: this.project,
      input: props.source,
      variablesNamespace: `Plan-${environment}`,
      environmentVariables: { ENVIRONMENT: { value: environment } },
    });
    this.planStage = { stageName: `Plan-${environment}`, actions: [plan] };

    this.reviewStage = {
      stageName: `Review-${environment}`,
      actions: [new actions.ManualApprovalAction({
        actionName: 'ApproveStatefulChange',
        notificationTopic: props.approvalTopic,
        additionalInformation: `${REVIEW_MESSAGE_LEAD}${plan.variable(PLAN_VARIABLES.summary)}`,
      })],
      // Entered when the rule passes; when it fails (no review needed) the stage is skipped.
      beforeEntry: {
        conditions: [{
          result: codepipeline.Result.SKIP,
          rules: [new codepipeline.Rule({
            name: `ReviewNeeded-${environment}`,
            provider: 'VariableCheck',
            version: '1',
            configuration: { Variable: plan.variable(PLAN_VARIABLES.reviewNeeded), Operator: 'EQ', Value: 'true' },
          })],
        }],
      },
    };
  }
}
