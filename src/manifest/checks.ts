/**
 * What the rules on a resolved environment receive: the environment, a service or database with
 * its overrides merged and defaults applied, and where each value came from. A finding points at
 * the field that caused it — the override when the value came from one, the manifest field
 * otherwise, the entry itself when a default is involved.
 */
import type { EnvironmentSettings } from './defaults';
import { Draft, Fields, INVALID } from './fields';
import { clauses, Finding } from './finding';
import type { FieldPath } from './path';
import type { DatabasePlan, NetworkPlan, ServicePlan } from './plan';
import type { EnvironmentInput } from './schema';

/** Where a merged field's value came from. */
export interface Origin {
  readonly path: FieldPath;
  readonly source: 'override' | 'manifest' | 'default';
}

export type OriginOf = (field: string, key?: string) => Origin;

export interface EnvironmentCheck {
  /** Undefined when the manifest has no usable environment: only rules that need none run. */
  readonly name: string | undefined;
  readonly fields: Fields<EnvironmentInput>;
  readonly settings: Draft<EnvironmentSettings>;
  readonly network: Draft<NetworkPlan>;
}

export interface ServiceCheck {
  readonly name: string;
  readonly environment: EnvironmentCheck;
  readonly service: Draft<ServicePlan>;
  readonly origin: OriginOf;
}

export interface DatabaseCheck {
  readonly name: string;
  readonly environment: EnvironmentCheck;
  readonly database: Draft<DatabasePlan>;
  readonly origin: OriginOf;
}

/** The origin to blame among several fields: an override first, then a written field, then the first. */
export function blame(...origins: readonly Origin[]): Origin {
  return origins.find((origin) => origin.source === 'override') ?? origins.find((origin) => origin.source === 'manifest') ?? origins[0]!;
}

/** `, or override it under environments.prod.overrides.services.web` when the value is not already an override. */
export function orOverride(environment: EnvironmentCheck, origin: Origin, kind: 'services' | 'databases', name: string, field: string): string {
  return origin.source === 'override' || environment.name === undefined
    ? ''
    : `, or override ${field} under environments.${environment.name}.overrides.${kind}.${name}`;
}

/** `, the resilient default` after a value Portside filled in. */
export function defaultNote(origin: Origin, environment: EnvironmentCheck): string {
  const { profile } = environment.settings;
  return origin.source !== 'default' ? '' : profile === INVALID ? ', the default' : `, the ${profile} default`;
}

/** A numeric field below the minimum its environment's profile demands, e.g. resilient readers or tasks. */
export interface ProfileMinimum {
  readonly environment: EnvironmentCheck;
  readonly kind: 'services' | 'databases';
  readonly name: string;
  readonly field: string;
  readonly value: number;
  readonly minimum: number;
  readonly at: Origin;
  /** What the profile guarantees, after "which": `runs at least 2 tasks spread over AZs`. */
  readonly guarantee: string;
}

export function belowProfileMinimum(check: ProfileMinimum): Finding[] {
  const { environment, value, minimum, at } = check;
  if (value >= minimum) {
    return [];
  }
  return [
    {
      path: at.path,
      message: clauses(
        `got ${value}`,
        `environment ${environment.name} uses profile ${String(environment.settings.profile)}, which ${check.guarantee}`,
        `set ${check.field} to ${minimum} or more${orOverride(environment, at, check.kind, check.name, 'it')}`,
      ),
    },
  ];
}
