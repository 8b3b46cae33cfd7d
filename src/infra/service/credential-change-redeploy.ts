import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface CredentialChangeRedeployProps {
  /** The secrets whose values the service's tasks read at start. */
  readonly secrets: readonly secretsmanager.ISecret[];
  readonly service: ecs.FargateService;
  /** The environment's redeploy state machine (network stack). */
  readonly redeployer: sfn.IStateMachine;
}

/**
 * Secrets Manager's own event when a label moves to a new version (`Secret Label Updated`, sent
 * without CloudTrail, never for AWSPENDING or AWSPREVIOUS), narrowed to AWSCURRENT on these secrets:
 * the moment a rotation finishes.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager.html
 */
export function credentialChangePattern(secretArns: readonly string[]): events.EventPattern {
  return {
    source: ['aws.secretsmanager'],
    detailType: ['Secret Label Updated'],
    resources: [...secretArns],
    detail: { labelUpdated: ['AWSCURRENT'] },
  };
}

/**
 * When a database credential of the service rotates, start a new deployment of exactly this service
 * (rolling, minimum healthy 100 %: no downtime), so its tasks pick the new credential up at start while
 * the previous one still works. EventBridge retries the start for up to a day.
 */
export function redeployOnCredentialChange(scope: Construct, id: string, props: CredentialChangeRedeployProps): events.Rule {
  return new events.Rule(scope, id, {
    description: 'Starts a new deployment of this stack\'s ECS service when one of its database credentials rotates',
    eventPattern: credentialChangePattern(props.secrets.map((secret) => secret.secretArn)),
    targets: [new targets.SfnStateMachine(props.redeployer, {
      input: events.RuleTargetInput.fromObject({ service: props.service.serviceName }),
      retryAttempts: 185,
      maxEventAge: Duration.hours(24),
    })],
  });
}
