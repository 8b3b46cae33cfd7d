import type { EnvironmentSummary, SharedStackSummary } from './plan-summary';
import { sleepText } from './sleep-summary';
import { textTable } from './text-table';
import type { BadImageExposure } from './traffic-shift';

function vcpu(cpuUnits: string): string {
  return `${Number(cpuUnits) / 1024} vCPU`;
}

function gib(memoryMiB: string): string {
  return `${Number(memoryMiB) / 1024} GiB`;
}

/** How work reaches a service: its load balancer, a worker's queue or a job's schedule. */
function reachedThrough(s: EnvironmentSummary['services'][number]): string {
  if (s.loadBalancer) return `${s.loadBalancer} ALB, ${s.https ? 'HTTPS' : 'HTTP'}`;
  return s.trigger ?? '-';
}

/** The services table of an environment, as both the text plan and the HTML report show it. */
export const SERVICE_COLUMNS = ['service', 'kind', 'tasks', 'size', 'sidecars', 'arch', 'reached through', 'capacity', 'deploy / bad image rolled back'];
export function serviceRows(summary: EnvironmentSummary): string[][] {
  return summary.services.map((s) => [
    s.stackName.replace(/^.*-service-/, ''),
    s.kind,
    s.kind === 'job' ? '1 per run' : `${s.minTasks}–${s.maxTasks}`,
    `${vcpu(s.cpu)} / ${gib(s.memoryMiB)}`,
    s.sidecars.length > 0 ? s.sidecars.join(', ') : '-',
    s.architecture,
    reachedThrough(s),
    s.spot ? 'Fargate + Spot' : 'Fargate',
    s.deploySeconds === undefined ? 'the next run uses the new image' : `~${s.deploySeconds} s / ${s.rollbackSeconds === undefined ? 'never' : `~${s.rollbackSeconds} s`}${deploymentText(s.strategy, s.badImageExposure)}`,
  ]);
}

/** The Aurora clusters table of an environment, as both the text plan and the HTML report show it. */
export const DATABASE_COLUMNS = ['database', 'engine', 'instances', 'readers', 'AZs', 'deletion protection'];
export function databaseRows(summary: EnvironmentSummary): (string | number)[][] {
  return summary.databases.map((d) => [
    d.clusterIdentifier,
    `${d.engine} ${d.engineVersion}`,
    d.instanceClasses.join(', '),
    d.readers,
    d.availabilityZones.join(', '),
    d.deletionProtection ? 'yes' : 'no',
  ]);
}

/** Each service's own database users, as both the text plan and the HTML report show them. */
export const DATABASE_USER_COLUMNS = ['service', 'database user', 'access', 'endpoint', 'rotation'];
export function databaseUserRows(summary: EnvironmentSummary): string[][] {
  return summary.databaseUsers.map((u) => [
    u.service,
    `${u.username} @ ${u.clusterIdentifier}`,
    u.access,
    u.endpoint,
    u.rotation === 'none' ? 'none' : `${u.rotation}, alternating users`,
  ]);
}

/** The human-readable plan of one environment. */
export function formatEnvironment(summary: EnvironmentSummary): string {
  const totalResources = summary.stacks.reduce((sum, s) => sum + s.resources, 0);
  const lines = [
    `Environment ${summary.environment} — account ${summary.account}, ${summary.region}: ${summary.stacks.length} stacks, ${totalResources} resources`,
    `  network    ${summary.availabilityZones.length} AZs (${summary.availabilityZones.join(', ')}), ${summary.natGateways} NAT gateway${summary.natGateways === 1 ? '' : 's'}, ` +
      `interface endpoints: ${summary.interfaceEndpoints.length > 0 ? summary.interfaceEndpoints.join(', ') : 'none'}`,
    `  storage    ${summary.fileSystems} EFS file system${summary.fileSystems === 1 ? '' : 's'}, ${summary.accessPoints} access points`,
    ...(summary.buckets.length > 0 ? [`  buckets    ${summary.buckets.join(', ')}`] : []),
    ...(summary.queues.length > 0 ? [`  queues     ${summary.queues.join(', ')}`] : []),
    ...(summary.sleep ? [`  sleeps     ${sleepText(summary.sleep)}`] : []),
    '',
    textTable(
      ['stack', 'resources', 'template KB', 'protected'],
      summary.stacks.map((s) => [s.stackName, s.resources, Math.ceil(s.templateBytes / 1024), s.terminationProtection ? 'yes' : 'no']),
    ),
    '',
    textTable(SERVICE_COLUMNS, serviceRows(summary)),
    '',
    textTable(DATABASE_COLUMNS, databaseRows(summary)),
    '',
    ...(summary.databaseUsers.length > 0 ? [textTable(DATABASE_USER_COLUMNS, databaseUserRows(summary)), ''] : []),
    '  resources by type',
    formatResourceTypes(summary.resourcesByType),
  ];
  return lines.join('\n');
}

/** Resource counts by type in columns, `AWS::` dropped to keep lines short. */
function formatResourceTypes(byType: Readonly<Record<string, number>>, columns = 3): string {
  const entries = Object.entries(byType).map(([type, count]) => `${type.replace(/^AWS::/, '')} ${count}`);
  const rows: string[][] = [];
  const perColumn = Math.ceil(entries.length / columns);
  for (let row = 0; row < perColumn; row++) {
    rows.push(Array.from({ length: columns }, (_, col) => entries[col * perColumn + row] ?? ''));
  }
  const width = Math.max(...entries.map((e) => e.length));
  return rows.map((row) => '    ' + row.map((cell) => cell.padEnd(width)).join('  ').trimEnd()).join('\n');
}

/** The human-readable plan of a shared stack: where it lives, and each pipeline's source and steps. */
export function formatSharedStack(summary: SharedStackSummary): string {
  const lines = [`Shared ${summary.stackName} — account ${summary.account}, ${summary.region}: ${summary.resources} resources`];
  if (summary.pipelines.length > 0) {
    lines.push('', textTable(['pipeline', 'source', 'then'], summary.pipelines.map((p) => [p.name, p.source, p.steps.join(' → ')])));
  }
  return lines.join('\n');
}

/** A web service's strategy, when not rolling, and how much traffic a 5XX-answering image reaches before it is back. */
function deploymentText(strategy: string | undefined, exposure: BadImageExposure | undefined): string {
  if (strategy === undefined || exposure === undefined) return '';
  const reach = exposure.seconds === undefined ? `${exposure.sharePercent} % until fixed` : `${exposure.sharePercent} % for ~${exposure.seconds} s`;
  return `${strategy === 'rolling' ? '' : ` (${strategy})`}; 5XX image: ${reach}`;
}
