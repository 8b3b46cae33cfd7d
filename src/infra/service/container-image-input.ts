import { Aws, CfnCondition, CfnParameter, Fn, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The container image as an input of the service stack: a CloudFormation parameter the delivery
 * pipeline sets, so a new image deploys without synthesis.
 *
 * Until a first image exists the parameter is empty: the service is created with zero tasks and a
 * placeholder image, so the first deploy never waits for tasks that cannot start. `cdk deploy`
 * keeps the previous parameter values, so an infrastructure deploy never reverts the image.
 *
 * The task count is written only when the pipeline asks for it (`SetTaskCount=true`, which it does
 * for the first image): on every other update the service's DesiredCount is left out of the
 * template, so CloudFormation leaves the count that autoscaling chose alone (it otherwise resets it
 * to the template's value whenever the service changes, e.g. on every new image).
 */
export class ContainerImageInput extends Construct {
  /** Placeholder that never runs: the service has no tasks while no image is set. */
  public static readonly PLACEHOLDER_IMAGE = 'public.ecr.aws/docker/library/busybox:stable';

  public readonly parameter: CfnParameter;
  public readonly hasImage: CfnCondition;
  private setsTaskCountCondition?: CfnCondition;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Created at stack level so the logical ids are exactly `ImageUri` and `SetTaskCount`: a contract with the pipeline.
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

  /**
   * Whether this update sets the task count, with its `SetTaskCount` parameter: created on first
   * use, so a stack without a service (a job) has neither; the pipeline then passes only ImageUri.
   */
  public get setsTaskCount(): CfnCondition {
    if (!this.setsTaskCountCondition) {
      const stack = Stack.of(this);
      const parameter = new CfnParameter(stack, 'SetTaskCount', {
        type: 'String',
        default: 'false',
        allowedValues: ['true', 'false'],
        description: 'true: set the task count to the manifest\'s desiredCount in this update (the pipeline does so for the first image); false: keep the count autoscaling chose',
      });
      this.setsTaskCountCondition = new CfnCondition(stack, 'SetsTaskCount', {
        expression: Fn.conditionEquals(parameter.valueAsString, 'true'),
      });
    }
    return this.setsTaskCountCondition;
  }

  /** The image to run: the parameter, or the placeholder while it is empty. */
  public get imageUri(): string {
    return Fn.conditionIf(this.hasImage.logicalId, this.parameter.valueAsString, ContainerImageInput.PLACEHOLDER_IMAGE).toString();
  }

  /** A scaling bound: `count` once an image is set, zero before. */
  public taskCount(count: number): number {
    return Token.asNumber(Fn.conditionIf(this.hasImage.logicalId, count, 0));
  }

  /**
   * The service's DesiredCount: zero before the first image; `count` in an update that sets the
   * task count; otherwise absent, so the running count stays where autoscaling put it.
   */
  public desiredCount(count: number): number {
    return Token.asNumber(Fn.conditionIf(this.hasImage.logicalId,
      Fn.conditionIf(this.setsTaskCount.logicalId, count, Aws.NO_VALUE),
      0));
  }
}
