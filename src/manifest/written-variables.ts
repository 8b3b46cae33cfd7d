/**
 * The variables a manifest writes for each service — its own `environment` or `secrets`, each
 * environment's override of them, its sidecars' — with where each is written and the environments
 * it reaches. The rules that judge a variable by the environments it reaches (a secret's account, a
 * credential in a plain value) start from here.
 */
import { INVALID } from './fields';
import type { FieldPath } from './path';
import type { ManifestView } from './view';

export type VariableField = 'environment' | 'secrets';

export interface WrittenVariable {
  readonly service: string;
  readonly variable: string;
  /** The value as written: plain text, or a secret's ARN (with its optional JSON key). */
  readonly value: string;
  /** The mapping holding `environment` and `secrets`: the service, an environment's override of it, or a sidecar. */
  readonly container: FieldPath;
  /** Where the value is written: `[...container, field, variable]`. */
  readonly path: FieldPath;
  /** Set when an environment's override writes it. */
  readonly override?: string;
  /** Set when a sidecar's container receives it (sidecars are the same in every environment). */
  readonly sidecar?: string;
  /** The environments whose tasks get it: its override's, or every environment that does not override it. */
  readonly environments: readonly string[];
}

/** The entries of a mapping of variables read field by field (valid entries only; none when INVALID or absent). */
function entriesOf(mapping: Readonly<Record<string, string>> | typeof INVALID | undefined): [string, string][] {
  return mapping === undefined || mapping === INVALID ? [] : Object.entries(mapping);
}

/** Every `environment` or `secrets` entry of every service, override and sidecar, in manifest order. */
export function writtenVariables(manifest: ManifestView, field: VariableField): WrittenVariable[] {
  const environments = [...manifest.environments.entries];
  const written: WrittenVariable[] = [];
  for (const [service, fields] of manifest.services.entries) {
    const container: FieldPath = ['services', service];
    for (const [variable, value] of entriesOf(fields[field])) {
      const reached = environments
        .filter(([, view]) => {
          const overridden = view.serviceOverrides.entries.get(service)?.[field];
          return overridden === undefined || overridden === INVALID || !Object.hasOwn(overridden, variable);
        })
        .map(([environment]) => environment);
      written.push({ service, variable, value, container, path: [...container, field, variable], environments: reached });
    }
    for (const [environment, view] of environments) {
      const override = view.serviceOverrides.entries.get(service);
      const overridePath: FieldPath = ['environments', environment, 'overrides', 'services', service];
      for (const [variable, value] of entriesOf(override?.[field])) {
        written.push({ service, variable, value, container: overridePath, path: [...overridePath, field, variable], override: environment, environments: [environment] });
      }
    }
    const sidecars = fields.sidecars === undefined || fields.sidecars === INVALID ? {} : fields.sidecars;
    for (const [sidecar, sidecarFields] of Object.entries(sidecars)) {
      const sidecarPath: FieldPath = [...container, 'sidecars', sidecar];
      for (const [variable, value] of entriesOf(sidecarFields[field])) {
        written.push({ service, variable, value, container: sidecarPath, path: [...sidecarPath, field, variable], sidecar, environments: environments.map(([environment]) => environment) });
      }
    }
  }
  return written;
}
