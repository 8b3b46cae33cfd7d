import flags from './feature-flags.json';

/**
 * CDK feature flags, pinned here (not in cdk.json) so every entry point synthesizes identical
 * templates: `portside`, `npx cdk` in this repository and in a repository that installed Portside,
 * and a CDK app that composes Portside's stacks. Upgrading aws-cdk-lib never changes them silently;
 * context a user sets in their own cdk.json still wins (createPortsideApp).
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = flags;
