import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

export interface MonitoringParameter {
  /** Full parameter name, from `names.ts` (`/portside/<project>/<env>/…`). */
  readonly name: string;
  readonly value: string;
  readonly description: string;
}

export interface MonitoringParametersProps {
  readonly parameters: readonly MonitoringParameter[];
}

/**
 * SSM String parameters through which a stack tells the operations stack what to watch. The
 * operations stack reads them as SSM-typed template parameters, which CloudFormation resolves at
 * every deploy of that stack: no CloudFormation export exists, so replacing a load balancer, target
 * group, cluster or volume here is never refused because another stack imports it ("export in use").
 * The operations stack picks the new value up on its next deploy (it deploys after this one).
 */
export class MonitoringParameters extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringParametersProps) {
    super(scope, id);
    for (const parameter of props.parameters) {
      const leaf = parameter.name.split('/').slice(-2).join('-');
      new ssm.StringParameter(this, leaf, {
        parameterName: parameter.name,
        stringValue: parameter.value,
        description: parameter.description,
      });
    }
  }
}
