import { App, AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { acknowledge } from './compliance/acknowledge';
import { limitKeyGrantsToAwsServices } from './compliance/aws-service-grants-only';
import { BackgroundCloudFormationValidation, TemplateHandoverSynthesizer } from './compliance/background-cloudformation-validation';
import { builtinValidationWanted } from './compliance/validation-thread';
import type { DeliveryPlan, PortsidePlan } from '../manifest/plan';
import { FEATURE_FLAGS } from './feature-flags';
import { AccountStacks, addAccountStacks } from './stacks/account-stacks';
import { addCostAllocationTags } from './stacks/cost-allocation-tags';
import { DeliveryStack, imageRepositoryName } from './stacks/delivery-stack';
import { EnvironmentStage } from './stacks/environment-stage';
import { ImageReplicaStack, imageReplicaStackName } from './stacks/image-replica-stack';
import { ServiceDeliveryStack, serviceDeliveryStackId, serviceDeliveryStackName } from './stacks/service-delivery-stack';

/** Apps created without CDK's built-in CloudFormation validation: Portside's replacement stays off too. */
const withoutBuiltinValidation = new WeakSet<App>();

/**
 * A CDK app with Portside's pinned feature flags; context given in props (or by the CDK CLI) wins. Its
 * stacks hand their templates to the background CloudFormation validation as they are written.
 */
export function createPortsideApp(props: AppProps = {}): App {
  const app = new App({ defaultStackSynthesizer: new TemplateHandoverSynthesizer(), ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  if (props.builtinCloudFormationValidation === false) withoutBuiltinValidation.add(app);
  return app;
}

export interface AddEnvironmentsOptions {
  /** Run cdk-nag AwsSolutions and NIST 800-53 rev 5 over the whole app during synthesis. @default true */
  readonly compliance?: boolean;
  /** The manifest's path in the platform repository, which the platform pipeline synthesizes. @default portside.yaml */
  readonly manifestFile?: string;
}

export interface PortsideStacks extends AccountStacks {
  readonly delivery: DeliveryStack;
  /** `<project>-<service>-delivery`: each service's image build and pipelines. */
  readonly serviceDeliveries: readonly ServiceDeliveryStack[];
  /** Present when images are replicated to drRegion (the delivery stack is not there already). */
  readonly imageReplica?: ImageReplicaStack;
  readonly stages: EnvironmentStage[];
}

/**
 * Adds the delivery stack (and its image replica settings in drRegion), one Stage per environment of
 * the plan, and per AWS account the foundation, DR vault and cost anomaly stacks to the app (and the
 * compliance checks).
 */
export function addEnvironments(app: App, plan: PortsidePlan, options: AddEnvironmentsOptions = {}): PortsideStacks {
  const accounts = addAccountStacks(app, plan);
  const imageReplica = addImageReplicaStack(app, plan.delivery);
  // Images are built once in the first environment's account, in its region, and promoted to the others.
  const delivery = new DeliveryStack(app, 'Delivery', {
    stackName: `${plan.project}-delivery`,
    description: `Portside ${plan.project}: image repositories, the platform pipeline and what every pipeline shares`,
    env: { account: plan.delivery.account, region: plan.delivery.region },
    plan: plan.delivery,
    manifestFile: options.manifestFile ?? 'portside.yaml',
    imageReplica,
    accountStacks: [...accounts.foundations, ...accounts.drVaults, ...accounts.costAnomalies],
  });
  const serviceDeliveries = addServiceDeliveryStacks(app, plan.delivery, delivery);
  for (const stack of [delivery, ...serviceDeliveries, ...(imageReplica ? [imageReplica] : [])]) {
    addCostAllocationTags(stack, plan.project, plan.delivery.tags);
  }
  const stages = plan.environments.map((environment) => {
    const target = plan.delivery.environments.find((candidate) => candidate.environment === environment.name)!;
    const registry = { account: plan.delivery.account, region: target.imageRegion };
    return new EnvironmentStage(app, environment.name, { plan: environment, registry });
  });
  // Aspects do not cross Stage boundaries: the app's stacks and each environment's.
  for (const scope of [app, ...stages]) limitKeyGrantsToAwsServices(scope);
  acknowledge(app, {
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason: 'CDK grants land in one inline DefaultPolicy per role, attached to that role alone; a customer-managed policy per role would grant exactly the same and add a resource per role against the 500-resource stack limit',
  });
  if (options.compliance ?? true) {
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  }
  // Replaces CDK's built-in CloudFormation Validate with the same plugin run in a background thread
  // (when a command started one), which validates each template while the others are written and cdk-nag runs.
  if (builtinValidationWanted() && !withoutBuiltinValidation.has(app)) Validations.of(app).addPlugins(new BackgroundCloudFormationValidation());
  return { delivery, serviceDeliveries, imageReplica, stages, ...accounts };
}

/** One delivery stack per service (its build project and pipelines), beside the shared delivery stack. */
function addServiceDeliveryStacks(app: App, plan: DeliveryPlan, delivery: DeliveryStack): ServiceDeliveryStack[] {
  const services = [...new Set(plan.pipelines.map((pipeline) => pipeline.service))];
  return services.map((service) => new ServiceDeliveryStack(app, serviceDeliveryStackId(service), {
    stackName: serviceDeliveryStackName(plan.project, service),
    description: `Portside ${plan.project}: the ${service} image build and its pipelines`,
    env: { account: plan.account, region: plan.region },
    project: plan.project,
    service,
    pipelines: plan.pipelines.filter((pipeline) => pipeline.service === service),
    repositoryName: imageRepositoryName(plan.project, service),
    shared: delivery.shared,
  }));
}

/** Where ECR creates the replicas of the service repositories (drRegion), if images are replicated. */
function addImageReplicaStack(app: App, plan: DeliveryPlan): ImageReplicaStack | undefined {
  if (!plan.replicaRegion) return undefined;
  return new ImageReplicaStack(app, 'ImageReplica', {
    stackName: imageReplicaStackName(plan.project),
    description: `Portside ${plan.project}: settings of the image replicas in ${plan.replicaRegion}, for a DR environment`,
    env: { account: plan.account, region: plan.replicaRegion },
    project: plan.project,
    pullAccounts: plan.environments.map((target) => target.account).filter((account) => account !== plan.account),
    repositoryTags: { project: plan.project, ...plan.tags },
  });
}

/** Builds the whole app for a plan: what `portside plan`, `cdk synth` and the tests all synthesize. */
export function buildApp(plan: PortsidePlan, options: AppProps & AddEnvironmentsOptions = {}): PortsideStacks & { app: App } {
  const { compliance, manifestFile, ...appProps } = options;
  const app = createPortsideApp(appProps);
  return { app, ...addEnvironments(app, plan, { compliance, manifestFile }) };
}
