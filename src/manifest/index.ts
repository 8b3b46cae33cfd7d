export { formatIssue, ManifestError } from './errors';
export type { ManifestIssue } from './errors';
export { manifestJsonSchema } from './json-schema';
export { parseManifest } from './parse-manifest';
export type { LoadedManifest } from './parse-manifest';
export * from './plan';
