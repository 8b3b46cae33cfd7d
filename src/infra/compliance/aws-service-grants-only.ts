import { Aspects, IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';

/**
 * Every KMS key's policy denies `kms:CreateGrant` unless the grant is for an AWS resource or the
 * caller is an AWS service (Control Tower CT.KMS.PR.3). Aurora, AWS Backup, ECS and the other
 * services that use grants make them with one of the two conditions true; a person or role that
 * could otherwise hand its key access to someone else through a grant cannot.
 */
export const AWS_SERVICE_GRANTS_ONLY = new iam.PolicyStatement({
  sid: 'GrantsOnlyForAwsServices',
  effect: iam.Effect.DENY,
  principals: [new iam.AnyPrincipal()],
  actions: ['kms:CreateGrant'],
  resources: ['*'],
  conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
});

class AwsServiceGrantsOnly implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof kms.Key) node.addToResourcePolicy(AWS_SERVICE_GRANTS_ONLY);
  }
}

/** Adds the statement to every key created in `scope` (the whole app). */
export function limitKeyGrantsToAwsServices(scope: IConstruct): void {
  Aspects.of(scope).add(new AwsServiceGrantsOnly());
}
