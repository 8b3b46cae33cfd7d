/**
 * The Graphviz (dot) source of one environment's architecture picture, left to right: the delivery
 * pipeline (GitHub → CodeBuild → ECR → deploy), the Internet, then the VPC with its public, private
 * and isolated subnets (each with its Availability Zones): ALB → Fargate service → Aurora / EFS.
 *
 * Columns are explicit (a `rank=same` group per column, edges as long as the columns they cross), so
 * the picture reads the same way for every manifest; a pure function of the model, so the same model
 * always gives the same source (and Graphviz the same SVG).
 */
import type { SleepSummary } from '../sleep-summary';
import type { BucketView, QueueView } from './data-access-model';
import type { DatabaseView, EnvironmentModel, FileSystemView, ServiceView, SubnetTier } from './environment-model';
import { SUBNET_TIERS } from './environment-model';
import { EDGE_COLORS, KIND_STYLES, NodeKind, TIER_STYLES, VPC_STROKE } from './palette';

/** The font the layout measures text with: the widest common sans serif, so any fallback fits its box. */
export const LAYOUT_FONT = 'Verdana';

/** Escapes text for a Graphviz HTML-like label. */
/** `4 services at 0 tasks, 2 Aurora clusters stopped, 32 alarms silent`. */
function sleepingParts(sleep: SleepSummary): string {
  return [
    ...(sleep.services.count > 0 ? [`${count(sleep.services.count, 'service')} at 0 tasks`] : []),
    ...(sleep.databases.count > 0 ? [`${count(sleep.databases.count, 'Aurora cluster')} stopped`] : []),
    ...(sleep.alarms.count > 0 ? [`${count(sleep.alarms.count, 'alarm')} silent`] : []),
  ].join(', ');
}

export function escapeLabel(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A double-quoted DOT identifier or attribute value. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
}

function attributes(attrs: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(attrs)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => (key === 'label' && String(value).startsWith('<') ? `${key}=${String(value)}` : `${key}=${quote(String(value))}`))
    .join(', ');
}

/** An HTML-like label: a bold title and smaller lines under it. */
function label(title: string, lines: readonly string[] = []): string {
  const rest = lines.map((line) => `<BR/><FONT POINT-SIZE="9">${escapeLabel(line)}</FONT>`).join('');
  return `<<B>${escapeLabel(title)}</B>${rest}>`;
}

/** A cluster's label: title and lines aligned left, like the cluster's corner. */
function clusterLabel(title: string, lines: readonly string[] = []): string {
  const rest = lines.map((line) => `<FONT POINT-SIZE="9">${escapeLabel(line)}</FONT><BR ALIGN="LEFT"/>`).join('');
  return `<<B>${escapeLabel(title)}</B><BR ALIGN="LEFT"/>${rest}>`;
}

/** Node ids are also the SVG element ids: `<env>-<kind>-<name>`, lowercase, safe in HTML and CSS. */
function svgId(...parts: string[]): string {
  return parts.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
}

const SLOTS = ['source', 'build', 'registry', 'public', 'private-entry', 'services', 'private-storage', 'isolated', 'regional'] as const;
type Slot = (typeof SLOTS)[number];

const ENGINE_NAMES: Readonly<Record<string, string>> = { 'aurora-mysql': 'Aurora MySQL', 'aurora-postgresql': 'Aurora PostgreSQL' };

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const EDGE_LABELS: Readonly<Record<keyof typeof EDGE_COLORS, string>> = {
  traffic: 'requests', data: 'database connection', storage: 'volume mount or bucket grant', messages: 'queue grant', delivery: 'deployment',
};

function bottomUp<T>(items: readonly T[]): T[] {
  return [...items].reverse();
}

function vcpu(cpuUnits: number): string {
  return `${cpuUnits / 1024} vCPU`;
}

function memory(memoryMiB: number): string {
  return memoryMiB >= 1024 ? `${memoryMiB / 1024} GiB` : `${memoryMiB} MiB`;
}

class DotWriter {
  private readonly lines: string[] = [];
  private readonly columns = new Map<Slot, string[]>(SLOTS.map((slot) => [slot, []]));
  private readonly edges: { tail: string; head: string; attrs: Record<string, string | number | undefined> }[] = [];
  private readonly kinds = new Set<NodeKind>();
  private readonly tiers = new Set<SubnetTier>();
  private depth = 1;

  constructor(private readonly environment: string) {}

  write(line: string): void {
    this.lines.push(`${'  '.repeat(this.depth)}${line}`);
  }

  open(id: string, attrs: Record<string, string | number | undefined>): void {
    this.write(`subgraph ${quote(`cluster_${id}`)} {`);
    this.depth++;
    this.write(`graph [${attributes({ id: svgId(this.environment, 'cluster', id), ...attrs })}];`);
  }

  close(): void {
    this.depth--;
    this.write('}');
  }

  node(name: string, kind: NodeKind, slot: Slot, attrs: Record<string, string | number | undefined>): string {
    const style = KIND_STYLES[kind];
    this.kinds.add(kind);
    this.columns.get(slot)!.push(name);
    this.write(`${quote(name)} [${attributes({ id: svgId(this.environment, name), class: kind, fillcolor: style.fill, color: style.stroke, ...attrs })}];`);
    return name;
  }

  /** A node outside the kinds of the legend (subnets). */
  plainNode(name: string, slot: Slot, attrs: Record<string, string | number | undefined>): string {
    this.columns.get(slot)!.push(name);
    this.write(`${quote(name)} [${attributes({ id: svgId(this.environment, name), ...attrs })}];`);
    return name;
  }

  /** The top node (the last written) of the first of these columns that holds one. */
  topOfColumns(slots: readonly Slot[]): string | undefined {
    return slots.map((slot) => this.columns.get(slot)!.at(-1)).find((name) => name !== undefined);
  }

  edge(tail: string, head: string, attrs: Record<string, string | number | undefined> = {}): void {
    this.edges.push({ tail, head, attrs });
  }

  get usedEdges(): readonly (keyof typeof EDGE_COLORS)[] {
    const colors = new Set(this.edges.map((edge) => edge.attrs.color));
    return (Object.keys(EDGE_COLORS) as (keyof typeof EDGE_COLORS)[]).filter((kind) => colors.has(EDGE_COLORS[kind]));
  }

  useTier(tier: SubnetTier): void {
    this.tiers.add(tier);
  }

  get usedKinds(): readonly NodeKind[] {
    return (Object.keys(KIND_STYLES) as NodeKind[]).filter((kind) => this.kinds.has(kind));
  }

  get usedTiers(): readonly SubnetTier[] {
    return SUBNET_TIERS.filter((tier) => this.tiers.has(tier));
  }

  /** The whole source: what was written, one rank per column that holds something, then the edges. */
  finish(header: readonly string[]): string {
    const used = SLOTS.filter((slot) => this.columns.get(slot)!.length > 0);
    const columnOf = new Map<string, number>();
    used.forEach((slot, index) => this.columns.get(slot)!.forEach((name) => columnOf.set(name, index)));
    const body: string[] = [...this.lines];
    for (const [index, slot] of used.entries()) {
      const column = this.columns.get(slot)!;
      body.push(`  { rank=same; ${column.map(quote).join('; ')}; }`);
      // An invisible spine keeps the columns in order even where no edge links them.
      if (index > 0) {
        body.push(`  ${quote(this.columns.get(used[index - 1]!)![0]!)} -> ${quote(column[0]!)} [style=invis, weight=0];`);
      }
    }
    this.edges.forEach(({ tail, head, attrs }, index) => {
      const span = (columnOf.get(head) ?? 0) - (columnOf.get(tail) ?? 0);
      body.push(`  ${quote(tail)} -> ${quote(head)} [${attributes({ id: svgId(this.environment, 'edge', String(index + 1)), minlen: span > 1 ? span : undefined, ...attrs })}];`);
    });
    return [...header, ...body, '}', ''].join('\n');
  }
}

function serviceLines(service: ServiceView): string[] {
  const tasks = service.kind === 'job'
    ? '1 task per run'
    : service.minTasks === service.maxTasks ? count(service.minTasks, 'task') : `${service.minTasks}–${service.maxTasks} tasks`;
  return [
    ...(service.kind === 'web' ? [] : [service.kind === 'job' ? `job · ${service.schedule ?? ''}` : 'worker · scales on its queue backlog']),
    `Fargate${service.spot ? ' + Spot' : ''} · ${tasks} · ${service.architecture}`,
    `${vcpu(service.cpu)} · ${memory(service.memoryMiB)} per task`,
    ...(service.sidecars.length > 0 ? [`sidecars: ${service.sidecars.join(', ')}`] : []),
  ];
}

function databaseLines(database: DatabaseView): string[] {
  return [
    `${ENGINE_NAMES[database.engine] ?? database.engine} ${database.version}`,
    ...database.instances.map((instance) => `${instance.role} ${instance.instanceClass} · ${instance.availabilityZone}`),
  ];
}

function fileSystemLines(fileSystem: FileSystemView): string[] {
  return ['EFS, encrypted', `mount targets: ${fileSystem.mountTargets.join(', ') || 'none'}`];
}

function bucketLines(bucket: BucketView): string[] {
  return ['S3, versioned, backed up', bucket.expireAfterDays === undefined ? 'objects kept' : `objects expire after ${bucket.expireAfterDays} days`];
}

function queueLines(queue: QueueView): string[] {
  return [`SQS${queue.fifo ? ' FIFO' : ''}`, ...(queue.deadLetterQueueName ? [`dead letters after ${queue.maxReceiveCount ?? '?'} → ${queue.deadLetterQueueName}`] : [])];
}

/** The title and, under it, the legend: one swatch per color in the diagram, then the kinds of lines. */
function titleAndLegend(writer: DotWriter, title: string, subtitle: string, schedule?: string): string {
  const swatch = (fill: string, stroke: string, text: string) =>
    `<TD BORDER="1" BGCOLOR="${fill}" COLOR="${stroke}" WIDTH="18" HEIGHT="12"></TD><TD ALIGN="LEFT">${escapeLabel(text)}</TD>`;
  const line = (color: string, dashed: boolean, text: string) =>
    `<TD><FONT COLOR="${color}">${dashed ? '‒ ‒ ‒' : '───'}</FONT></TD><TD ALIGN="LEFT">${escapeLabel(text)}</TD>`;
  // Kinds that share a color share a swatch.
  const byColor = new Map<string, { fill: string; stroke: string; labels: string[] }>();
  for (const kind of writer.usedKinds) {
    const { fill, stroke, label: text } = KIND_STYLES[kind];
    const entry = byColor.get(`${fill}/${stroke}`) ?? { fill, stroke, labels: [] };
    entry.labels.push(text);
    byColor.set(`${fill}/${stroke}`, entry);
  }
  const kinds = [...byColor.values()].map((entry) => swatch(entry.fill, entry.stroke, entry.labels.join(', ')));
  const rest = [
    ...writer.usedTiers.map((tier) => swatch(TIER_STYLES[tier].fill, TIER_STYLES[tier].stroke, TIER_STYLES[tier].label)),
    ...writer.usedEdges.map((kind) => line(EDGE_COLORS[kind], kind === 'delivery', EDGE_LABELS[kind])),
  ];
  const row = (cells: readonly string[]) => `<TR>${cells.join('<TD WIDTH="8"></TD>')}<TD></TD></TR>`;
  const legend = `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">${row(kinds)}</TABLE>`;
  const legend2 = `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">${row(rest)}</TABLE>`;
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">` +
    `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16"><B>${escapeLabel(title)}</B></FONT></TD></TR>` +
    `<TR><TD ALIGN="LEFT">${escapeLabel(subtitle)}</TD></TR>` +
    (schedule ? `<TR><TD ALIGN="LEFT">${escapeLabel(schedule)}</TD></TR>` : '') +
    `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">${legend}</FONT></TD></TR>` +
    `<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">${legend2}</FONT></TD></TR></TABLE>>`;
}

/** The dot source of one environment's diagram. */
export function diagramDot(model: EnvironmentModel): string {
  const w = new DotWriter(model.environment);
  const delivery = model.delivery;
  const imagePipelines = delivery?.imagePipelines ?? [];
  const hasInternet = model.services.some((service) => service.loadBalancer?.scheme === 'internet-facing');

  // dot stacks the nodes of a column bottom to top in the order they are written (rankdir=LR), so
  // everything is written in reverse: what comes first in the manifest reads first, top down.

  // Delivery: GitHub → CodeBuild → ECR per service, and the platform pipeline under them.
  if (delivery && (imagePipelines.length > 0 || delivery.platformPipelines.length > 0)) {
    const approved = [...imagePipelines, ...delivery.platformPipelines].some((pipeline) => pipeline.approval);
    w.open('delivery', {
      label: clusterLabel(`Delivery — ${delivery.stackName}`, [
        `account ${delivery.account} · ${delivery.region} · ${approved ? `a person approves each deployment to ${model.environment}` : `deploys to ${model.environment} without approval`}`,
      ]),
      labeljust: 'l', style: 'rounded,filled', fillcolor: '#FCFCFD', color: '#C9CED6',
    });
    for (const pipeline of bottomUp(delivery.platformPipelines)) {
      const source = w.node(`source-${pipeline.name}`, 'source', 'source', { label: label('GitHub', [pipeline.repository, `branch ${pipeline.branch}`]) });
      const steps = [...pipeline.stepsBefore, ...(pipeline.approval ? ['approve'] : []), model.environment];
      const run = w.node(`pipeline-${pipeline.name}`, 'pipeline', 'build', { label: label('Platform pipeline', [pipeline.name, steps.join(' → ')]) });
      w.edge(source, run, { color: EDGE_COLORS.delivery });
    }
    for (const pipeline of bottomUp(imagePipelines)) {
      const group = `lane-${pipeline.service}`;
      w.node(`source-${pipeline.service}`, 'source', 'source', { group, label: label('GitHub', [pipeline.repository, `branch ${pipeline.branch}`]) });
      w.node(`build-${pipeline.service}`, 'build', 'build', { group, label: label('CodeBuild', ['test, build, push', pipeline.platform]) });
      w.node(`registry-${pipeline.service}`, 'registry', 'registry', { group, label: label('ECR', [pipeline.imageRepository]) });
      w.edge(`source-${pipeline.service}`, `build-${pipeline.service}`, { color: EDGE_COLORS.delivery });
      w.edge(`build-${pipeline.service}`, `registry-${pipeline.service}`, { color: EDGE_COLORS.delivery });
    }
    w.close();
  }

  if (hasInternet) {
    w.node('internet', 'internet', 'registry', { shape: 'ellipse', label: label('Internet', ['users']) });
  }

  // The VPC: one cluster per subnet tier, each with its Availability Zones.
  w.open('vpc', {
    label: clusterLabel(`VPC ${model.network.cidr}`, [`${model.environment} · account ${model.account} · ${model.region} · ${model.network.availabilityZones.length} AZs`]),
    labeljust: 'l', style: 'rounded', color: VPC_STROKE, penwidth: 2,
  });
  const zoneNodes = new Map<string, string[]>();
  for (const tier of SUBNET_TIERS) {
    const subnets = model.network.subnets.filter((subnet) => subnet.tier === tier);
    const loadBalanced = model.services.filter((service) => service.loadBalancer?.tier === tier);
    const services = model.services.filter((service) => service.tier === tier);
    const databases = model.databases.filter((database) => database.tier === tier);
    const fileSystems = model.fileSystems.filter((fileSystem) => fileSystem.tier === tier);
    const endpoints = model.network.interfaceEndpointTier === tier && (model.network.interfaceEndpoints.length > 0 || model.network.gatewayEndpoints.length > 0);
    if (subnets.length + loadBalanced.length + services.length + databases.length + fileSystems.length === 0) continue;
    w.useTier(tier);
    const style = TIER_STYLES[tier];
    w.open(tier, { label: clusterLabel(style.label), labeljust: 'l', style: 'rounded,filled', fillcolor: style.fill, color: style.stroke });
    const main: Slot = tier === 'public' ? 'public' : tier === 'private' ? 'services' : 'isolated';
    const entry: Slot = tier === 'public' ? 'public' : tier === 'private' ? 'private-entry' : 'isolated';
    const storage: Slot = tier === 'private' && services.length > 0 ? 'private-storage' : main;

    for (const subnet of bottomUp(subnets)) {
      w.open(`${tier}-${subnet.availabilityZone}`, {
        label: subnet.availabilityZone, labeljust: 'l', style: 'dashed,rounded', color: style.stroke, fontsize: 8, margin: 6,
      });
      // One node per AZ: its NAT gateway (in the public subnet), or the subnet itself.
      const zoneNode = tier === 'public' && model.network.natGateways.includes(subnet.availabilityZone)
        ? w.node(`nat-${subnet.availabilityZone}`, 'nat-gateway', main, { label: label('NAT gateway', [`subnet ${subnet.cidr}`]) })
        : w.plainNode(`subnet-${tier}-${subnet.availabilityZone}`, main, {
          shape: 'box', style: 'rounded', color: style.stroke, fontsize: 8, margin: '0.08,0.03', label: `subnet ${subnet.cidr}`,
        });
      zoneNodes.set(subnet.availabilityZone, [...(zoneNodes.get(subnet.availabilityZone) ?? []), zoneNode]);
      w.close();
    }
    if (endpoints) {
      w.node('endpoints', 'endpoint', storage, {
        label: label('VPC endpoints', [
          ...(model.network.interfaceEndpoints.length > 0 ? [`interface: ${model.network.interfaceEndpoints.join(', ')}`] : []),
          ...(model.network.gatewayEndpoints.length > 0 ? [`gateway: ${model.network.gatewayEndpoints.join(', ')}`] : []),
        ]),
      });
    }
    for (const fileSystem of bottomUp(fileSystems)) {
      w.node(`volume-${fileSystem.name}`, 'file-system', storage, { shape: 'folder', label: label(fileSystem.name, fileSystemLines(fileSystem)) });
    }
    for (const database of bottomUp(databases)) {
      w.node(`database-${database.name}`, 'database', main === 'services' ? storage : main, { shape: 'cylinder', label: label(database.name, databaseLines(database)) });
    }
    for (const service of bottomUp(services)) {
      w.node(`service-${service.name}`, 'service', main, { group: `lane-${service.name}`, label: label(service.name, serviceLines(service)) });
    }
    for (const service of loadBalanced) {
      const lb = service.loadBalancer!;
      const details = [
        `${lb.scheme} · ${lb.https ? 'HTTPS' : 'HTTP'}${lb.firewall ? ' · WAF' : ''}`,
        ...(lb.domainName ? [lb.domainName] : []),
        ...(lb.deployment === 'rolling' ? [] : [lb.deployment]),
      ];
      w.node(`alb-${service.name}`, 'load-balancer', entry, { group: `lane-${service.name}`, label: label(`${service.name} ALB`, details) });
    }

    w.close();
  }
  w.close();

  // The data stack's buckets and queues: regional services outside the VPC.
  if (model.buckets.length + model.queues.length > 0) {
    w.open('regional', {
      label: clusterLabel('Regional services (outside the VPC)', ['encrypted with the environment\'s data key · TLS only']),
      labeljust: 'l', style: 'rounded,dashed', color: '#7D8998',
    });
    for (const queue of bottomUp(model.queues)) {
      w.node(`queue-${queue.queueName}`, 'queue', 'regional', { label: label(queue.queueName, queueLines(queue)) });
    }
    for (const bucket of bottomUp(model.buckets)) {
      w.node(`bucket-${bucket.bucketName}`, 'bucket', 'regional', { shape: 'folder', label: label(bucket.bucketName, bucketLines(bucket)) });
    }
    w.close();
  }

  // Each AZ reads as one row across the tiers.
  for (const nodes of zoneNodes.values()) {
    nodes.slice(1).forEach((node, index) => w.edge(nodes[index]!, node, { style: 'invis' }));
  }

  // Requests, data and deployments.
  for (const service of bottomUp(model.services)) {
    const lb = service.loadBalancer;
    if (lb?.scheme === 'internet-facing') w.edge('internet', `alb-${service.name}`, { color: EDGE_COLORS.traffic });
    if (lb) w.edge(`alb-${service.name}`, `service-${service.name}`, { color: EDGE_COLORS.traffic, label: service.containerPort ? `:${service.containerPort}` : undefined });
    for (const callee of service.calls) {
      const target = model.services.find((candidate) => candidate.name === callee);
      if (target?.loadBalancer) w.edge(`service-${service.name}`, `alb-${callee}`, { color: EDGE_COLORS.traffic, style: 'dashed', label: 'calls' });
    }
    for (const id of service.databases) {
      const database = model.databases.find((candidate) => candidate.id === id)!;
      const readOnly = service.readOnlyDatabases.includes(id);
      w.edge(`service-${service.name}`, `database-${database.name}`, { color: EDGE_COLORS.data, label: readOnly ? 'read' : undefined, style: readOnly ? 'dashed' : undefined });
    }
    for (const grant of service.bucketGrants) {
      w.edge(`service-${service.name}`, `bucket-${grant.resource}`, { color: EDGE_COLORS.storage, label: grant.access, style: grant.access === 'read' ? 'dashed' : undefined });
    }
    for (const grant of service.queueGrants) {
      w.edge(`service-${service.name}`, `queue-${grant.resource}`, { color: EDGE_COLORS.messages, label: grant.access });
    }
    for (const mount of service.mounts) {
      const fileSystem = model.fileSystems.find((candidate) => candidate.id === mount.fileSystem)!;
      w.edge(`service-${service.name}`, `volume-${fileSystem.name}`, { color: EDGE_COLORS.storage, label: mount.containerPath });
    }
  }
  for (const pipeline of bottomUp(imagePipelines)) {
    if (!model.services.some((service) => service.name === pipeline.service)) continue;
    w.edge(`registry-${pipeline.service}`, `service-${pipeline.service}`, {
      color: EDGE_COLORS.delivery, style: 'dashed',
    });
  }
  const vpcAnchor = w.topOfColumns(['public', 'private-entry', 'services']);
  for (const pipeline of delivery?.platformPipelines ?? []) {
    if (!vpcAnchor) continue;
    w.edge(`pipeline-${pipeline.name}`, vpcAnchor, {
      color: EDGE_COLORS.delivery, style: 'dashed', fontcolor: EDGE_COLORS.delivery, lhead: 'cluster_vpc', label: 'cdk deploy: every stack',
    });
  }

  const title = titleAndLegend(w, `${model.project} · ${model.environment}`,
    [`account ${model.account} · ${model.region} · ${model.profile} profile`, count(model.services.length, 'service'),
      ...(model.databases.length > 0 ? [count(model.databases.length, 'Aurora cluster')] : []),
      ...(model.fileSystems.length > 0 ? [count(model.fileSystems.length, 'EFS volume')] : []),
      ...(model.buckets.length > 0 ? [count(model.buckets.length, 'S3 bucket')] : []),
      ...(model.queues.length > 0 ? [count(model.queues.length, 'SQS queue')] : [])].join(' · ')
,
    model.sleep ? `awake ${model.sleep.awake}; asleep outside it: ${sleepingParts(model.sleep.summary)}` : undefined);
  return w.finish([
    `digraph ${quote(`${model.project}-${model.environment}`)} {`,
    `  graph [${attributes({
      id: svgId(model.environment, 'diagram'), rankdir: 'LR', newrank: 'true', compound: 'true', fontname: LAYOUT_FONT, fontsize: 12,
      nodesep: 0.22, ranksep: 0.5, pad: 0.3, mclimit: 0.05, bgcolor: 'white', labelloc: 't', labeljust: 'l', label: title,
    })}];`,
    `  node [${attributes({ fontname: LAYOUT_FONT, fontsize: 10, shape: 'box', style: 'rounded,filled', penwidth: 1.4, margin: '0.12,0.06' })}];`,
    `  edge [${attributes({ fontname: LAYOUT_FONT, fontsize: 8, penwidth: 1.2, arrowsize: 0.7 })}];`,
  ]);
}
