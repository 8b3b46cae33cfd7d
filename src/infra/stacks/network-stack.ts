import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentPlan } from '../../manifest/plan';
import { EnvironmentNetwork } from '../network/environment-network';
import { EnvironmentAlarmTopic } from '../operations/environment-alarm-topic';

export interface NetworkStackProps extends StackProps {
  readonly plan: EnvironmentPlan;
}

/**
 * `<project>-<env>-network`: VPC, endpoints, flow logs, the ALB log bucket and the ECS cluster, and
 * (deployed first and never replaced, so every other stack can rely on them) the environment's alarm
 * topic `<project>-<env>-alarms` with its operations key.
 */
export class NetworkStack extends Stack {
  public readonly network: EnvironmentNetwork;
  public readonly operations: EnvironmentAlarmTopic;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.operations = new EnvironmentAlarmTopic(this, 'Operations', {
      project: props.plan.project,
      environment: props.plan.name,
      alertEmail: props.plan.alertEmail,
    });
    this.network = new EnvironmentNetwork(this, 'Network', {
      network: props.plan.network,
      retainOnDelete: props.plan.protectData,
      flowLogKey: this.operations.key,
    });
  }
}
