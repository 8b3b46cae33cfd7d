import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { PortsidePlan } from '../../manifest/plan';
import { ServiceImageRepository } from '../delivery/service-image-repository';

export interface DeliveryStackProps extends StackProps {
  readonly plan: PortsidePlan;
}

/** The ECR repository name a service's images live in: a contract with the service stacks. */
export function imageRepositoryName(project: string, service: string): string {
  return `${project}/${service}`;
}

/**
 * `<project>-delivery`, in the first environment's account and region: the ECR repository of every
 * service (shared by all environments). The pipelines join it in a later step.
 */
export class DeliveryStack extends Stack {
  public readonly repositories = new Map<string, ServiceImageRepository>();

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, props);
    const { plan } = props;
    const services = [...new Set(plan.environments.flatMap((environment) => environment.services.map((s) => s.name)))];
    const pullAccounts = plan.environments.map((environment) => environment.account).filter((account) => account !== this.account);
    for (const service of services) {
      this.repositories.set(service, new ServiceImageRepository(this, `Images-${service}`, {
        repositoryName: imageRepositoryName(plan.project, service),
        pullAccounts,
      }));
    }
  }
}
