import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentPlan } from '../../manifest/plan';
import { EnvironmentNetwork } from '../network/environment-network';

export interface NetworkStackProps extends StackProps {
  readonly plan: EnvironmentPlan;
}

/** `<project>-<env>-network`: VPC, endpoints, flow logs, the ALB log bucket and the ECS cluster. */
export class NetworkStack extends Stack {
  public readonly network: EnvironmentNetwork;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.network = new EnvironmentNetwork(this, 'Network', {
      network: props.plan.network,
      retainOnDelete: props.plan.protectData,
    });
  }
}
