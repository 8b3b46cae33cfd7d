/** Rules on an environment's own settings (zones, network), each a small pure function. */
import type { EnvironmentCheck } from './checks';
import { defaultAvailabilityZones, PROFILES } from './defaults';
import { INVALID } from './fields';
import { clauses, Finding } from './finding';

/** The environment's zones are in its region, listed once, and enough for its profile. */
export function zonesFitProfile(environment: EnvironmentCheck): Finding[] {
  const { name, fields, settings } = environment;
  const { profile, region } = settings;
  if (name === undefined || profile === INVALID || region === INVALID) {
    return [];
  }
  const needed = PROFILES[profile].availabilityZones;
  const zones = fields.availabilityZones;
  const path = ['environments', name, 'availabilityZones'];
  if (zones === INVALID) {
    return [];
  }
  if (zones === undefined) {
    const defaults = defaultAvailabilityZones(region);
    return defaults.length >= needed
      ? []
      : [
          {
            path: ['environments', name, 'profile'],
            message: clauses(`got ${profile}`, `region ${region} has ${defaults.length} AZs; ${profile} needs ${needed}`, 'use profile economy or another region'),
          },
        ];
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  zones.forEach((zone, index) => {
    if (!(zone.startsWith(region) && zone.length === region.length + 1)) {
      findings.push({
        path: [...path, index],
        message: clauses(`got ${zone}`, `environment ${name} is in ${region}, so its zones are ${region}a, ${region}b, …`, `use zones of ${region}`),
      });
    } else if (seen.has(zone)) {
      findings.push({ path: [...path, index], message: clauses(`got ${zone} twice`, 'each zone is listed once', 'remove the repeated zone') });
    }
    seen.add(zone);
  });
  if (seen.size < needed) {
    findings.push({
      path,
      message: clauses(
        `got ${seen.size} zone${seen.size === 1 ? '' : 's'}`,
        `profile ${profile} spreads over ${needed} AZs`,
        `list at least ${needed} zones of ${region}, e.g. ${defaultAvailabilityZones(region).slice(0, needed).join(', ')}, or remove availabilityZones for the defaults`,
      ),
    });
  }
  return findings;
}

/** The VPC CIDR starts at its block's first address (10.0.0.0/16, not 10.0.1.0/16). */
export function cidrIsNetworkAddress(environment: EnvironmentCheck): Finding[] {
  const { name } = environment;
  const cidr = environment.fields.cidr;
  if (name === undefined || cidr === undefined || cidr === INVALID) {
    return [];
  }
  const [address, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  const value = address!.split('.').reduce((total, octet) => total * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  const network = value - (value % size);
  if (network === value) {
    return [];
  }
  const text = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
  return [
    {
      path: ['environments', name, 'cidr'],
      message: clauses(`got ${cidr}`, `a /${prefix} block starts at ${text}`, `use ${text}/${prefix}`),
    },
  ];
}

export const ENVIRONMENT_RULES: readonly ((environment: EnvironmentCheck) => Finding[])[] = [zonesFitProfile, cidrIsNetworkAddress];
