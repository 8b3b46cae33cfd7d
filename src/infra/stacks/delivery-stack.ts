import { deployWakeRoleArn } from '../sleep/deploy-wake-role';
import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import type { DeliveryPlan } from '../../manifest/plan';
import { ApprovalTopic } from '../delivery/approval-topic';
import { bootstrapRoleArn } from '../delivery/bootstrap-roles';
import { DeliveryStorage } from '../delivery/delivery-storage';
import { GitHubConnection } from '../delivery/github-connection';
import { acknowledgeArtifactGrants } from '../delivery/grant-acknowledgements';
import { PlatformPipeline } from '../delivery/platform-pipeline';
import { ServiceImageRepository } from '../delivery/service-image-repository';
import { StackDeployProject } from '../delivery/stack-deploy-project';
import { SERVICE_DELIVERY_STACK_PREFIX, SharedDelivery } from './service-delivery-stack';

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
 * `<project>-delivery`, in the first environment's account and region: what every pipeline shares.
 * One ECR repository per service (and their replication to drRegion); the project that deploys
 * images to service stacks; the platform pipeline that deploys the infrastructure itself; the
 * GitHub connection, artifact store and approval notifications. Each service's build project and
 * image pipelines live in its own `ServiceDeliveryStack`, which finds these by name or export.
 */
export class DeliveryStack extends Stack {
  public readonly repositories = new Map<string, ServiceImageRepository>();
  /** What each service's delivery stack (`ServiceDeliveryStack`) uses from this one. */
  public readonly shared: SharedDelivery;
  public readonly platformPipeline: PlatformPipeline;
  public readonly connection: GitHubConnection;

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, props);
    const { plan } = props;
    const storage = new DeliveryStorage(this, 'Storage', { project: plan.project });
    this.connection = new GitHubConnection(this, 'GitHub', { project: plan.project, connectionArn: plan.github.connectionArn });
    const approvals = new ApprovalTopic(this, 'Approvals', { project: plan.project, email: plan.alertEmail, key: storage.key });

    const pullAccounts = plan.environments.map((environment) => environment.account).filter((account) => account !== this.account);
    for (const service of new Set(plan.pipelines.map((pipeline) => pipeline.service))) {
      this.repositories.set(service, new ServiceImageRepository(this, `Images-${service}`, {
        repositoryName: imageRepositoryName(plan.project, service),
        pullAccounts,
      }));
    }
    this.replicateImages(plan, props.imageReplica);

    const deploy = new StackDeployProject(this, 'StackDeploy', {
      projectName: `${plan.project}-stack-deploy`,
      // Each environment's CDK deploy role, and the deploy-wake role of each that sleeps.
      deployRoleArns: plan.environments.flatMap((environment) => [
        bootstrapRoleArn('deploy', environment.account, environment.region),
        ...(environment.wakeBeforeDeploy.length > 0 ? [deployWakeRoleArn(plan.project, environment.environment, environment.account)] : []),
      ]),
      repositories: [...this.repositories.values()].map((repository) => repository.repository),
      encryptionKey: storage.key,
      logGroup: storage.buildLogs,
    });
    // Every service's pipelines grant this project the bucket by its name (ServiceDeliveryStack).
    acknowledgeArtifactGrants(deploy.project, storage.artifactBucket, { grantedByName: true, readOnly: true });
    this.shared = {
      key: storage.key,
      buildLogs: storage.buildLogs,
      connectionArn: this.connection.connectionArn,
      approvalTopic: approvals.topic,
      deploy: deploy.project,
    };

    this.platformPipeline = new PlatformPipeline(this, 'Platform', {
      plan,
      manifestFile: props.manifestFile,
      deliveryStackSelectors: [id, `${SERVICE_DELIVERY_STACK_PREFIX}*`],
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
