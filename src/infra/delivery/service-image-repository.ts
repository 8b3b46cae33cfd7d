import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface ServiceImageRepositoryProps {
  /** `<project>/<service>`: the name service stacks pull from. */
  readonly repositoryName: string;
  /** Accounts whose environments run this image (pull only); the repository's own account needs no grant. */
  readonly pullAccounts: readonly string[];
  /**
   * Tagged images kept: enough for rollback and for promoting an older build.
   * @default 50
   */
  readonly keepTaggedImages?: number;
}

/**
 * One service's ECR repository, shared by every environment so an image is built once and
 * promoted: immutable tags (a commit SHA always means the same image), scan on push, lifecycle
 * rules that keep what rollback needs, and pull access for the environments' accounts.
 */
export class ServiceImageRepository extends Construct {
  public readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: ServiceImageRepositoryProps) {
    super(scope, id);
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.AES_256,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { rulePriority: 1, description: 'untagged layers from interrupted builds', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
        { rulePriority: 2, description: 'keep the newest builds for rollback and promotion', tagStatus: ecr.TagStatus.ANY, maxImageCount: props.keepTaggedImages ?? 50 },
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
