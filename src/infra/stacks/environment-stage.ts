import { Stack, Stage, StageProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentPlan } from '../../manifest/plan';
import { acknowledgeEconomyLogRetention } from '../compliance/economy-log-retention';
import { dashboardParts } from '../operations/environment-monitoring';
import { addCostAllocationTags } from './cost-allocation-tags';
import { DataStack } from './data-stack';
import { NetworkStack } from './network-stack';
import { OperationsStack } from './operations-stack';
import { ServiceStack } from './service-stack';
import type { ImageRepositoryRef } from '../service/fargate-web-service';
import { imageRepositoryName } from './delivery-stack';

export interface EnvironmentStageProps extends StageProps {
  readonly plan: EnvironmentPlan;
  /** Account and region of the delivery stack's ECR repositories (images are built once, promoted everywhere). */
  readonly registry: { readonly account: string; readonly region: string };
}

/** Stack names are a contract: operators and the pipeline find stacks by them. */
export function stackNames(plan: Pick<EnvironmentPlan, 'project' | 'name'>) {
  const prefix = `${plan.project}-${plan.name}`;
  return {
    network: `${prefix}-network`,
    data: `${prefix}-data`,
    service: (service: string) => `${prefix}-service-${service}`,
    operations: `${prefix}-operations`,
    /** Dashboards of services past the first SERVICES_PER_DASHBOARD: part 2, 3, …. */
    operationsPart: (part: number) => `${prefix}-operations-${part}`,
  };
}

/** One environment: network, data, a stack per service and operations, from one resolved plan. */
export class EnvironmentStage extends Stage {
  public readonly network: NetworkStack;
  public readonly data: DataStack;
  public readonly services = new Map<string, ServiceStack>();
  /** The environment's operations stack: dashboard, Aurora and EFS alarms, budget. */
  public readonly operations: OperationsStack;
  /** Dashboards of the services past the first SERVICES_PER_DASHBOARD (none below that). */
  public readonly moreDashboards: readonly OperationsStack[];

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    super(scope, id, { ...props, env: { account: props.plan.account, region: props.plan.region } });
    const { plan } = props;
    const names = stackNames(plan);

    addCostAllocationTags(this, plan.project, plan.tags);
    Tags.of(this).add('environment', plan.name);
    if (plan.profile === 'economy') acknowledgeEconomyLogRetention(this);

    this.network = new NetworkStack(this, 'Network', {
      stackName: names.network,
      description: `Portside ${plan.project} ${plan.name}: network`,
      plan,
      terminationProtection: plan.protectData,
    });
    this.data = new DataStack(this, 'Data', {
      stackName: names.data,
      description: `Portside ${plan.project} ${plan.name}: databases and file systems`,
      plan,
      vpc: this.network.network.vpc,
      serverAccessLogsBucket: this.network.network.serverAccessLogsBucket,
      deliveryAccount: props.registry.account,
      terminationProtection: plan.protectData,
    });

    for (const service of plan.services) {
      const imageRepository: ImageRepositoryRef = {
        ...props.registry,
        repositoryName: imageRepositoryName(plan.project, service.name),
      };
      const stack = new ServiceStack(this, `Service-${service.name}`, {
        stackName: names.service(service.name),
        description: `Portside ${plan.project} ${plan.name}: service ${service.name}`,
        plan,
        service,
        vpc: this.network.network.vpc,
        cluster: this.network.network.cluster,
        accessLogsBucket: this.network.network.albLogsBucket,
        databases: service.databases.map((access) => this.data.databases.get(access.database)!),
        volumes: service.mounts.map((mount) => this.data.fileSystems.get(mount.fileSystem)!),
        dataKey: this.data.key,
        databaseUserProvider: this.data.databaseUsers && {
          serviceToken: this.data.databaseUsers.serviceToken,
          rotationFunctionArn: this.data.databaseUsers.function.functionArn,
        },
        redeployer: this.network.redeployer.stateMachine,
        calls: this.network.calls,
        operationsKey: this.network.operations.key,
        imageRepository,
      });
      Tags.of(stack).add('service', service.name);
      this.services.set(service.name, stack);
    }

    const [first, ...rest] = dashboardParts(plan.services).map((services, index) => {
      const part = index + 1;
      const stack = new OperationsStack(this, part === 1 ? 'Operations' : `Operations-${part}`, {
        stackName: part === 1 ? names.operations : names.operationsPart(part),
        description: part === 1
          ? `Portside ${plan.project} ${plan.name}: dashboard, Aurora and EFS alarms, budget`
          : `Portside ${plan.project} ${plan.name}: dashboard ${part} (services ${services.map((service) => service.name).join(', ')})`.slice(0, 1024),
        plan,
        vpc: this.network.network.vpc,
        services,
        part,
      });
      // Deploy order only: it reads their SSM parameters (resolved at deploy), never their outputs.
      if (part === 1) stack.addStackDependency(this.data, 'reads the data stack\'s monitoring parameters');
      for (const service of services) {
        stack.addStackDependency(this.services.get(service.name)!, 'reads the service stack\'s monitoring parameters');
      }
      return stack;
    });
    this.operations = first!;
    this.moreDashboards = rest;
  }

  /** Every stack of the environment, in deploy order. */
  get stacks(): Stack[] {
    return [this.network, this.data, ...this.services.values(), this.operations, ...this.moreDashboards];
  }
}
