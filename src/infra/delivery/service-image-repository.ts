import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BUILD_CACHE_TAG, DEPLOYED_TAG_PREFIX } from './buildspecs';

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

/**
 * One service's ECR repository, shared by every environment so an image is built once and
 * promoted: immutable tags (a commit SHA always means the same image; only the layer cache tag
 * moves), scan on push, lifecycle rules that keep what rollback needs, and pull access for the
 * environments' accounts.
 *
 * Lifecycle: a rule protects the images it matches from the rules after it, so an image the deploy
 * step tagged `deployed-…` is never expired for being older than the newest builds — an
 * environment that deploys rarely can always roll back and scale out.
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
      lifecycleRules: [
        { rulePriority: 1, description: 'untagged layers from interrupted builds and replaced caches', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
        { rulePriority: 2, description: 'images deployed to an environment: rollback and scale-out pull them', tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: [DEPLOYED_TAG_PREFIX], maxImageCount: props.keepDeployedImages ?? 100 },
        { rulePriority: 3, description: 'the registry layer cache', tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: [BUILD_CACHE_TAG], maxImageCount: 1 },
        { rulePriority: 4, description: 'keep the newest builds for promotion', tagStatus: ecr.TagStatus.ANY, maxImageCount: props.keepTaggedImages ?? 50 },
      ],
    });
    const accounts = [...new Set(props.pullAccounts)];
    if (accounts.length > 0) {
      this.repository.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'EnvironmentAccountsPull',
        principals: accounts.map((account) => new iam.AccountPrincipal(account)),
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      }));
    }
  }
}
