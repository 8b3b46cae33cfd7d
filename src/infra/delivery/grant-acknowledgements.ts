import { CfnElement, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';

/**
 * The wildcards CDK's own pipeline grants write into a role, acknowledged finding by finding with
 * what bounds each one, so any other wildcard on the same role is still reported.
 *
 * `grantedByName`: the role is granted the bucket only as imported by its name (the shared deploy
 * project, which the service delivery stacks' pipelines grant), not as this stack's resource.
 * `readOnly`: the role only reads artifacts (CDK's read grant has no Abort* or DeleteObject*), so
 * those are not acknowledged: an acknowledgement that matches nothing would go stale unnoticed.
 */
export function acknowledgeArtifactGrants(scope: IConstruct, artifactBucket: s3.IBucket, options: { grantedByName?: boolean; readOnly?: boolean } = {}): void {
  const stack = Stack.of(scope);
  const bucketArns = ownedBy(artifactBucket, stack)
    ? [options.grantedByName ? arnByName(stack, artifactBucket) : `<${stack.getLogicalId(artifactBucket.node.defaultChild as CfnElement)}.Arn>`]
    // Imported by name (the service delivery stacks): a literal ARN in a stack with a known region.
    : [literalArn(stack, artifactBucket.bucketArn)];
  acknowledge(scope,
    ...[...(options.readOnly ? [] : ['s3:Abort*', 's3:DeleteObject*']), 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: 'CDK\'s artifact grant: these S3 action groups apply only to the delivery artifact bucket and its objects',
    })),
    ...bucketArns.map((bucketArn) => ({
      id: `AwsSolutions-IAM5[Resource::${bucketArn}/*]`,
      reason: 'pipeline artifacts are objects with generated keys in the one delivery artifact bucket',
    })),
    ...['kms:GenerateDataKey*', 'kms:ReEncrypt*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: 'CDK\'s grant on the delivery key only, which encrypts the artifacts, build outputs and approval messages',
    })),
  );
}

/** The ARN of an owned bucket with a literal name, as a stack importing it by that name renders it. */
function arnByName(stack: Stack, bucket: s3.IBucket): string {
  const name: unknown = (bucket.node.defaultChild as s3.CfnBucket).bucketName;
  if (typeof name !== 'string') throw new Error(`the artifact bucket ${bucket.node.path} has no literal name`);
  // The ARN an import by name builds (no imported construct is added just to read it).
  return literalArn(stack, stack.formatArn({ service: 's3', region: '', account: '', resource: name }));
}

function literalArn(stack: Stack, arn: string): string {
  const resolved: unknown = stack.resolve(arn);
  if (typeof resolved !== 'string') throw new Error(`the artifact bucket's ARN in ${stack.stackName} is not literal: ${JSON.stringify(resolved)}`);
  return resolved;
}

/** Whether the bucket is a resource of this stack (rather than imported into it). */
function ownedBy(bucket: s3.IBucket, stack: Stack): boolean {
  return bucket.node.defaultChild instanceof CfnElement && Stack.of(bucket) === stack;
}

/** CodeBuild's default grants: the project's own log group and report groups, named after it. */
export function acknowledgeCodeBuildDefaults(project: codebuild.Project): void {
  const stack = Stack.of(project);
  const id = stack.getLogicalId(project.node.defaultChild as CfnElement);
  acknowledge(project,
    {
      id: `AwsSolutions-IAM5[Resource::arn:aws:logs:${stack.region}:${stack.account}:log-group:/aws/codebuild/<${id}>:*]`,
      reason: 'CodeBuild\'s default log group of this one project; its streams are named per build',
    },
    {
      id: `AwsSolutions-IAM5[Resource::arn:aws:codebuild:${stack.region}:${stack.account}:report-group/<${id}>-*]`,
      reason: 'the test report groups of this one project, which CodeBuild names after it',
    },
  );
  const source = (project.node.defaultChild as codebuild.CfnProject).source as codebuild.CfnProject.SourceProperty;
  if (source.type === 'CODEPIPELINE') {
    // The rule looks for OAuth on a GitHub or Bitbucket URL and flags a project that has no URL at all.
    acknowledge(project, {
      id: 'HIPAA.Security-CodeBuildProjectSourceRepoUrl',
      reason: 'the source is the pipeline\'s artifact (CodeConnections reads GitHub): the project has no repository URL, so no credential can be in one',
    });
  }
}
