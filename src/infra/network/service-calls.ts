import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { EnvironmentPlan } from '../../manifest/plan';

/** The URL a caller gets for a service it calls (`<CALLEE>_URL`): known at synthesis, so no stack refers to another service's. */
export function serviceUrl(plan: Pick<EnvironmentPlan, 'project' | 'name' | 'domain'>, callee: string): string {
  return plan.domain ? `https://${callee}.${plan.domain.name}` : `http://${callee}.${privateZoneName(plan)}`;
}

/** The environment's private DNS zone for service names when it has no domain: `<env>.<project>.internal`. */
export function privateZoneName(plan: Pick<EnvironmentPlan, 'project' | 'name'>): string {
  return `${plan.name}.${plan.project}.internal`;
}

export interface ServiceCallsProps {
  readonly plan: EnvironmentPlan;
  readonly vpc: ec2.IVpc;
}

/**
 * What `calls` needs that belongs to no single service, in the network stack so that service stacks
 * never refer to each other (two services that call each other would be a dependency cycle):
 * - per called service, a security group `callers of <callee>`: the callers' tasks carry it, and
 *   the callee's load balancer admits it, and nothing else from inside the VPC;
 * - without a domain, a private hosted zone `<env>.<project>.internal`, in which each called service
 *   gets an alias record to its load balancer. With a domain, callers use the service's own HTTPS
 *   name `<service>.<domain>`, whose certificate matches.
 */
export class ServiceCalls extends Construct {
  /** Callee name → the group its callers' tasks carry. */
  public readonly callerGroups = new Map<string, ec2.SecurityGroup>();
  /** Present when some service is called and the environment has no domain. */
  public readonly zone?: route53.PrivateHostedZone;

  constructor(scope: Construct, id: string, props: ServiceCallsProps) {
    super(scope, id);
    const { plan } = props;
    const callees = [...new Set(plan.services.flatMap((service) => service.calls))];
    for (const callee of callees) {
      this.callerGroups.set(callee, new ec2.SecurityGroup(this, `CallersOf-${callee}`, {
        vpc: props.vpc,
        // Fixed text: a security group's description cannot change without replacing it.
        description: `Tasks of the services that call ${callee}`,
        // An identity only: its members keep the egress of their own group.
        allowAllOutbound: false,
      }));
    }
    if (callees.length > 0 && !plan.domain) {
      this.zone = new route53.PrivateHostedZone(this, 'Zone', {
        zoneName: privateZoneName(plan),
        vpc: props.vpc,
        comment: `${plan.project} ${plan.name}: service names for calls between services`,
      });
    }
  }
}
