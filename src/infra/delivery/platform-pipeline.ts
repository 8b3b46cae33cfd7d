import { Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { DeliveryPlan, DeployTargetPlan } from '../../manifest/plan';
import { deployWakeRoleArn, wakeVariables } from '../sleep/deploy-wake-role';
import { cliDeployRoleArns } from './bootstrap-roles';
import { platformDeploySpec, platformSynthSpec } from './buildspecs';
import { EnvironmentPlanReview } from './environment-plan-review';
import { acknowledgeArtifactGrants, acknowledgeCodeBuildDefaults } from './grant-acknowledgements';
import { grantConnectionUse } from './github-connection';

export interface PlatformPipelineProps {
  readonly plan: DeliveryPlan;
  /** The manifest's path in the platform repository. */
  readonly manifestFile: string;
  /**
   * CDK selectors of the delivery stack and of each service's delivery stack, deployed together
   * first (`Delivery Delivery-*`): a pattern, so the action's configuration stays short at any
   * number of services.
   */
  readonly deliveryStackSelectors: readonly string[];
  readonly connectionArn: string;
  readonly artifactBucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  readonly logGroup: logs.ILogGroup;
  readonly approvalTopic: sns.ITopic;
  /** The image replica settings in drRegion: deployed with the delivery stack, which depends on them. */
  readonly imageReplica?: Stack;
  /** Per-account stacks (foundation, DR vaults, cost anomaly detection), deployed before the environments. */
  readonly accountStacks: readonly Stack[];
}

/** The artifact name of the synthesized assembly: deploy builds find it in `$CODEBUILD_SRC_DIR_Synth`. */
export const SYNTH_ARTIFACT = 'Synth';

/** CodePipeline's most stages in one pipeline (its quotas page: a minimum of 2, a maximum of 50). */
export const MAX_PIPELINE_STAGES = 50;

/** Stages before the environments' (source, check, delivery, accounts), and per environment (plan, review, deploy). */
const SHARED_STAGES = 4;
const STAGES_PER_ENVIRONMENT = 3;

/**
 * The infrastructure's own pipeline, so `cdk deploy` from a laptop is needed only once: a commit to
 * the platform repository is checked (type check, lint, tests, cdk-nag) and synthesized once, then
 * the delivery stack (this pipeline included) and every environment are deployed from that one
 * assembly in manifest order, with an approval before the environments that ask for one. Between
 * the two, the per-account stacks (audit trail, DR vaults, cost anomaly detection), so nothing but
 * the first `cdk deploy` needs a laptop. Before each environment, its plan against what is deployed
 * there, and a review that is entered only when that plan would replace or remove a stateful
 * resource (EnvironmentPlanReview).
 */
export class PlatformPipeline extends Construct {
  public readonly pipeline: codepipeline.Pipeline;

  constructor(scope: Construct, id: string, props: PlatformPipelineProps) {
    super(scope, id);
    const { plan } = props;
    const [owner, repo] = plan.github.platform.repository.split('/') as [string, string];
    const source = new codepipeline.Artifact('Source');
    const synth = new codepipeline.Artifact(SYNTH_ARTIFACT);
    const environment: codebuild.BuildEnvironment = {
      buildImage: codebuild.LinuxBuildImage.AMAZON_LINUX_2023_5,
      // Type check, tests and a full synthesis with cdk-nag want more than the small size's 3 GB.
      computeType: codebuild.ComputeType.MEDIUM,
    };

    const synthProject = new codebuild.PipelineProject(this, 'Synth', {
      projectName: `${plan.project}-platform-synth`,
      description: 'Checks the platform repository and synthesizes its cloud assembly with cdk-nag',
      buildSpec: codebuild.BuildSpec.fromObject(platformSynthSpec(props.manifestFile)),
      environment,
      encryptionKey: props.encryptionKey,
      logging: { cloudWatch: { logGroup: props.logGroup, prefix: 'platform/synth' } },
      timeout: Duration.minutes(30),
    });

    const deployProject = new codebuild.PipelineProject(this, 'Deploy', {
      projectName: `${plan.project}-platform-deploy`,
      description: 'Deploys stacks of the synthesized assembly with the CDK CLI, keeping every ImageUri parameter',
      buildSpec: codebuild.BuildSpec.fromObject(platformDeploySpec()),
      environment,
      encryptionKey: props.encryptionKey,
      logging: { cloudWatch: { logGroup: props.logGroup, prefix: 'platform/deploy' } },
      timeout: Duration.hours(2),
    });
    const sharedStacks = [...(props.imageReplica ? [props.imageReplica] : []), ...props.accountStacks];
    const places = [{ account: plan.account, region: plan.region }, ...plan.environments, ...sharedStacks];
    deployProject.addToRolePolicy(new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [...new Set(places.flatMap((place) => cliDeployRoleArns(place.account, place.region)))],
    }));

    // Sleeping environments: the deploy starts their stopped Aurora clusters first (wakeDatabasesCommand).
    const sleeping = plan.environments.filter((target) => target.wakeBeforeDeploy.length > 0);
    if (sleeping.length > 0) {
      deployProject.addToRolePolicy(new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: sleeping.map((target) => deployWakeRoleArn(plan.project, target.environment, target.account)),
      }));
    }
    const deploy = (actionName: string, stacks: string, runOrder = 1, target?: DeployTargetPlan) => new actions.CodeBuildAction({
      actionName,
      runOrder,
      project: deployProject,
      input: source,
      extraInputs: [synth],
      environmentVariables: { STACKS: { value: stacks }, ...(target ? wakeVariables(plan.project, target) : {}) },
    });

    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineName: `${plan.project}-platform`,
      pipelineType: codepipeline.PipelineType.V2,
      executionMode: codepipeline.ExecutionMode.SUPERSEDED,
      artifactBucket: props.artifactBucket,
      usePipelineRoleForActions: true,
      // When a run changes this pipeline, the run starts again on the new definition.
      restartExecutionOnUpdate: true,
      stages: [
        {
          stageName: 'Source',
          actions: [new actions.CodeStarConnectionsSourceAction({
            actionName: 'GitHub',
            connectionArn: props.connectionArn,
            owner,
            repo,
            branch: plan.github.platform.branch,
            output: source,
            triggerOnPush: true,
          })],
        },
        {
          stageName: 'Check',
          actions: [new actions.CodeBuildAction({ actionName: 'TestSynthNag', project: synthProject, input: source, outputs: [synth] })],
        },
        // The CLI orders them by dependency: replica settings, then the delivery stack, then each service's.
        { stageName: 'Delivery', actions: [deploy('Deploy', [...props.deliveryStackSelectors, ...(props.imageReplica ? [props.imageReplica.node.id] : [])].join(' '))] },
      ],
    });
    grantConnectionUse(this.pipeline, props.connectionArn);
    if (props.accountStacks.length > 0) {
      // Audit, backups' DR vaults and cost guardrails of every account, before any environment.
      this.pipeline.addStage({ stageName: 'Accounts', actions: [deploy('Deploy', props.accountStacks.map((stack) => stack.node.id).join(' '))] });
    }

    for (const project of [synthProject, deployProject]) acknowledgeCodeBuildDefaults(project);
    acknowledgeArtifactGrants(synthProject, props.artifactBucket);
    // The deploy project reads the synthesized assembly and writes nothing.
    acknowledgeArtifactGrants(deployProject, props.artifactBucket, { readOnly: true });
    acknowledgeArtifactGrants(this.pipeline, props.artifactBucket);

    const stages = SHARED_STAGES + STAGES_PER_ENVIRONMENT * plan.environments.length;
    if (stages > MAX_PIPELINE_STAGES) {
      throw new Error(`the platform pipeline would have ${stages} stages, over CodePipeline's ${MAX_PIPELINE_STAGES}: `
        + `at most ${Math.floor((MAX_PIPELINE_STAGES - SHARED_STAGES) / STAGES_PER_ENVIRONMENT)} environments per manifest`);
    }
    for (const target of plan.environments) {
      // Before each environment: its plan against what is deployed, and a review when it risks data.
      const review = new EnvironmentPlanReview(this, `PlanReview-${target.environment}`, {
        project: plan.project, target, manifestFile: props.manifestFile, source, buildEnvironment: environment,
        encryptionKey: props.encryptionKey, logGroup: props.logGroup, approvalTopic: props.approvalTopic,
      });
      acknowledgeCodeBuildDefaults(review.project);
      // The plan step reads the source and writes nothing to the artifact bucket.
      acknowledgeArtifactGrants(review.project, props.artifactBucket, { readOnly: true });
      this.pipeline.addStage(review.planStage);
      this.pipeline.addStage(review.reviewStage);

      const stageActions: codepipeline.IAction[] = [];
      if (target.approval) {
        stageActions.push(new actions.ManualApprovalAction({
          actionName: 'Approve',
          runOrder: 1,
          notificationTopic: props.approvalTopic,
          additionalInformation: `Deploy the infrastructure of ${plan.project} to ${target.environment} (${target.account}, ${target.region})?`,
        }));
      }
      // A stage's stacks are selected by its id (the environment name): network, data, services.
      stageActions.push(deploy('Deploy', `${target.environment}/*`, 2, target));
      this.pipeline.addStage({ stageName: `Deploy-${target.environment}`, actions: stageActions });
    }
  }
}
