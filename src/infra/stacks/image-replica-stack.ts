import { Stack, StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { BUILD_CACHE_TAG } from '../delivery/buildspecs';
import { imageLifecycleRules, lifecyclePolicyText } from '../delivery/image-lifecycle';
import { environmentAccountsPull } from '../delivery/service-image-repository';

export interface ImageReplicaStackProps extends StackProps {
  readonly project: string;
  /** Accounts whose environments pull the replicas (the delivery account needs no grant). */
  readonly pullAccounts: readonly string[];
  /** Cost-allocation tags of the replica repositories ECR creates (it cannot take them from this stack). */
  readonly repositoryTags: Readonly<Record<string, string>>;
}

/** `<project>-image-replica`: a contract, in the delivery account, in drRegion. */
export function imageReplicaStackName(project: string): string {
  return `${project}-image-replica`;
}

/**
 * `<project>-image-replica`, in the delivery account and drRegion: how ECR creates the replica of each
 * service repository there when the delivery stack's replication rule first copies an image into it.
 *
 * A replicated repository takes none of its source's settings: without a repository creation
 * template it would be mutable, without lifecycle rules (growing forever) and unreadable from the
 * environments' accounts, so a DR environment in another account could not pull. The template gives
 * it the source's settings. It applies only to repositories created after it exists, so the delivery
 * stack (which holds the replication rule) depends on this stack.
 */
export class ImageReplicaStack extends Stack {
  public readonly template: ecr.CfnRepositoryCreationTemplate;

  constructor(scope: Construct, id: string, props: ImageReplicaStackProps) {
    super(scope, id, props);
    // ECR assumes this role to create the replicas with tags (the service-linked role cannot tag).
    const creationRole = new iam.Role(this, 'CreationRole', {
      assumedBy: new iam.ServicePrincipal('ecr.amazonaws.com'),
      description: `ECR creates ${props.project}'s replica repositories in ${this.region} with it`,
    });
    const replicas = this.formatArn({ service: 'ecr', resource: 'repository', resourceName: `${props.project}/*` });
    creationRole.addToPolicy(new iam.PolicyStatement({
      actions: ['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource'],
      resources: [replicas],
    }));
    acknowledge(creationRole, {
      // The stack's account and region are concrete, so cdk-nag reports the ARN resolved.
      id: `AwsSolutions-IAM5[Resource::${String(this.resolve(replicas))}]`,
      reason: 'the replicas do not exist yet when the role is created: ECR creates one per service repository under the project\'s prefix, in this region and account only',
    });

    const accounts = [...new Set(props.pullAccounts)];
    this.template = new ecr.CfnRepositoryCreationTemplate(this, 'Template', {
      prefix: props.project,
      appliedFor: ['REPLICATION'],
      description: `Replicas of ${props.project}'s service images: the same settings as in the delivery region`,
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: [{ imageTagMutabilityExclusionFilterType: 'WILDCARD', imageTagMutabilityExclusionFilterValue: BUILD_CACHE_TAG }],
      encryptionConfiguration: { encryptionType: 'AES256' },
      lifecyclePolicy: lifecyclePolicyText(imageLifecycleRules()),
      repositoryPolicy: accounts.length > 0
        ? this.toJsonString(new iam.PolicyDocument({ statements: [environmentAccountsPull(accounts)] }))
        : undefined,
      resourceTags: Object.entries(props.repositoryTags).map(([key, value]) => ({ key, value })),
      customRoleArn: creationRole.roleArn,
    });
  }
}
