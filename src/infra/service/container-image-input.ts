import { CfnCondition, CfnParameter, Fn, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The container image as an input of the service stack: a CloudFormation parameter the delivery
 * pipeline sets, so a new image deploys without synthesis.
 *
 * Until a first image exists the parameter is empty: the service is created with zero tasks and a
 * placeholder image, so the first deploy never waits for tasks that cannot start. `cdk deploy`
 * keeps the previous parameter value, so an infrastructure deploy never reverts the image.
 */
export class ContainerImageInput extends Construct {
  /** Placeholder that never runs: the service has no tasks while no image is set. */
  public static readonly PLACEHOLDER_IMAGE = 'public.ecr.aws/docker/library/busybox:stable';

  public readonly parameter: CfnParameter;
  public readonly hasImage: CfnCondition;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Created at stack level so the logical id is exactly `ImageUri`: a contract with the pipeline.
    const stack = Stack.of(scope);
    this.parameter = new CfnParameter(stack, 'ImageUri', {
      type: 'String',
      default: '',
      description: 'Container image (repository URI with an immutable tag or @sha256 digest) set by the delivery pipeline; empty until the first build',
      allowedPattern: '^$|^[a-z0-9][a-z0-9.-]*(:[0-9]+)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]{1,128}|@sha256:[a-f0-9]{64})$',
      constraintDescription: 'an image URI with a tag or a sha256 digest, or empty',
    });
    this.hasImage = new CfnCondition(stack, 'HasImage', {
      expression: Fn.conditionNot(Fn.conditionEquals(this.parameter.valueAsString, '')),
    });
  }

  /** The image to run: the parameter, or the placeholder while it is empty. */
  public get imageUri(): string {
    return Fn.conditionIf(this.hasImage.logicalId, this.parameter.valueAsString, ContainerImageInput.PLACEHOLDER_IMAGE).toString();
  }

  /** The task count to ask for: `count` once an image is set, zero before. */
  public taskCount(count: number): number {
    return Token.asNumber(Fn.conditionIf(this.hasImage.logicalId, count, 0));
  }
}
