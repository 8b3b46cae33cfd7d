/** Rules on a service in an environment, after its override is merged and defaults applied. */
import { callUrlVariable } from './call-variables';
import { belowProfileMinimum, blame, defaultNote, ServiceCheck } from './checks';
import { injectedDatabaseVariables, PORT_VARIABLE, PROFILES } from './defaults';
import { cpusForMemory, FARGATE_CPUS, FARGATE_SIZES, isFargateSize, memoryText } from './fargate';
import { INVALID } from './fields';
import { clauses, Finding, warningId } from './finding';
import { bucketVariable, queueVariable } from './data-names';
import { parseSecretArn } from './secret-arn';
import { listText } from './text';
import { jobsRunWhileAwake } from './schedule-rules';

/** cpu and memoryMiB form a Fargate task size. */
export function fargateSizeIsValid({ service, origin }: ServiceCheck): Finding[] {
  const { cpu, memoryMiB } = service;
  if (cpu === INVALID || memoryMiB === INVALID || isFargateSize(cpu, memoryMiB)) {
    return [];
  }
  const cpuOrigin = origin('cpu');
  const memoryOrigin = origin('memoryMiB');
  const cpus = cpusForMemory(memoryMiB);
  const cpuFix = cpus.length > 0 ? `with memoryMiB ${memoryMiB} use cpu ${listText(cpus)}` : `memoryMiB ${memoryMiB} fits no Fargate size either; use e.g. cpu 512 with memoryMiB 1024`;
  if (!FARGATE_SIZES.has(cpu)) {
    return [{ path: cpuOrigin.path, message: clauses(`got ${cpu}`, `Fargate takes ${FARGATE_CPUS.join(', ')}`, cpuFix) }];
  }
  if (cpuOrigin.source === 'override' && memoryOrigin.source !== 'override') {
    return [{ path: cpuOrigin.path, message: clauses(`got ${cpu}`, `Fargate cpu ${cpu} takes memoryMiB ${memoryText(cpu)}`, cpuFix) }];
  }
  return [
    {
      path: memoryOrigin.path,
      message: clauses(
        `got ${memoryMiB}`,
        `with cpu ${cpu} Fargate takes memoryMiB ${memoryText(cpu)}`,
        `use one of those${cpus.length > 0 ? `, or cpu ${listText(cpus)} for ${memoryMiB} MiB` : ''}`,
      ),
    },
  ];
}

/** desiredCount ≤ maxCount. */
export function desiredCountWithinMaxCount({ environment, service, origin }: ServiceCheck): Finding[] {
  const { desiredCount, maxCount } = service;
  if (desiredCount === INVALID || maxCount === INVALID || desiredCount <= maxCount) {
    return [];
  }
  const desired = origin('desiredCount');
  const max = origin('maxCount');
  const blamed = blame(desired, max);
  if (blamed === max) {
    return [
      {
        path: max.path,
        message: clauses(`got ${maxCount}`, `maxCount must be at least desiredCount (${desiredCount}${defaultNote(desired, environment)})`, `set maxCount to ${desiredCount} or more`),
      },
    ];
  }
  return [
    {
      path: desired.path,
      message: clauses(`got ${desiredCount}`, `desiredCount must not exceed maxCount (${maxCount}${defaultNote(max, environment)})`, `lower desiredCount or raise maxCount to ${desiredCount} or more`),
    },
  ];
}

/** A resilient environment runs at least 2 tasks per service. */
export function taskCountFitsProfile({ name, environment, service, origin }: ServiceCheck): Finding[] {
  const { profile } = environment.settings;
  const { desiredCount } = service;
  // A default count always meets its profile's minimum; only a job's fixed one task per run does not, and needs none.
  if (environment.name === undefined || profile === INVALID || desiredCount === INVALID || origin('desiredCount').source === 'default') {
    return [];
  }
  const minimum = PROFILES[profile].service.minimumDesiredCount;
  return belowProfileMinimum({
    environment, kind: 'services', name, field: 'desiredCount', value: desiredCount, minimum, at: origin('desiredCount'),
    guarantee: `runs at least ${minimum} tasks spread over AZs`,
  });
}

/** Variables do not collide with PORT, the injected database, call, bucket and queue variables, or each other (plain vs secret). */
export function variablesAreFree({ service, origin }: ServiceCheck): Finding[] {
  const { environment, secrets, databases, calls, permissions } = service;
  const reserved = new Map<string, string>([[PORT_VARIABLE, 'Portside sets PORT to the container port']]);
  if (databases !== INVALID) {
    for (const { database } of databases) {
      for (const variable of injectedDatabaseVariables(database)) {
        reserved.set(variable, `Portside sets ${variable} for database ${database}`);
      }
    }
  }
  if (calls !== INVALID) {
    for (const callee of calls) {
      reserved.set(callUrlVariable(callee), `Portside sets ${callUrlVariable(callee)} to the URL of ${callee}, which this service calls`);
    }
  }
  if (permissions !== INVALID) {
    for (const { bucket } of permissions.buckets) {
      reserved.set(bucketVariable(bucket), `Portside sets ${bucketVariable(bucket)} for bucket ${bucket}`);
    }
    for (const { queue } of permissions.queues) {
      reserved.set(queueVariable(queue), `Portside sets ${queueVariable(queue)} for queue ${queue}`);
    }
  }
  const findings: Finding[] = [];
  if (environment !== INVALID) {
    for (const variable of Object.keys(environment)) {
      const reason = reserved.get(variable);
      if (reason) {
        findings.push({ path: origin('environment', variable).path, at: 'key', message: clauses(`got variable ${variable}`, reason, 'rename the variable or remove it') });
      } else if (secrets !== INVALID && Object.hasOwn(secrets, variable)) {
        const at = blame(origin('environment', variable), origin('secrets', variable));
        findings.push({
          path: at.path,
          at: 'key',
          message: clauses(`got variable ${variable} under both environment and secrets`, 'a variable is either plain or secret', 'remove one of them'),
        });
      }
    }
  }
  if (secrets !== INVALID) {
    for (const variable of Object.keys(secrets)) {
      const reason = reserved.get(variable);
      if (reason) {
        findings.push({ path: origin('secrets', variable).path, at: 'key', message: clauses(`got variable ${variable}`, reason, 'rename the variable or remove it') });
      }
    }
  }
  return findings;
}

/**
 * Warnings for secrets (the service's and its sidecars') in another region than the environment: a
 * task cannot start while that region is down. Accounts are checked in secret-account-rules.ts.
 */
export function secretsAreInRegion({ name, environment, service, origin }: ServiceCheck): Finding[] {
  const { region } = environment.settings;
  const { secrets, container } = service;
  if (environment.name === undefined || region === INVALID) {
    return [];
  }
  const references = [
    ...Object.entries(secrets === INVALID ? {} : secrets).map(([variable, reference]) => ({ path: origin('secrets', variable).path, reference })),
    ...(container === INVALID ? [] : container.sidecars).flatMap((sidecar) =>
      Object.entries(sidecar.secrets).map(([variable, reference]) => ({ path: ['services', name, 'sidecars', sidecar.name, 'secrets', variable], reference }))),
  ];
  return references.flatMap(({ path, reference }) => {
    const secret = parseSecretArn(reference.secretArn);
    return secret.region === region
      ? []
      : [{
          path,
          warning: warningId('secret-other-region'),
          message: clauses(
            `got a secret in region ${secret.region}`,
            `environment ${environment.name} runs in ${region}`,
            `new tasks cannot start while ${secret.region} is unavailable; replicate the secret to ${region} and use that ARN`,
          ),
        }];
  });
}

/** The service's own container keeps at least this much memory beside its sidecars. */
export const MINIMUM_APP_MEMORY_MIB = 128;

/** Sidecars fit inside the task's cpu and memory and leave the service's own container room to run. */
export function sidecarsFit({ service, origin }: ServiceCheck): Finding[] {
  const { container, cpu, memoryMiB } = service;
  if (container === INVALID || cpu === INVALID || memoryMiB === INVALID || container.sidecars.length === 0) {
    return [];
  }
  const sidecarCpu = cpu - container.cpu;
  const sidecarMemory = memoryMiB - container.memoryMiB;
  const findings: Finding[] = [];
  const at = (field: 'cpu' | 'memoryMiB') => {
    const written = origin(field);
    return written.source === 'override' ? written.path : origin('sidecars').path;
  };
  if (container.cpu <= 0) {
    findings.push({
      path: at('cpu'),
      message: clauses(`got sidecars reserving ${sidecarCpu} CPU units of the task's ${cpu}`, 'sidecars share the task\'s cpu with the service\'s own container, which needs some', `give the sidecars less cpu, or raise cpu to ${FARGATE_CPUS.find((size) => size > sidecarCpu) ?? 'a larger size'} (with a memoryMiB it takes)`),
    });
  }
  if (container.memoryMiB < MINIMUM_APP_MEMORY_MIB) {
    findings.push({
      path: at('memoryMiB'),
      message: clauses(`got sidecars limited to ${sidecarMemory} MiB of the task's ${memoryMiB} MiB`, `the service's own container needs at least ${MINIMUM_APP_MEMORY_MIB} MiB beside them`, `give the sidecars less memory, or raise memoryMiB to at least ${sidecarMemory + MINIMUM_APP_MEMORY_MIB} (a size cpu ${cpu} takes)`),
    });
  }
  return findings;
}

export const SERVICE_RULES: readonly ((check: ServiceCheck) => Finding[])[] = [
  fargateSizeIsValid,
  sidecarsFit,
  desiredCountWithinMaxCount,
  taskCountFitsProfile,
  variablesAreFree,
  secretsAreInRegion,
  jobsRunWhileAwake,
];
