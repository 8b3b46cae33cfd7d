import { Duration } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { BUILD_CACHE_TAG, DEPLOYED_TAG_PREFIX } from './buildspecs';

export interface ImageRetention {
  /** Newest builds kept: enough to promote or redeploy a recent commit. */
  readonly keepTaggedImages: number;
  /** Newest deployed images kept, whatever their age: what a rollback or a scale-out needs to pull. */
  readonly keepDeployedImages: number;
}

export const DEFAULT_IMAGE_RETENTION: ImageRetention = { keepTaggedImages: 50, keepDeployedImages: 100 };

/**
 * What a service's image repository keeps, in priority order. A rule protects the images it matches
 * from the rules after it, so an image the deploy step tagged `deployed-…` is never expired for
 * being older than the newest builds: an environment that deploys rarely can always roll back.
 */
export function imageLifecycleRules(retention: ImageRetention = DEFAULT_IMAGE_RETENTION): ecr.LifecycleRule[] {
  return [
    { rulePriority: 1, description: 'untagged layers from interrupted builds and replaced caches', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
    { rulePriority: 2, description: 'images deployed to an environment: rollback and scale-out pull them', tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: [DEPLOYED_TAG_PREFIX], maxImageCount: retention.keepDeployedImages },
    { rulePriority: 3, description: 'the registry layer cache', tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: [BUILD_CACHE_TAG], maxImageCount: 1 },
    { rulePriority: 4, description: 'keep the newest builds for promotion', tagStatus: ecr.TagStatus.ANY, maxImageCount: retention.keepTaggedImages },
  ];
}

/**
 * The rules as ECR lifecycle policy text, for what takes the text rather than rules (a repository
 * creation template); the same document `ecr.Repository` writes for them (a test compares the two).
 */
export function lifecyclePolicyText(rules: readonly ecr.LifecycleRule[]): string {
  return JSON.stringify({
    rules: rules.map((rule) => ({
      rulePriority: rule.rulePriority,
      description: rule.description,
      selection: {
        tagStatus: rule.tagStatus ?? ecr.TagStatus.ANY,
        tagPrefixList: rule.tagPrefixList,
        countType: rule.maxImageAge ? 'sinceImagePushed' : 'imageCountMoreThan',
        countNumber: rule.maxImageAge?.toDays() ?? rule.maxImageCount,
        countUnit: rule.maxImageAge ? 'days' : undefined,
      },
      action: { type: 'expire' },
    })),
  });
}
