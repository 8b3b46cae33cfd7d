/**
 * The resolved plan of what builds and ships (the delivery stack, the image and platform pipelines):
 * part of the plan (plan.ts re-exports every type), kept apart from the environments' types.
 */
import type { CpuArchitecture } from './plan';

export interface GitHubPlan {
  readonly owner: string;
  /** Absent: the delivery stack creates a connection that must be confirmed once in the console. */
  readonly connectionArn?: string;
  /** The repository holding portside.yaml: the infrastructure pipeline's source. */
  readonly platform: { readonly repository: string; readonly branch: string };
}

/** An environment as the pipelines see it: where it is and whether a person approves before it is deployed. */
export interface DeployTargetPlan {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly branch: string;
  readonly approval: boolean;
  /**
   * Where this environment's tasks pull images from: the delivery region, or the replica in drRegion
   * for an environment that runs there (a DR environment must not need the primary region to start).
   */
  readonly imageRegion: string;
  /**
   * Aurora cluster identifiers a deploy starts (and waits for) first, because the environment's
   * schedule may have stopped them: CloudFormation cannot modify a stopped cluster, and new service
   * database users or a first image need a running one. Empty for an environment awake around the clock.
   */
  readonly wakeBeforeDeploy: readonly string[];
}

/** One service's image pipeline for one branch: build once per commit, then deploy the targets in manifest order. */
export interface ImagePipelinePlan {
  readonly service: string;
  /** GitHub `owner/repo` holding the Dockerfile. */
  readonly repository: string;
  readonly dockerfile: string;
  /** The one architecture the image is built for; every environment runs it (overrides may not change it). */
  readonly architecture: CpuArchitecture;
  readonly branch: string;
  /** The environments whose branch is this branch and that run the service, in manifest order. */
  readonly targets: readonly DeployTargetPlan[];
}

/** Everything that builds and ships, shared by the environments: the delivery stack's plan. */
export interface DeliveryPlan {
  readonly project: string;
  /** The delivery stack's home: the manifest's `delivery` (a tooling account), by default the first environment's account and region. */
  readonly account: string;
  readonly region: string;
  readonly alertEmail: string;
  /**
   * The region every image is replicated to (drRegion), so a DR environment can start while the
   * delivery region is down; absent when the delivery stack itself lives in drRegion.
   */
  readonly replicaRegion?: string;
  /** Manifest tags, added to every resource of the delivery stack beside `project`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly github: GitHubPlan;
  /** Every environment in manifest order: the infrastructure pipeline deploys them in this order. */
  readonly environments: readonly DeployTargetPlan[];
  /** One per (service, branch) pair, services in manifest order, then branches in first-appearance order. */
  readonly pipelines: readonly ImagePipelinePlan[];
}
