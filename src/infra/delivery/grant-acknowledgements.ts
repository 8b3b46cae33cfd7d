import { CfnElement, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';

/**
 * The wildcards CDK's own pipeline grants write into a role, acknowledged finding by finding with
 * what bounds each one, so any other wildcard on the same role is still reported.
 */
export function acknowledgeArtifactGrants(scope: IConstruct, artifactBucket: s3.IBucket): void {
  const bucket = Stack.of(artifactBucket).getLogicalId(artifactBucket.node.defaultChild as CfnElement);
  acknowledge(scope,
    ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: 'CDK\'s artifact grant: these S3 action groups apply only to the delivery artifact bucket and its objects',
    })),
    {
      id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/*]`,
      reason: 'pipeline artifacts are objects with generated keys in the one delivery artifact bucket',
    },
    ...['kms:GenerateDataKey*', 'kms:ReEncrypt*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: 'CDK\'s grant on the delivery key only, which encrypts the artifacts, build outputs and approval messages',
    })),
  );
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
}
