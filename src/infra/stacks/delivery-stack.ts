import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import type { DeliveryPlan } from '../../manifest/plan';
import { ApprovalTopic } from '../delivery/approval-topic';
import { bootstrapRoleArn } from '../delivery/bootstrap-roles';
import { DeliveryStorage } from '../delivery/delivery-storage';
import { GitHubConnection } from '../delivery/github-connection';
import { acknowledgeArtifactGrants } from '../delivery/grant-acknowledgements';
import { ImageBuildProject } from '../delivery/image-build-project';
import { ImagePipeline, imagePipelineName } from '../delivery/image-pipeline';
import { PlatformPipeline } from '../delivery/platform-pipeline';
import { ServiceImageRepository } from '../delivery/service-image-repository';
import { StackDeployProject } from '../delivery/stack-deploy-project';

export interface DeliveryStackProps extends StackProps {
  readonly plan: DeliveryPlan;
  /** The manifest's path in the platform repository, which the platform pipeline synthesizes. */
  readonly manifestFile: string;
  /**
   * Creates the image replicas in the plan's replicaRegion with the source repositories' settings;
   * it must exist before the first image is replicated, so this stack depends on it.
   */
  readonly imageReplica?: Stack;
  /** The per-account stacks (foundation, DR vaults, cost anomaly detection): the platform pipeline deploys them too. */
  readonly accountStacks: readonly Stack[];
}

/** The ECR repository name a service's images live in: a contract with the service stacks. */
export function imageRepositoryName(project: string, service: string): string {
  return `${project}/${service}`;
}

/**
 * `<project>-delivery`, in the first environment's account and region: everything that builds and
 * ships, shared by every environment. One ECR repository per service; per service and branch an
 * image pipeline (build once, promote by digest); the platform pipeline that deploys the
 * infrastructure itself; the GitHub connection, artifact store and approval notifications.
 */
export class DeliveryStack extends Stack {
  public readonly repositories = new Map<string, ServiceImageRepository>();
  public readonly imagePipelines = new Map<string, ImagePipeline>();
  public readonly platformPipeline: PlatformPipeline;
  public readonly connection: GitHubConnection;

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, props);
    const { plan } = props;
    const storage = new DeliveryStorage(this, 'Storage', { project: plan.project });
    this.connection = new GitHubConnection(this, 'GitHub', { project: plan.project, connectionArn: plan.github.connectionArn });
    const approvals = new ApprovalTopic(this, 'Approvals', { project: plan.project, email: plan.alertEmail, key: storage.key });

    const pullAccounts = plan.environments.map((environment) => environment.account).filter((account) => account !== this.account);
    const builds = new Map<string, ImageBuildProject>();
    for (const pipeline of plan.pipelines) {
      if (this.repositories.has(pipeline.service)) continue;
      const repository = new ServiceImageRepository(this, `Images-${pipeline.service}`, {
        repositoryName: imageRepositoryName(plan.project, pipeline.service),
        pullAccounts,
      });
      this.repositories.set(pipeline.service, repository);
      builds.set(pipeline.service, new ImageBuildProject(this, `Build-${pipeline.service}`, {
        projectName: `${plan.project}-${pipeline.service}-image`,
        service: pipeline.service,
        repository: repository.repository,
        dockerfile: pipeline.dockerfile,
        architecture: pipeline.architecture,
        encryptionKey: storage.key,
        logGroup: storage.buildLogs,
      }));
    }

    for (const build of builds.values()) acknowledgeArtifactGrants(build.project, storage.artifactBucket);
    this.replicateImages(plan, props.imageReplica);

    const deploy = new StackDeployProject(this, 'StackDeploy', {
      projectName: `${plan.project}-stack-deploy`,
      deployRoleArns: plan.environments.map((environment) => bootstrapRoleArn('deploy', environment.account, environment.region)),
      repositories: [...this.repositories.values()].map((repository) => repository.repository),
      encryptionKey: storage.key,
      logGroup: storage.buildLogs,
    });

    acknowledgeArtifactGrants(deploy.project, storage.artifactBucket);

    for (const pipeline of plan.pipelines) {
      const pipelineName = imagePipelineName(plan.project, pipeline.service, pipeline.branch);
      if (this.imagePipelines.has(pipelineName)) {
        throw new Error(`two branches of ${pipeline.service} give the pipeline name ${pipelineName}; rename one of the branches`);
      }
      this.imagePipelines.set(pipelineName, new ImagePipeline(this, `Pipeline-${pipelineName}`, {
        pipelineName,
        project: plan.project,
        plan: pipeline,
        connectionArn: this.connection.connectionArn,
        artifactBucket: storage.artifactBucket,
        build: builds.get(pipeline.service)!.project,
        deploy: deploy.project,
        repositoryName: imageRepositoryName(plan.project, pipeline.service),
        approvalTopic: approvals.topic,
      }));
    }

    this.platformPipeline = new PlatformPipeline(this, 'Platform', {
      plan,
      manifestFile: props.manifestFile,
      deliveryStackId: id,
      connectionArn: this.connection.connectionArn,
      artifactBucket: storage.artifactBucket,
      encryptionKey: storage.key,
      logGroup: storage.buildLogs,
      approvalTopic: approvals.topic,
      imageReplica: props.imageReplica,
      accountStacks: props.accountStacks,
    });

    new CfnOutput(this, 'GitHubConnectionArn', {
      value: this.connection.connectionArn,
      description: this.connection.created
        ? 'Created PENDING: confirm it once in the console (Developer Tools > Settings > Connections) before the pipelines can read GitHub'
        : 'The existing connection from the manifest',
    });
  }

  /**
   * Copies every image of the project's repositories to drRegion as it is pushed, so a DR environment
   * can start while this region is down. ECR has one replication configuration per registry (account
   * and region): this stack owns it, replacing any the account had (see the README).
   */
  private replicateImages(plan: DeliveryPlan, imageReplica: Stack | undefined): void {
    if (!plan.replicaRegion) return;
    if (!imageReplica) {
      throw new Error(`images are replicated to ${plan.replicaRegion}, but no stack there sets up the replicas`);
    }
    this.addStackDependency(imageReplica, 'replica repositories take their settings from the creation template, which must exist first');
    new ecr.CfnReplicationConfiguration(this, 'ImageReplication', {
      replicationConfiguration: {
        rules: [{
          destinations: [{ region: plan.replicaRegion, registryId: this.account }],
          repositoryFilters: [{ filter: `${plan.project}/`, filterType: 'PREFIX_MATCH' }],
        }],
      },
    });
  }
}
