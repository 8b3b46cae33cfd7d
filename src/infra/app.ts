import { App, AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { PortsidePlan } from '../manifest/plan';
import { FEATURE_FLAGS } from './feature-flags';
import { AccountStacks, addAccountStacks } from './stacks/account-stacks';
import { DeliveryStack } from './stacks/delivery-stack';
import { EnvironmentStage } from './stacks/environment-stage';

/** A CDK app with Portside's pinned feature flags; context given in props (or by the CDK CLI) wins. */
export function createPortsideApp(props: AppProps = {}): App {
  return new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
}

export interface AddEnvironmentsOptions {
  /** Run cdk-nag AwsSolutions over the whole app during synthesis. @default true */
  readonly compliance?: boolean;
  /** The manifest's path in the platform repository, which the platform pipeline synthesizes. @default portside.yaml */
  readonly manifestFile?: string;
}

export interface PortsideStacks extends AccountStacks {
  readonly delivery: DeliveryStack;
  readonly stages: EnvironmentStage[];
}

/**
 * Adds the delivery stack, one Stage per environment of the plan, and per AWS account the foundation,
 * DR vault and cost anomaly stacks to the app (and the compliance checks).
 */
export function addEnvironments(app: App, plan: PortsidePlan, options: AddEnvironmentsOptions = {}): PortsideStacks {
  // Images are built once in the first environment's account, in its region, and promoted to the others.
  const registry = { account: plan.delivery.account, region: plan.delivery.region };
  const delivery = new DeliveryStack(app, 'Delivery', {
    stackName: `${plan.project}-delivery`,
    description: `Portside ${plan.project}: image repositories, image pipelines and the platform pipeline`,
    env: registry,
    plan: plan.delivery,
    manifestFile: options.manifestFile ?? 'portside.yaml',
  });
  for (const [key, value] of Object.entries({ project: plan.project, ...plan.delivery.tags })) {
    Tags.of(delivery).add(key, value);
  }
  const stages = plan.environments.map((environment) =>
    new EnvironmentStage(app, environment.name, { plan: environment, registry }));
  const accounts = addAccountStacks(app, plan);
  if (options.compliance ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  }
  return { delivery, stages, ...accounts };
}

/** Builds the whole app for a plan: what `portside plan`, `cdk synth` and the tests all synthesize. */
export function buildApp(plan: PortsidePlan, options: AppProps & AddEnvironmentsOptions = {}): PortsideStacks & { app: App } {
  const { compliance, manifestFile, ...appProps } = options;
  const app = createPortsideApp(appProps);
  return { app, ...addEnvironments(app, plan, { compliance, manifestFile }) };
}
