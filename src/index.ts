/**
 * Portside's public API: what a CDK app may import from `portside` (docs/api.md). Everything else
 * in the package is internal and may change in any release.
 *
 * Stable (changes only in a major release):
 * - reading a manifest into a plan: loadManifestFile, parseManifest, ManifestError, formatIssue,
 *   manifestJsonSchema and the plan types;
 * - building the app from a plan: createPortsideApp, addEnvironments, buildApp.
 * Experimental (may change in a minor release, always listed in CHANGELOG.md):
 * - the stacks and the environment stage, for apps that compose or extend them.
 */
import { readFileSync } from 'node:fs';
import { parseManifest } from './manifest/parse-manifest';
import type { LoadedManifest } from './manifest/parse-manifest';

// Stable: the manifest and its plan.
export { formatIssue, ManifestError } from './manifest/errors';
export type { ManifestIssue } from './manifest/errors';
export { manifestJsonSchema } from './manifest/json-schema';
export { parseManifest };
export type { LoadedManifest };
export type * from './manifest/plan';

/** Reads and resolves a manifest file (throws ManifestError listing every problem with its position). */
export function loadManifestFile(file: string): LoadedManifest {
  return parseManifest(readFileSync(file, 'utf8'), file);
}

// Stable: the app.
export { addEnvironments, buildApp, createPortsideApp } from './infra/app';
export type { AddEnvironmentsOptions, PortsideStacks } from './infra/app';

// Experimental: the stacks.
export { EnvironmentStage, stackNames } from './infra/stacks/environment-stage';
export type { EnvironmentStageProps } from './infra/stacks/environment-stage';
export { NetworkStack } from './infra/stacks/network-stack';
export type { NetworkStackProps } from './infra/stacks/network-stack';
export { DataStack } from './infra/stacks/data-stack';
export type { DataStackProps } from './infra/stacks/data-stack';
export { ServiceStack } from './infra/stacks/service-stack';
export type { ServiceStackProps } from './infra/stacks/service-stack';
export { OperationsStack } from './infra/stacks/operations-stack';
export type { OperationsStackProps } from './infra/stacks/operations-stack';
export { DeliveryStack } from './infra/stacks/delivery-stack';
export type { DeliveryStackProps } from './infra/stacks/delivery-stack';
export { ServiceDeliveryStack } from './infra/stacks/service-delivery-stack';
export type { ServiceDeliveryStackProps } from './infra/stacks/service-delivery-stack';
export { FoundationStack } from './infra/stacks/foundation-stack';
export type { FoundationStackProps } from './infra/stacks/foundation-stack';
export { DrVaultStack } from './infra/stacks/dr-vault-stack';
export type { DrVaultStackProps } from './infra/stacks/dr-vault-stack';
export { CostAnomalyStack } from './infra/stacks/cost-anomaly-stack';
export type { CostAnomalyStackProps } from './infra/stacks/cost-anomaly-stack';
export { ImageReplicaStack } from './infra/stacks/image-replica-stack';
export type { ImageReplicaStackProps } from './infra/stacks/image-replica-stack';
