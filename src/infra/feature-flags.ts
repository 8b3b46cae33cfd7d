import cdkJson from '../../cdk.json';

/**
 * CDK feature flags, pinned in cdk.json (the CDK CLI reads them from there too) so every entry
 * point synthesizes identical templates. Upgrading aws-cdk-lib never changes them silently.
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = cdkJson.context;
