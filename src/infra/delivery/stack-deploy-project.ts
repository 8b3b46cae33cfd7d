import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { stackDeploySpec } from './buildspecs';
import { acknowledgeCodeBuildDefaults } from './grant-acknowledgements';

export interface StackDeployProjectProps {
  readonly projectName: string;
  /** The bootstrap deploy roles of every environment it may deploy to. */
  readonly deployRoleArns: readonly string[];
  /** The repositories whose images it tags as deployed. */
  readonly repositories: readonly ecr.IRepository[];
  readonly encryptionKey: kms.IKey;
  readonly logGroup: logs.ILogGroup;
}

/**
 * The CodeBuild project every image pipeline uses to hand an image to a service stack
 * (`update-stack --use-previous-template`, see `stackDeploySpec`). The pipeline action sets which
 * stack, environment and image; the role can only assume the environments' bootstrap deploy roles.
 */
export class StackDeployProject extends Construct {
  public readonly project: codebuild.PipelineProject;

  constructor(scope: Construct, id: string, props: StackDeployProjectProps) {
    super(scope, id);
    this.project = new codebuild.PipelineProject(this, 'Project', {
      projectName: props.projectName,
      description: 'Deploys an image to a service stack: new ImageUri, previous template, waits for ECS to settle',
      buildSpec: codebuild.BuildSpec.fromObject(stackDeploySpec()),
      environment: {
        buildImage: codebuild.LinuxBuildImage.AMAZON_LINUX_2023_5,
        computeType: codebuild.ComputeType.SMALL,
      },
      encryptionKey: props.encryptionKey,
      logging: { cloudWatch: { logGroup: props.logGroup, prefix: 'deploy' } },
      // A failing deployment ends by circuit breaker or alarm well within this; see the README.
      timeout: Duration.minutes(90),
    });
    this.project.addToRolePolicy(new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [...new Set(props.deployRoleArns)],
    }));
    this.project.addToRolePolicy(new iam.PolicyStatement({
      // DescribeImageReplicationStatus: an environment in drRegion waits for the image's replica.
      actions: ['ecr:BatchGetImage', 'ecr:PutImage', 'ecr:DescribeImageReplicationStatus'],
      resources: props.repositories.map((repository) => repository.repositoryArn),
    }));
    acknowledgeCodeBuildDefaults(this.project);
  }
}
