import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { BUILD_CACHE_TAG } from './buildspecs';
import { DEFAULT_IMAGE_RETENTION, imageLifecycleRules } from './image-lifecycle';

export interface ServiceImageRepositoryProps {
  /** `<project>/<service>`: the name service stacks pull from. */
  readonly repositoryName: string;
  /** Accounts whose environments run this image (pull only); the repository's own account needs no grant. */
  readonly pullAccounts: readonly string[];
  /**
   * Newest builds kept: enough to promote or redeploy a recent commit.
   * @default 50
   */
  readonly keepTaggedImages?: number;
  /**
   * Newest deployed images kept, whatever their age: what a rollback or a scale-out needs to pull.
   * @default 100
   */
  readonly keepDeployedImages?: number;
}

/** The repository policy statement that lets the environments' accounts pull (and nothing else). */
export function environmentAccountsPull(accounts: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'EnvironmentAccountsPull',
    principals: accounts.map((account) => new iam.AccountPrincipal(account)),
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  });
}

/**
 * One service's ECR repository, shared by every environment so an image is built once and
 * promoted: immutable tags (a commit SHA always means the same image; only the layer cache tag
 * moves), scan on push, lifecycle rules that keep what rollback needs, and pull access for the
 * environments' accounts. The lifecycle rules are `imageLifecycleRules`.
 */
export class ServiceImageRepository extends Construct {
  public readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: ServiceImageRepositoryProps) {
    super(scope, id);
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION,
      imageTagMutabilityExclusionFilters: [ecr.ImageTagMutabilityExclusionFilter.wildcard(BUILD_CACHE_TAG)],
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.AES_256,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: imageLifecycleRules({
        keepTaggedImages: props.keepTaggedImages ?? DEFAULT_IMAGE_RETENTION.keepTaggedImages,
        keepDeployedImages: props.keepDeployedImages ?? DEFAULT_IMAGE_RETENTION.keepDeployedImages,
      }),
    });
    acknowledge(this.repository, {
      id: 'CT.ECR.PR.3',
      reason: `tags are immutable except ${BUILD_CACHE_TAG}, the registry layer cache every build overwrites; images are deployed by digest, never by that tag`,
    });
    const accounts = [...new Set(props.pullAccounts)];
    if (accounts.length > 0) {
      this.repository.addToResourcePolicy(environmentAccountsPull(accounts));
    }
  }
}
