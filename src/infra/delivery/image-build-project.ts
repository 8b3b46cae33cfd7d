import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CpuArchitecture } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import { imageBuildSpec } from './buildspecs';
import { acknowledgeCodeBuildDefaults } from './grant-acknowledgements';

export interface ImageBuildProjectProps {
  readonly projectName: string;
  readonly service: string;
  readonly repository: ecr.IRepository;
  readonly dockerfile: string;
  readonly architecture: CpuArchitecture;
  readonly encryptionKey: kms.IKey;
  readonly logGroup: logs.ILogGroup;
}

/** Docker's name for the platform of an architecture. */
export function dockerPlatform(architecture: CpuArchitecture): string {
  return architecture === 'arm64' ? 'linux/arm64' : 'linux/amd64';
}

/**
 * The CodeBuild project that tests and builds one service's image on the service's own CPU
 * architecture (no emulation) and pushes it to the service's repository, and nowhere else.
 */
export class ImageBuildProject extends Construct {
  public readonly project: codebuild.PipelineProject;

  constructor(scope: Construct, id: string, props: ImageBuildProjectProps) {
    super(scope, id);
    this.project = new codebuild.PipelineProject(this, 'Project', {
      projectName: props.projectName,
      description: `Tests and builds the ${props.service} image once per commit, and pushes it to ${props.repository.repositoryName}`,
      buildSpec: codebuild.BuildSpec.fromObject(imageBuildSpec()),
      environment: {
        // Images whose Docker ships buildx (registry layer cache): x86_64 standard 5.0, aarch64 standard 3.0.
        buildImage: props.architecture === 'arm64'
          ? codebuild.LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0
          : codebuild.LinuxBuildImage.AMAZON_LINUX_2023_5,
        computeType: codebuild.ComputeType.SMALL,
        // The Docker daemon needs it; the build runs only code from the service's own repository.
        privileged: true,
        environmentVariables: {
          REPOSITORY_URI: { value: props.repository.repositoryUri },
          DOCKERFILE: { value: props.dockerfile },
          PLATFORM: { value: dockerPlatform(props.architecture) },
        },
      },
      encryptionKey: props.encryptionKey,
      logging: { cloudWatch: { logGroup: props.logGroup, prefix: `build/${props.service}` } },
      timeout: Duration.minutes(30),
      queuedTimeout: Duration.minutes(60),
    });
    props.repository.grantPullPush(this.project);
    this.project.addToRolePolicy(new iam.PolicyStatement({
      actions: ['ecr:DescribeImages'],
      resources: [props.repository.repositoryArn],
    }));
    acknowledgeCodeBuildDefaults(this.project);
    acknowledge(this.project, {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken has no resource-level permissions; pushes are limited to this service\'s repository',
    }, {
      // Privileged mode is AwsSolutions' retired CB3; the Control Tower proactive control still flags it.
      id: 'CT.CODEBUILD.PR.4',
      reason: 'privileged mode runs the Docker daemon that builds the image; the build runs only the service repository\'s own Dockerfile and pushes only to its own ECR repository',
    });
  }
}
