import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One cdk-nag finding Portside accepts on purpose, with the reason a reviewer can check. */
export interface Acknowledgement {
  /** Rule id, optionally with its granular finding: `AwsSolutions-IAM5[Action::ecr:GetAuthorizationToken]`. */
  readonly id: string;
  /** Why this finding is acceptable here: specific to the resource, never generic. */
  readonly reason: string;
}

/**
 * Acknowledges cdk-nag findings on a construct and its children.
 * Reasons must say why (at least 20 characters) so a bare or blanket acknowledgement cannot slip in.
 */
export function acknowledge(scope: IConstruct, ...acks: Acknowledgement[]): void {
  for (const ack of acks) {
    if (ack.reason.trim().length < 20) {
      throw new Error(`acknowledgement of ${ack.id} on ${scope.node.path} needs a specific reason`);
    }
    // The bare rule id: CDK files it as `Annotation::<id>`, which is what cdk-nag 3.0 looks up
    // (it does not match the `AwsSolutions::<id>` form CDK's report suggests; a test pins this).
    Validations.of(scope).acknowledge({ id: ack.id, reason: ack.reason });
  }
}

