/**
 * The monthly cost of a set of synthesized stacks, line by line: what each priced resource costs
 * under the stated assumptions, from the price table. Pure: templates, the resolved plan and the
 * assumptions in, lines out. The same rules price the "naive" variant (CDK ecs-patterns defaults)
 * so the two differ exactly where Portside's choices differ.
 */
import { deployTimeFunctions } from './deploy-time-functions';
import { referencesIn, targetOf } from './template-references';
import type { DatabaseEngine, EnvironmentPlan, PortsidePlan, Profile } from '../../manifest/plan';
import type { SynthesizedStack } from '../assembly-reader';
import type { CostAssumptions } from './assumptions';
import type { PriceKey, PriceTable } from './prices';
import { freeReason, PRICED_TYPES } from './resource-types';
import { Estimate, Ledger, num } from './ledger';
import { countOnceImageSet, flatten, Props, Res, resourcesOf, shortId, stackLabel, tagValue } from './template-resources';
import { fargateMonthlyUsd, strategyOf, taskShape } from './fargate-pricing';

export { CATEGORY_ORDER, num } from './ledger';
export type { CostCategory, CostLine, Estimate, MissingPrice, UnpricedType } from './ledger';
export { fargateMonthlyUsd, splitTasks } from './fargate-pricing';
export type { StrategyItem, TaskShape } from './fargate-pricing';
import { chargeCompute, PricedService } from './compute-costs';
import { awakeHours, hoursText } from './awake-hours';
import { chargeDelivery } from './delivery-costs';
import { chargeLoadBalancing } from './load-balancing-costs';
import { chargeSecurityAndStorage } from './security-storage-costs';

export type EstimateMode = 'portside' | 'naive';

export interface EstimateInput {
  readonly stacks: readonly SynthesizedStack[];
  readonly plan: PortsidePlan;
  /** The environment the stacks belong to; absent for stacks shared by environments. */
  readonly environment?: EnvironmentPlan;
  readonly assumptions: CostAssumptions;
  readonly mode: EstimateMode;
  /** The price table (the bundled one when absent). */
  readonly prices?: PriceTable;
}

// ---------------------------------------------------------------------------------------------
// The estimate
// ---------------------------------------------------------------------------------------------


/** Days between recovery points of an AWS Backup cron schedule: daily 1, weekly 7, monthly 30. */
export function scheduleIntervalDays(expression: string): number {
  const fields = /cron\(([^)]*)\)/.exec(expression)?.[1]?.trim().split(/\s+/) ?? [];
  const [, , dayOfMonth = '*', , dayOfWeek = '?'] = fields;
  if (/^\d+$/.test(dayOfMonth)) return 30;
  if (dayOfWeek !== '*' && dayOfWeek !== '?') return 7;
  return 1;
}

/** Months a log event stays stored, in 730-hour months. */
function monthsRetained(retentionDays: number | undefined): number {
  return ((retentionDays ?? 365) * 24) / 730;
}

export function estimate(input: EstimateInput): Estimate {
  const { plan, environment, assumptions: a, mode } = input;
  const ledger = new Ledger(input.prices);
  const hours = a.hoursPerMonth;
  const profile: Profile = environment?.profile ?? 'resilient';
  const all = input.stacks.flatMap(resourcesOf);
  const repeated = new Set(input.stacks.map((s) => s.stackName).filter((name, i, names) => names.indexOf(name) !== i));
  /** `prod-network`; a stack deployed to several accounts (foundation) also names its account. */
  const label = (stack: SynthesizedStack) => stackLabel(stack, plan.project) + (repeated.has(stack.stackName) ? ` ${stack.account}` : '');

  const services = chargeCompute({ input, ledger, all, label });
  const serviceOfStack = (stack: SynthesizedStack) => services.find((s) => s.stack === stack);
  const totalTasks = services.reduce((sum, s) => sum + s.tasks, 0);
  const requests = a.requestsPerServiceMonth[profile];

  chargeLoadBalancing({ input, ledger, all, label }, serviceOfStack, requests);

  // ---- network: NAT gateways, public IPv4, VPC endpoints, data processed ----
  const natGateways = all.filter((r) => r.type === 'AWS::EC2::NatGateway');
  const endpoints = all.filter((r) => r.type === 'AWS::EC2::VPCEndpoint');
  const endpointService = (endpoint: Res) => {
    const name = flatten(endpoint.props.ServiceName);
    return /^com\.amazonaws\.[^.]+\.(.+)$/.exec(name)?.[1] ?? name;
  };
  const networkStack = natGateways[0]?.stack ?? endpoints[0]?.stack ?? all.find((r) => r.type === 'AWS::EC2::VPC')?.stack;
  const azCount = environment?.network.availabilityZones.length ?? natGateways.length;
  if (mode === 'naive' && networkStack) {
    ledger.charge({ category: 'network', item: 'NAT gateway hours', resource: 'network', stack: networkStack, keys: 'nat.hour', quantity: azCount * hours, working: `${azCount} NAT gateways (one per AZ) × ${hours} h` });
    ledger.charge({ category: 'network', item: 'public IPv4 (NAT gateways)', resource: 'network', stack: networkStack, keys: 'ipv4.hour', quantity: azCount * hours, working: `${azCount} Elastic IPs × ${hours} h` });
  } else {
    if (natGateways.length > 0) {
      ledger.charge({ category: 'network', item: 'NAT gateway hours', resource: 'network', stack: natGateways[0]!.stack, keys: 'nat.hour', quantity: natGateways.length * hours, working: `${natGateways.length} NAT gateway${natGateways.length === 1 ? '' : 's'} × ${hours} h` });
    }
    const eips = all.filter((r) => r.type === 'AWS::EC2::EIP');
    if (eips.length > 0) {
      ledger.charge({ category: 'network', item: 'public IPv4 (Elastic IPs)', resource: 'network', stack: eips[0]!.stack, keys: 'ipv4.hour', quantity: eips.length * hours, working: `${eips.length} Elastic IP${eips.length === 1 ? '' : 's'} × ${hours} h` });
    }
    for (const endpoint of endpoints) {
      if (endpoint.props.VpcEndpointType !== 'Interface') continue;
      const azs = Array.isArray(endpoint.props.SubnetIds) ? endpoint.props.SubnetIds.length : 1;
      ledger.charge({
        category: 'network', item: `interface endpoint ${endpointService(endpoint)}`, resource: 'network', stack: endpoint.stack,
        keys: 'vpce.interfaceAzHour', quantity: azs * hours, working: `${azs} AZs × ${hours} h`,
      });
    }
  }
  if (networkStack && totalTasks > 0) {
    const endpointServices = new Set(mode === 'naive' ? [] : endpoints.map(endpointService));
    const logsGb = totalTasks * a.logGbPerTaskMonth;
    const pullsGb = totalTasks * a.deploysPerMonth[profile] * a.imageGb;
    const egressGb = totalTasks * a.egressGbPerTaskMonth;
    const viaEndpoints: string[] = [];
    const viaNat: string[] = [`egress ${num(egressGb)} GB`];
    let natGb = egressGb;
    let endpointGb = 0;
    if (endpointServices.has('logs')) { endpointGb += logsGb; viaEndpoints.push(`logs ${num(logsGb)} GB`); } else { natGb += logsGb; viaNat.push(`logs ${num(logsGb)} GB`); }
    if (!endpointServices.has('s3')) { natGb += pullsGb; viaNat.push(`image pulls ${num(pullsGb)} GB`); }
    const tasksText = `${totalTasks} tasks: `;
    if (mode === 'naive' || natGateways.length > 0) {
      ledger.charge({ category: 'network', item: 'NAT data processed', resource: 'network', stack: networkStack, keys: 'nat.gb', quantity: natGb, working: tasksText + viaNat.join(' + ') });
    }
    if (endpointGb > 0) {
      ledger.charge({ category: 'network', item: 'interface endpoint data processed', resource: 'network', stack: networkStack, keys: 'vpce.gb', quantity: endpointGb, working: tasksText + viaEndpoints.join(' + ') });
    }
    if (mode === 'portside' && endpointServices.has('s3')) {
      ledger.notes.push(`image layers (${num(pullsGb)} GB a month) come from S3 through the free S3 gateway endpoint, not NAT`);
    }
  }

  // ---- Container Insights ----
  for (const cluster of all.filter((r) => r.type === 'AWS::ECS::Cluster')) {
    const settings = Array.isArray(cluster.props.ClusterSettings) ? (cluster.props.ClusterSettings as Props[]) : [];
    const insights = settings.find((s) => s.Name === 'containerInsights')?.Value;
    if (insights === 'enhanced') {
      ledger.unpriceable('cloudwatch.containerInsightsEnhanced', 'Container Insights with enhanced observability', label(cluster.stack), cluster.stack);
    } else if (insights === 'enabled') {
      const ci = a.containerInsights;
      const metrics = ci.metricsPerCluster + services.length * (ci.metricsPerService + ci.metricsPerTaskFamily);
      ledger.charge({
        category: 'observability', item: 'Container Insights metrics', resource: 'cluster', stack: cluster.stack, keys: 'cloudwatch.metricMonth', quantity: metrics,
        working: `${ci.metricsPerCluster} + ${services.length} services × (${ci.metricsPerService} + ${ci.metricsPerTaskFamily}) metrics`, confidence: 'U',
      });
      ledger.charge({
        category: 'observability', item: 'Container Insights performance logs', resource: 'cluster', stack: cluster.stack, keys: 'cloudwatch.logIngestGb',
        quantity: totalTasks * ci.logGbPerTaskMonth, working: `${totalTasks} tasks × ${ci.logGbPerTaskMonth} GB`, confidence: 'U',
      });
    }
  }

  // ---- Aurora ----
  const clusterName = (cluster: Res | undefined) => {
    const identifier = cluster?.props.DBClusterIdentifier;
    const prefix = `${plan.project}-${environment?.name ?? ''}-`;
    return typeof identifier === 'string' ? identifier.replace(prefix, '') : cluster ? shortId(cluster.id) : 'database';
  };
  const byId = (stack: SynthesizedStack, id: string | undefined) => all.find((r) => r.stack === stack && r.id === id);
  const awake = awakeHours(environment, hours);
  const instanceHours = awake?.databases ?? hours;
  for (const instance of all.filter((r) => r.type === 'AWS::RDS::DBInstance')) {
    const cluster = byId(instance.stack, targetOf(instance.props.DBClusterIdentifier));
    const engine = String(instance.props.Engine ?? cluster?.props.Engine ?? '');
    const instanceClass = String(instance.props.DBInstanceClass);
    const role = /Writer/.test(instance.id) ? 'writer' : /Reader/.test(instance.id) ? 'reader' : 'instance';
    const name = `${clusterName(cluster)} ${role}`;
    if (!engine.startsWith('aurora')) {
      ledger.unpriceable(`rds.instance.${instanceClass}`, `RDS ${engine} ${instanceClass} instance`, name, instance.stack);
      continue;
    }
    ledger.charge({
      category: 'database', item: `Aurora ${instanceClass}`, resource: name, stack: instance.stack,
      keys: `aurora.instance.${instanceClass}`, quantity: instanceHours,
      working: `1 instance × ${hoursText(instanceHours, awake)}${awake ? `, with ${environment!.schedule!.databaseStartLeadMinutes} minutes' start before each window` : ''}`,
    });
  }
  for (const cluster of all.filter((r) => r.type === 'AWS::RDS::DBCluster')) {
    const name = clusterName(cluster);
    const engine = String(cluster.props.Engine ?? '') as DatabaseEngine;
    if (!engine.startsWith('aurora')) continue;
    const size = a.databaseStorageGb[profile];
    if (cluster.props.StorageType === 'aurora-iopt1') {
      ledger.unpriceable('aurora.ioOptimized', 'Aurora I/O-Optimized storage and instance premium', name, cluster.stack);
    } else {
      ledger.charge({ category: 'database', item: 'Aurora storage', resource: name, stack: cluster.stack, keys: 'aurora.storageGbMonth', quantity: size, working: `${size} GB` });
      const io = a.databaseIoMillionsPerMonth[profile];
      ledger.charge({ category: 'database', item: 'Aurora I/O', resource: name, stack: cluster.stack, keys: 'aurora.ioMillion', quantity: io, working: `${io}M requests` });
    }
    const retention = Number(cluster.props.BackupRetentionPeriod ?? 1);
    ledger.charge({
      category: 'backup', item: 'Aurora backups beyond the free volume-size', resource: name, stack: cluster.stack, keys: 'aurora.backupGbMonth',
      quantity: size * a.backupDailyChangeRate * retention, working: `${size} GB × ${num(a.backupDailyChangeRate * 100)}% a day × ${retention} days retained`,
    });
    if (cluster.props.ManageMasterUserPassword === true) {
      ledger.charge({ category: 'security', item: 'Secrets Manager secret (master user)', resource: name, stack: cluster.stack, keys: 'secrets.secretMonth', quantity: 1, working: '1 RDS-managed secret' });
    }
  }

  // ---- EFS ----
  for (const fs of all.filter((r) => r.type === 'AWS::EFS::FileSystem')) {
    const name = tagValue({ Tags: fs.props.FileSystemTags }, 'Name')?.replace(/^.*FileSystem-([^/]+).*$/, '$1') ?? shortId(fs.id);
    const size = a.fileSystemStorageGb[profile];
    const policies = Array.isArray(fs.props.LifecyclePolicies) ? (fs.props.LifecyclePolicies as Props[]) : [];
    const toIa = policies.some((policy) => policy.TransitionToIA !== undefined);
    const iaShare = toIa ? a.fileSystemIaShare : 0;
    ledger.charge({ category: 'storage', item: 'EFS Standard', resource: name, stack: fs.stack, keys: 'efs.standardGbMonth', quantity: size * (1 - iaShare), working: `${size} GB × ${num((1 - iaShare) * 100)}%` });
    if (toIa) {
      ledger.charge({ category: 'storage', item: 'EFS Infrequent Access', resource: name, stack: fs.stack, keys: 'efs.iaGbMonth', quantity: size * iaShare, working: `${size} GB × ${num(iaShare * 100)}%` });
    }
    if (fs.props.ThroughputMode === 'elastic') {
      ledger.charge({ category: 'storage', item: 'EFS Elastic Throughput reads', resource: name, stack: fs.stack, keys: 'efs.elasticReadGb', quantity: a.fileSystemReadGbPerMonth[profile], working: `${a.fileSystemReadGbPerMonth[profile]} GB read` });
      ledger.charge({ category: 'storage', item: 'EFS Elastic Throughput writes', resource: name, stack: fs.stack, keys: 'efs.elasticWriteGb', quantity: a.fileSystemWriteGbPerMonth[profile], working: `${a.fileSystemWriteGbPerMonth[profile]} GB written` });
    } else if (fs.props.ThroughputMode === 'provisioned') {
      ledger.unpriceable('efs.provisionedThroughput', 'EFS provisioned throughput', name, fs.stack);
    }
  }

  // ---- AWS Backup plans: recovery points, their copies in the DR region, and the transfer ----
  for (const backupPlan of all.filter((r) => r.type === 'AWS::Backup::BackupPlan')) {
    const selections = all.filter((r) => r.type === 'AWS::Backup::BackupSelection' && r.stack === backupPlan.stack && targetOf(r.props.BackupPlanId) === backupPlan.id);
    const selected = selections.flatMap((selection) => [...referencesIn((selection.props.BackupSelection as Props).Resources)])
      .map((id) => byId(backupPlan.stack, id)).filter((r): r is Res => r !== undefined);
    const kinds = [
      { kind: 'Aurora', key: 'aurora.backupGbMonth' as PriceKey, size: a.databaseStorageGb[profile], count: selected.filter((r) => r.type === 'AWS::RDS::DBCluster').length },
      { kind: 'EFS', key: 'backup.efsWarmGbMonth' as PriceKey, size: a.fileSystemStorageGb[profile], count: selected.filter((r) => r.type === 'AWS::EFS::FileSystem').length },
    ].filter((k) => k.count > 0);
    const rules = (((backupPlan.props.BackupPlan as Props | undefined)?.BackupPlanRule ?? []) as Props[]).map((rule) => {
      const interval = scheduleIntervalDays(String(rule.ScheduleExpression ?? 'cron(0 5 * * ? *)'));
      const retention = Number((rule.Lifecycle as Props | undefined)?.DeleteAfterDays ?? 365);
      const points = Math.max(1, Math.ceil(retention / interval));
      // share of the data changed at least once between two points, each day changing a random d of it
      const change = 1 - (1 - a.backupDailyChangeRate) ** interval;
      const copyRegions = ((rule.CopyActions ?? []) as Props[]).map((copy) => /^arn:aws[^:]*:backup:([^:]+):/.exec(String(copy.DestinationBackupVaultArn))?.[1]).filter((r): r is string => r !== undefined);
      return { name: String(rule.RuleName), interval, retention, points, change, copyRegions };
    });
    const storedPerGb = rules.reduce((sum, rule) => sum + 1 + rule.change * (rule.points - 1), 0);
    const rulesText = rules.map((rule) => `${rule.name} ×${rule.points}`).join(', ');
    for (const kind of kinds) {
      const gb = kind.count * kind.size * storedPerGb;
      const working = `${kind.count} × ${kind.size} GB × ${num(storedPerGb)} (one full copy + changes between points, per rule: ${rulesText})`;
      ledger.charge({ category: 'backup', item: `AWS Backup recovery points, ${kind.kind}`, resource: 'backup plan', stack: backupPlan.stack, keys: kind.key, quantity: gb, working });
      for (const region of [...new Set(rules.flatMap((rule) => rule.copyRegions))]) {
        const copied = rules.filter((rule) => rule.copyRegions.includes(region)).reduce((sum, rule) => sum + 1 + rule.change * (rule.points - 1), 0);
        ledger.charge({
          category: 'backup', item: `AWS Backup copies in ${region}, ${kind.kind}`, resource: 'DR vault', stack: backupPlan.stack, region, keys: kind.key,
          quantity: kind.count * kind.size * copied, working: `${kind.count} × ${kind.size} GB × ${num(copied)}, as in the environment's vault`,
        });
      }
    }
    const transferGb = kinds.reduce((sum, kind) => sum + rules.filter((rule) => rule.copyRegions.length > 0)
      .reduce((s, rule) => s + rule.copyRegions.length * (hours / 24 / rule.interval) * kind.count * kind.size * rule.change, 0), 0);
    if (transferGb > 0) {
      ledger.charge({
        category: 'backup', item: `copy transfer to ${[...new Set(rules.flatMap((rule) => rule.copyRegions))].join(', ')}`, resource: 'backup plan', stack: backupPlan.stack,
        keys: 'transfer.interRegionGb', quantity: transferGb, working: 'each new recovery point copies its changes (the first full copy is not counted)',
      });
    }
  }

  // ---- CloudWatch Logs ----
  const taskLogGroups = new Map<string, PricedService>();
  for (const task of all.filter((r) => r.type === 'AWS::ECS::TaskDefinition')) {
    const service = services.find((s) => s.stack === task.stack);
    for (const container of (Array.isArray(task.props.ContainerDefinitions) ? task.props.ContainerDefinitions : []) as Props[]) {
      const group = targetOf(((container.LogConfiguration as Props | undefined)?.Options as Props | undefined)?.['awslogs-group']);
      if (group && service) taskLogGroups.set(`${task.stack.stackName}/${group}`, service);
    }
  }
  const referencedBy = (type: string, stack: SynthesizedStack, id: string, pick: (props: Props) => unknown) =>
    all.some((r) => r.type === type && r.stack === stack && referencesIn(pick(r.props)).has(id));
  for (const group of all.filter((r) => r.type === 'AWS::Logs::LogGroup')) {
    const name = typeof group.props.LogGroupName === 'string' ? group.props.LogGroupName : '';
    const service = taskLogGroups.get(`${group.stack.stackName}/${group.id}`);
    let what: string;
    let gb: number;
    let working: string;
    if (service) {
      what = 'application logs'; gb = service.tasks * a.logGbPerTaskMonth; working = `${service.tasks} tasks × ${a.logGbPerTaskMonth} GB`;
    } else if (referencedBy('AWS::EC2::FlowLog', group.stack, group.id, (p) => [p.LogGroupName, p.LogDestination])) {
      what = 'VPC flow logs'; gb = a.flowLogGbPerMonth[profile]; working = `${gb} GB`;
    } else if (name.startsWith('aws-waf-logs-')) {
      what = 'WAF logs'; gb = (requests * a.wafLogKbPerRequest) / 1e6; working = `${num(requests / 1e6)}M requests × ${a.wafLogKbPerRequest} KB`;
    } else if (name.startsWith('/aws/rds/')) {
      what = `database log ${name.split('/').pop()}`; gb = a.databaseLogGbPerLogGroupMonth; working = `${gb} GB`;
    } else if (referencedBy('AWS::CloudTrail::Trail', group.stack, group.id, (p) => p.CloudWatchLogsLogGroupArn)) {
      what = 'CloudTrail events'; gb = a.trailLogGbPerMonth; working = `${gb} GB`;
    } else if (referencedBy('AWS::CodeBuild::Project', group.stack, group.id, (p) => p.LogsConfig)) {
      what = 'build logs'; gb = a.buildLogGbPerMonth; working = `${gb} GB`;
    } else {
      what = 'logs'; gb = a.otherLogGbPerMonth; working = `${gb} GB (no known writer)`;
    }
    const resource = service?.name ?? (name.startsWith('/aws/rds/cluster/') ? name.split('/')[4]!.replace(`${plan.project}-${environment?.name ?? ''}-`, '') : label(group.stack));
    const retention = typeof group.props.RetentionInDays === 'number' ? group.props.RetentionInDays : undefined;
    const months = monthsRetained(retention);
    ledger.charge({ category: 'observability', item: `log ingestion, ${what}`, resource, stack: group.stack, keys: 'cloudwatch.logIngestGb', quantity: gb, working });
    ledger.charge({
      category: 'observability', item: `log storage, ${what}`, resource, stack: group.stack, keys: 'cloudwatch.logStorageGbMonth', quantity: gb * months,
      working: `${num(gb)} GB/month × ${retention === undefined ? 'never expires: 1 year assumed' : `${retention} days`} (${num(months)} months)`,
    });
  }

  // ---- metrics, alarms, dashboards (aggregated per stack) ----
  for (const stack of input.stacks) {
    const of = (type: string) => all.filter((r) => r.stack === stack && r.type === type);
    let standard = 0;
    let highResolution = 0;
    for (const alarm of of('AWS::CloudWatch::Alarm')) {
      const metrics = Array.isArray(alarm.props.Metrics) ? (alarm.props.Metrics as Props[]) : undefined;
      const count = alarm.props.ThresholdMetricId !== undefined ? 3 : metrics ? metrics.filter((m) => m.MetricStat !== undefined).length : 1;
      const periods = metrics ? metrics.map((m) => Number((m.MetricStat as Props | undefined)?.Period ?? 60)) : [Number(alarm.props.Period ?? 60)];
      if (Math.min(...periods) < 60) highResolution += count; else standard += count;
    }
    const alarms = of('AWS::CloudWatch::Alarm').length;
    if (standard > 0) ledger.charge({ category: 'observability', item: 'alarms', resource: label(stack), stack, keys: 'cloudwatch.alarmMetricMonth', quantity: standard, working: `${alarms} alarms, ${standard} standard-resolution metrics (anomaly detection counts 3)` });
    if (highResolution > 0) ledger.charge({ category: 'observability', item: 'high-resolution alarms', resource: label(stack), stack, keys: 'cloudwatch.highResolutionAlarmMonth', quantity: highResolution, working: `${highResolution} alarm metrics with a period under 60 s` });
    const composites = of('AWS::CloudWatch::CompositeAlarm').length;
    ledger.charge({ category: 'observability', item: 'composite alarms', resource: label(stack), stack, keys: 'cloudwatch.compositeAlarmMonth', quantity: composites, working: `${composites} composite alarms` });
    const dashboards = of('AWS::CloudWatch::Dashboard').length;
    ledger.charge({ category: 'observability', item: 'dashboards', resource: label(stack), stack, keys: 'cloudwatch.dashboardMonth', quantity: dashboards, working: `${dashboards} dashboard${dashboards === 1 ? '' : 's'} (the account's first 3 are free: not deducted)` });
    const filters = of('AWS::Logs::MetricFilter').flatMap((f) => (Array.isArray(f.props.MetricTransformations) ? (f.props.MetricTransformations as Props[]) : []));
    const always = filters.filter((t) => t.DefaultValue !== undefined).length;
    ledger.charge({ category: 'observability', item: 'custom metrics from metric filters', resource: label(stack), stack, keys: 'cloudwatch.metricMonth', quantity: always, working: `${always} metrics with a default value (published with every log event)` });
    if (filters.length > always) {
      ledger.notes.push(`${label(stack)}: ${filters.length - always} metric filters publish only when an event matches; each costs up to the custom-metric price in a month with matches (not counted)`);
    }
  }

  chargeSecurityAndStorage({ input, ledger, all, label }, profile);

  chargeDelivery({ input, ledger, all });

  // ---- coverage: every type priced, free, or reported ----
  const unpriced = new Map<string, { count: number; stacks: Set<string> }>();
  const report = (type: string, stack: SynthesizedStack) => {
    const entry = unpriced.get(type) ?? { count: 0, stacks: new Set<string>() };
    entry.count += 1;
    entry.stacks.add(stack.stackName);
    unpriced.set(type, entry);
  };
  const deployTime = deployTimeFunctions(input.stacks);
  for (const resource of all) {
    if (resource.type === 'AWS::Lambda::Function') {
      if (!deployTime.has(`${resource.stack.stackName}/${resource.id}`)) report(resource.type, resource.stack);
      continue;
    }
    if (PRICED_TYPES.has(resource.type) || freeReason(resource.type) !== undefined) continue;
    report(resource.type, resource.stack);
  }

  if (awake && environment?.schedule) {
    ledger.notes.push(sleepNote(input, environment.schedule, ledger.lines.reduce((total, line) => total + line.monthlyUsd, 0)));
  }

  return {
    lines: ledger.lines,
    missingPrices: ledger.missing,
    unpricedTypes: [...unpriced].sort(([a], [b]) => a.localeCompare(b)).map(([type, entry]) => ({ type, count: entry.count, stacks: [...entry.stacks].sort() })),
    notes: ledger.notes,
  };
}

/**
 * What the schedule saves: the same estimate without it (every service and instance priced all
 * month) minus this one. Load balancers, NAT gateways, storage and logs cost the same either way.
 */
function sleepNote(input: EstimateInput, schedule: NonNullable<EnvironmentPlan['schedule']>, totalUsd: number): string {
  const allMonth = estimate({ ...input, environment: { ...input.environment!, schedule: undefined } }).lines.reduce((total, line) => total + line.monthlyUsd, 0);
  const saving = allMonth - totalUsd;
  return `schedule ${schedule.awake} ${schedule.timezone}: awake ${num(schedule.awakeHoursPerWeek)} h a week, so tasks and Aurora instances are priced for those hours; `
    + `saves $${saving.toFixed(2)} a month (${allMonth > 0 ? ((saving / allMonth) * 100).toFixed(0) : 0}%) against $${allMonth.toFixed(2)} awake around the clock; `
    + 'load balancers, NAT gateways, storage, backups and logs cost the same asleep';
}

/** The Fargate cost of an environment's services if each ran at its maxCount all month. */
export function fargateAtMaxUsd(input: EstimateInput): number | undefined {
  const services = input.stacks.flatMap(resourcesOf).filter((r) => r.type === 'AWS::ECS::Service');
  let total = 0;
  for (const service of services) {
    const taskId = targetOf(service.props.TaskDefinition);
    const task = taskId ? (service.stack.template.Resources[taskId]?.Properties as Props | undefined) : undefined;
    const name = tagValue(service.props, 'service');
    const plan = input.environment?.services.find((s) => s.name === name);
    const cost = fargateMonthlyUsd(service.stack.region, {
      tasks: plan?.maxCount ?? countOnceImageSet(service.props.DesiredCount), shape: taskShape(task), strategy: strategyOf(service.props),
    }, input.assumptions.hoursPerMonth, input.prices);
    if (cost === undefined) return undefined;
    total += cost;
  }
  return total;
}
