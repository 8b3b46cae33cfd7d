/**
 * The delivery plan: what the delivery stack builds from the resolved environments. The
 * infrastructure pipeline deploys every environment in manifest order; each service gets one image
 * pipeline per branch, which builds the image once per commit and deploys it to the environments
 * of that branch in manifest order.
 */
import type { DeliveryPlan, DeployTargetPlan, EnvironmentPlan, GitHubPlan, ImagePipelinePlan } from './plan';
import { clusterIdentifier } from './aurora';

/** Where the delivery stack lives: the manifest's `delivery`, or the first environment's account and the top-level region. */
export interface DeliveryHome {
  readonly account: string;
  readonly region: string;
  /** The manifest's drRegion: images are replicated there. */
  readonly drRegion: string;
}

/** The region images are replicated to, unless the delivery stack already lives there. */
function replicaRegionOf(home: DeliveryHome): string | undefined {
  return home.drRegion === home.region ? undefined : home.drRegion;
}

/** A target pulls from the replica when it runs in the replica's region, else from the delivery region. */
function deployTarget(home: DeliveryHome) {
  const replicaRegion = replicaRegionOf(home);
  return (environment: EnvironmentPlan): DeployTargetPlan => ({
    environment: environment.name,
    account: environment.account,
    region: environment.region,
    branch: environment.branch,
    approval: environment.approval,
    imageRegion: environment.region === replicaRegion ? replicaRegion : home.region,
    wakeBeforeDeploy: environment.schedule
      ? environment.databases.map((database) => clusterIdentifier(environment.project, environment.name, database.name))
      : [],
  });
}

/** Distinct values in first-appearance order. */
function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** One pipeline per (service, branch) pair that deploys somewhere: services in manifest order, then branches in first-appearance order. */
function imagePipelines(environments: readonly EnvironmentPlan[], target: (environment: EnvironmentPlan) => DeployTargetPlan): ImagePipelinePlan[] {
  const services = distinct(environments.flatMap((environment) => environment.services.map((service) => service.name)));
  const branches = distinct(environments.map((environment) => environment.branch));
  return services.flatMap((service) =>
    branches.flatMap((branch): ImagePipelinePlan[] => {
      const deployed = environments.filter((environment) => environment.branch === branch && environment.services.some((candidate) => candidate.name === service));
      const first = deployed[0]?.services.find((candidate) => candidate.name === service);
      if (!first) {
        return [];
      }
      // repository, dockerfile and architecture are the same in every environment (the schema and
      // overridesKeepArchitecture see to it), so the first target's values are the image's.
      return [{ service, repository: first.repository, dockerfile: first.dockerfile, architecture: first.architecture, branch, targets: deployed.map(target) }];
    }));
}

/**
 * The delivery stack's plan, from the resolved environments (manifest order) and GitHub settings.
 * It lives in the manifest's `delivery` account and region (a tooling account), by default in the
 * first environment's account and region.
 */
export function deliveryPlan(github: GitHubPlan, environments: readonly EnvironmentPlan[], delivery: { account?: string; region?: string } = {}): DeliveryPlan {
  const first = environments[0];
  if (!first) {
    throw new Error('internal error: a manifest without environments passed validation');
  }
  const home: DeliveryHome = { account: delivery.account ?? first.account, region: delivery.region ?? first.region, drRegion: first.drRegion };
  const target = deployTarget(home);
  return {
    project: first.project,
    account: home.account,
    region: home.region,
    alertEmail: first.alertEmail,
    replicaRegion: replicaRegionOf(home),
    tags: first.tags,
    github,
    environments: environments.map(target),
    pipelines: imagePipelines(environments, target),
  };
}
