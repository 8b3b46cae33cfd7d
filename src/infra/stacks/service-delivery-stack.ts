import { Stack, StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ImagePipelinePlan } from '../../manifest/plan';
import { artifactBucketName } from '../delivery/delivery-storage';
import { acknowledgeArtifactGrants } from '../delivery/grant-acknowledgements';
import { ImageBuildProject } from '../delivery/image-build-project';
import { ImagePipeline, imagePipelineName } from '../delivery/image-pipeline';

/** What the delivery stack shares with every service's pipelines. */
export interface SharedDelivery {
  /** Encrypts the artifacts (the bucket itself is found by `artifactBucketName`), logs and approvals. */
  readonly key: kms.IKey;
  readonly buildLogs: logs.ILogGroup;
  readonly connectionArn: string;
  readonly approvalTopic: sns.ITopic;
  /** The one project every pipeline's deploy steps run. */
  readonly deploy: codebuild.IProject;
}

export interface ServiceDeliveryStackProps extends StackProps {
  readonly project: string;
  readonly service: string;
  /** This service's pipelines, one per branch (all of one service). */
  readonly pipelines: readonly ImagePipelinePlan[];
  /**
   * The service's ECR repository, `<project>/<service>`, in the delivery stack (images outlive
   * pipelines). Found by name, not exported: an export per service would pass the delivery stack's
   * 200 outputs at about 66 services, and an exported repository could never be replaced.
   */
  readonly repositoryName: string;
  readonly shared: SharedDelivery;
}

/** The CDK id of a service's delivery stack: `Delivery-<service>` (the platform pipeline selects `Delivery-*`). */
export function serviceDeliveryStackId(service: string): string {
  return `${SERVICE_DELIVERY_STACK_PREFIX}${service}`;
}
export const SERVICE_DELIVERY_STACK_PREFIX = 'Delivery-';

export function serviceDeliveryStackName(project: string, service: string): string {
  return `${project}-${service}-delivery`;
}

/**
 * `<project>-<service>-delivery`: one service's image build project and its pipelines (one per
 * branch), about ten resources a service. One stack per service, not one for all: a shared stack
 * passes CloudFormation's 500 resources at about 48 services, and a service's stack never changes
 * when another service is added or removed. Stateless: the repository and its images stay in the
 * delivery stack, so replacing or deleting this stack loses no image.
 */
export class ServiceDeliveryStack extends Stack {
  public readonly build: ImageBuildProject;
  public readonly pipelines = new Map<string, ImagePipeline>();

  constructor(scope: Construct, id: string, props: ServiceDeliveryStackProps) {
    super(scope, id, props);
    const { shared, service } = props;
    const first = props.pipelines[0];
    if (!first || props.pipelines.some((pipeline) => pipeline.service !== service)) {
      throw new Error(`the delivery stack of ${service} takes that service's pipelines only, at least one`);
    }
    const repository = ecr.Repository.fromRepositoryName(this, 'Repository', props.repositoryName);
    // By name: a reference to the delivery stack's bucket would name its logical id in every grant.
    const artifactBucket = s3.Bucket.fromBucketAttributes(this, 'Artifacts', {
      bucketName: artifactBucketName(props.project, this.account, this.region),
      encryptionKey: shared.key,
    });
    this.build = new ImageBuildProject(this, 'Build', {
      projectName: `${props.project}-${service}-image`,
      service,
      repository,
      dockerfile: first.dockerfile,
      architecture: first.architecture,
      encryptionKey: shared.key,
      logGroup: shared.buildLogs,
    });
    acknowledgeArtifactGrants(this.build.project, artifactBucket);

    for (const pipeline of props.pipelines) {
      const pipelineName = imagePipelineName(props.project, service, pipeline.branch);
      if (this.pipelines.has(pipelineName)) {
        throw new Error(`two branches of ${service} give the pipeline name ${pipelineName}; rename one of the branches`);
      }
      this.pipelines.set(pipelineName, new ImagePipeline(this, `Pipeline-${pipelineName}`, {
        pipelineName,
        project: props.project,
        plan: pipeline,
        connectionArn: shared.connectionArn,
        artifactBucket,
        build: this.build.project,
        deploy: shared.deploy,
        repositoryName: props.repositoryName,
        approvalTopic: shared.approvalTopic,
      }));
    }
  }
}
