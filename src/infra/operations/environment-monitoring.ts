import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  CountAxisFromZero,
  CustomMetricGroup,
  CustomThreshold,
  DefaultDashboardFactory,
  MonitoringFacade,
  PercentageAxisFromZeroToHundred,
  SnsAlarmActionStrategy,
  TimeAxisMillisFromZero,
} from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import type { DatabasePlan, EnvironmentPlan, FileSystemPlan, ServicePlan } from '../../manifest/plan';
import {
  alarmDescription,
  AlarmWindow,
  DATABASE_ALARMS,
  databaseConnectionsThreshold,
  databaseFreeableMemoryThresholdBytes,
  FILE_SYSTEM_ALARMS,
  Severity,
} from './alarm-thresholds';
import { alarmTopicArn } from './environment-alarm-topic';
import { databaseParameterNames, fileSystemParameterNames } from './names';
import { monitorQueue } from './queue-monitoring';
import { addServiceToDashboard } from './service-dashboard';

export interface EnvironmentMonitoringProps {
  readonly plan: EnvironmentPlan;
  /** The services this dashboard shows: at most SERVICES_PER_DASHBOARD of the plan's. */
  readonly services: readonly ServicePlan[];
  /** 1: the environment's own dashboard, which also shows (and alarms on) databases and volumes; 2…: more services. */
  readonly part: number;
  /** The environment's VPC: only to satisfy the imported ECS cluster's type (no value of it reaches the template). */
  readonly vpc: ec2.IVpc;
}

/**
 * Services per dashboard (and per operations stack). About 10 widgets and 4 template parameters a
 * service: 20 keep a dashboard near 200 of CloudWatch's 500 widgets and the stack at about 40 % of
 * CloudFormation's 200 parameters and 20 % of its 1 MB template. More services get more parts.
 */
export const SERVICES_PER_DASHBOARD = 20;

/** The environment's services in dashboard parts of SERVICES_PER_DASHBOARD, in manifest order (at least one part). */
export function dashboardParts<T>(services: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < services.length; start += SERVICES_PER_DASHBOARD) parts.push(services.slice(start, start + SERVICES_PER_DASHBOARD));
  return parts.length > 0 ? parts : [[]];
}

/** The dashboard of an environment: `<project>-<env>`, and `<project>-<env>-<part>` for parts 2…. */
export function dashboardName(plan: Pick<EnvironmentPlan, 'project' | 'name'>, part = 1): string {
  return part === 1 ? `${plan.project}-${plan.name}` : `${plan.project}-${plan.name}-${part}`;
}

const RDS = 'AWS/RDS';
const EFS = 'AWS/EFS';
const MIB = 1024 * 1024;

/**
 * The environment's dashboard `<project>-<env>` (and, past SERVICES_PER_DASHBOARD services,
 * `<project>-<env>-2`… for the rest), built with cdk-monitoring-constructs (a
 * MonitoringFacade; every widget comes from the library's segments), and the environment-level
 * alarms (Aurora, EFS) to the environment's alarm topic:
 * - per service: the library's Fargate service segment (CPU, memory, running tasks) and a custom
 *   segment with requests, 4XX/5XX, p50/p99 response time, healthy/unhealthy targets and running
 *   versus desired tasks (the service's alarms live in its own stack);
 * - per Aurora cluster: CPU, connections, freeable memory, replica lag, deadlocks (MySQL), with
 *   alarms on CPU, connections, freeable memory and (with readers) replica lag. Custom metrics, not
 *   the library's Aurora segment: its alarms read the cluster-wide Average, which hides one saturated
 *   instance behind an idle one; these read the busiest (Maximum) or lowest (Minimum) instance;
 * - per EFS volume: throughput, throughput as a share of the permitted throughput, PercentIOLimit
 *   and client connections, with alarms on the last two limits. Volumes use Elastic throughput, which
 *   has no burst credits, so BurstCreditBalance is neither shown nor alarmed on;
 * - per SQS queue: the library's SQS segment with its dead-letter queue, with alarms on the age of
 *   the oldest message and on any message in the dead-letter queue (queue-monitoring.ts).
 *
 * Every identifier comes from an SSM parameter the service and data stacks write
 * (`/portside/<project>/<env>/…`), read with `valueForStringParameter`: an SSM-typed template
 * parameter that CloudFormation resolves at every deploy of this stack. A CloudFormation export
 * would make a replacement of a load balancer, target group, Aurora cluster (restoreFromSnapshot) or
 * volume fail with "export … in use" for as long as this stack imports it; a parameter never
 * blocks, and this stack (deployed after them) picks the new value up.
 */
export class EnvironmentMonitoring extends Construct {
  public readonly facade: MonitoringFacade;
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: EnvironmentMonitoringProps) {
    super(scope, id);
    const { plan } = props;
    const topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', alarmTopicArn(this, plan.project, plan.name));
    const dashboards = new DefaultDashboardFactory(this, 'Dashboards', { dashboardNamePrefix: dashboardName(plan, props.part), createDashboard: true });
    this.facade = new MonitoringFacade(this, 'Monitoring', {
      alarmFactoryDefaults: {
        alarmNamePrefix: Stack.of(this).stackName,
        actionsEnabled: true,
        action: new SnsAlarmActionStrategy({ onAlarmTopic: topic, onOkTopic: topic }),
      },
      dashboardFactory: dashboards,
    });
    this.dashboard = dashboards.dashboard!;

    // Parts are consecutive runs of SERVICES_PER_DASHBOARD in manifest order, so the range follows from the part.
    const first = (props.part - 1) * SERVICES_PER_DASHBOARD + 1;
    const services = plan.services.length <= SERVICES_PER_DASHBOARD ? 'services' : `services ${first}–${first + props.services.length - 1} of ${plan.services.length}`;
    const shown = props.part === 1 ? `${services}, databases, volumes${plan.queues.length > 0 ? ', queues' : ''}` : services;
    this.facade.addLargeHeader(`${plan.project} ${plan.name}: ${shown} (alarms e-mail ${plan.alertEmail})`);
    const dashboard = { scope: this, facade: this.facade, plan, vpc: props.vpc, parameter: (name: string) => this.parameter(name) };
    for (const service of props.services) addServiceToDashboard(dashboard, service);
    if (props.part !== 1) return;
    for (const database of plan.databases) this.monitorDatabase(plan, database);
    for (const fileSystem of plan.fileSystems) this.monitorFileSystem(plan, fileSystem);
    for (const queue of plan.queues) monitorQueue(this, this.facade, queue);
  }

  private parameter(name: string): string {
    return ssm.StringParameter.valueForStringParameter(this, name);
  }

  private alarmName(what: string): string {
    return `${Stack.of(this).stackName}-${what}`;
  }

  private threshold(severity: Severity, what: string, window: AlarmWindow, settings: {
    threshold: number;
    comparisonOperator: cloudwatch.ComparisonOperator;
    treatMissingData: cloudwatch.TreatMissingData;
    means: string;
    todo: string;
  }): Record<string, CustomThreshold> {
    return {
      [severity === 'critical' ? 'Critical' : 'Warning']: {
        threshold: settings.threshold,
        comparisonOperator: settings.comparisonOperator,
        alarmNameOverride: this.alarmName(what),
        alarmDescriptionOverride: alarmDescription(severity, settings.means, settings.todo),
        period: window.period,
        datapointsToAlarm: window.periods,
        evaluationPeriods: window.periods,
        treatMissingDataOverride: settings.treatMissingData,
      },
    };
  }


  private monitorDatabase(plan: EnvironmentPlan, database: DatabasePlan): void {
    const clusterIdentifier = this.parameter(databaseParameterNames(plan.project, plan.name, database.name).clusterIdentifier);
    const rds = (metricName: string, statistic: string, label: string, period: Duration) => new cloudwatch.Metric({
      namespace: RDS, metricName, dimensionsMap: { DBClusterIdentifier: clusterIdentifier }, statistic, label, period,
    });
    const { cpu, freeableMemory, connections, replicaLag } = DATABASE_ALARMS;
    const maxConnections = databaseConnectionsThreshold(database.engine, database.instanceClass);
    const memoryBytes = databaseFreeableMemoryThresholdBytes(database.instanceClass);
    const name = database.name;
    const groups: CustomMetricGroup[] = [
      {
        title: 'CPU',
        graphWidgetAxis: PercentageAxisFromZeroToHundred,
        metrics: [
          {
            metric: rds('CPUUtilization', cloudwatch.Stats.MAXIMUM, 'busiest instance', cpu.period),
            alarmFriendlyName: `db-${name}-cpu`,
            addAlarm: this.threshold(cpu.severity, `db-${name}-cpu`, cpu, {
              threshold: cpu.percent,
              comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
              // No data: the cluster is stopped or gone, which the services' alarms report; not a CPU problem.
              treatMissingData: cloudwatch.TreatMissingData.MISSING,
              means: `Aurora ${name}: an instance used ${cpu.percent} % CPU or more for ${cpu.period.toMinutes() * cpu.periods} minutes (CPUUtilization, busiest instance). Queries queue and slow down.`,
              todo: 'find the top queries in Performance Insights / the slow query log; add an index or fix the query; move reads to the reader endpoint; or raise instanceClass in the manifest.',
            }),
          },
          rds('CPUUtilization', cloudwatch.Stats.AVERAGE, 'average', cpu.period),
        ],
      },
      {
        title: 'Connections',
        graphWidgetAxis: CountAxisFromZero,
        metrics: [{
          metric: rds('DatabaseConnections', cloudwatch.Stats.MAXIMUM, 'busiest instance', connections.period),
          alarmFriendlyName: `db-${name}-connections`,
          addAlarm: this.threshold(connections.severity, `db-${name}-connections`, connections, {
            threshold: maxConnections,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.MISSING,
            means: `Aurora ${name}: an instance held ${maxConnections} connections or more (80 % of the default max_connections of ${database.instanceClass}) `
              + `for ${connections.period.toMinutes() * connections.periods} minutes. At the limit new connections are refused and requests fail.`,
            todo: 'check each service\'s connection pool size times its task count (autoscaling multiplies it), look for leaked or idle connections; lower the pools, add RDS Proxy, or raise instanceClass.',
          }),
        }],
      },
      {
        title: 'Freeable memory',
        metrics: [{
          metric: rds('FreeableMemory', cloudwatch.Stats.MINIMUM, 'lowest instance', freeableMemory.period),
          alarmFriendlyName: `db-${name}-freeable-memory`,
          addAlarm: this.threshold(freeableMemory.severity, `db-${name}-freeable-memory`, freeableMemory, {
            threshold: memoryBytes,
            comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.MISSING,
            means: `Aurora ${name}: an instance had less than ${Math.round(memoryBytes / MIB)} MiB freeable memory (10 % of ${database.instanceClass}) `
              + `for ${freeableMemory.period.toMinutes() * freeableMemory.periods} minutes. Aurora then swaps, slows down and may restart the instance.`,
            todo: 'look at connections (each holds memory) and large sorts or temporary tables in Performance Insights; reduce them, or raise instanceClass in the manifest.',
          }),
        }],
      },
    ];
    if (database.readers > 0) {
      groups.push({
        title: 'Replica lag',
        graphWidgetAxis: TimeAxisMillisFromZero,
        metrics: [{
          metric: rds('AuroraReplicaLagMaximum', cloudwatch.Stats.MAXIMUM, 'most lagging reader', replicaLag.period),
          alarmFriendlyName: `db-${name}-replica-lag`,
          addAlarm: this.threshold(replicaLag.severity, `db-${name}-replica-lag`, replicaLag, {
            threshold: replicaLag.milliseconds,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            // A reader restarting or being replaced reports nothing for a while; that is not lag.
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
            means: `Aurora ${name}: a reader was ${replicaLag.milliseconds} ms or more behind the writer in each of ${replicaLag.periods} consecutive minutes `
              + '(AuroraReplicaLagMaximum; normally well under 100 ms). Reads from the reader endpoint return stale data, and a failover to it would wait.',
            todo: 'check the writer\'s write load (a bulk job, a large transaction) and the reader\'s CPU; spread heavy writes, or give the reader the writer\'s class.',
          }),
        }],
      });
    }
    if (database.engine === 'aurora-mysql') {
      groups.push({ title: 'Deadlocks', graphWidgetAxis: CountAxisFromZero, metrics: [rds('Deadlocks', cloudwatch.Stats.AVERAGE, 'deadlocks per second', Duration.minutes(1))] });
    }
    this.facade.monitorCustom({
      humanReadableName: `Aurora ${name} (${database.engine}, ${database.instanceClass}, ${database.readers} reader${database.readers === 1 ? '' : 's'})`,
      alarmFriendlyName: `db-${name}`,
      metricGroups: groups,
    });
  }

  private monitorFileSystem(plan: EnvironmentPlan, fileSystem: FileSystemPlan): void {
    const fileSystemId = this.parameter(fileSystemParameterNames(plan.project, plan.name, fileSystem.name).fileSystemId);
    const efs = (metricName: string, statistic: string, label: string, period: Duration) => new cloudwatch.Metric({
      namespace: EFS, metricName, dimensionsMap: { FileSystemId: fileSystemId }, statistic, label, period,
    });
    const { ioLimit, throughput } = FILE_SYSTEM_ALARMS;
    const name = fileSystem.name;
    const mibPerSecond = (metricName: string, label: string) => new cloudwatch.MathExpression({
      expression: `(${label} / 1048576) / PERIOD(${label})`,
      usingMetrics: { [label]: efs(metricName, cloudwatch.Stats.SUM, metricName, throughput.period) },
      label,
      period: throughput.period,
    });
    // EFS's own "percentage of permitted throughput utilization" metric math.
    const utilization = new cloudwatch.MathExpression({
      expression: '((metered / 1048576) / PERIOD(metered)) * 100 / (permitted / 1048576)',
      usingMetrics: {
        metered: efs('MeteredIOBytes', cloudwatch.Stats.SUM, 'metered', throughput.period),
        permitted: efs('PermittedThroughput', cloudwatch.Stats.MAXIMUM, 'permitted', throughput.period),
      },
      label: '% of permitted throughput',
      period: throughput.period,
    });
    const groups: CustomMetricGroup[] = [
      {
        title: 'Throughput (MiB/s)',
        metrics: [mibPerSecond('DataReadIOBytes', 'read'), mibPerSecond('DataWriteIOBytes', 'write'), mibPerSecond('MetadataIOBytes', 'metadata')],
      },
      {
        title: 'Throughput used',
        graphWidgetAxis: PercentageAxisFromZeroToHundred,
        metrics: [{
          metric: utilization,
          alarmFriendlyName: `efs-${name}-throughput`,
          addAlarm: this.threshold(throughput.severity, `efs-${name}-throughput`, throughput, {
            threshold: throughput.percent,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            // EFS publishes nothing for a volume nobody reads or writes: idle is fine.
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
            means: `EFS ${name}: metered throughput was ${throughput.percent} % or more of the permitted throughput for ${throughput.period.toMinutes() * throughput.periods} minutes. `
              + 'At 100 % reads and writes are throttled and every task that mounts the volume slows down.',
            todo: 'find the service driving the I/O (dashboard: its requests and tasks) and batch or cache it; Elastic throughput scales on its own up to the account\'s regional limit, which a Service Quotas request raises.',
          }),
        }],
      },
      {
        title: 'I/O limit',
        graphWidgetAxis: PercentageAxisFromZeroToHundred,
        metrics: [{
          metric: efs('PercentIOLimit', cloudwatch.Stats.MAXIMUM, 'PercentIOLimit', ioLimit.period),
          alarmFriendlyName: `efs-${name}-io-limit`,
          addAlarm: this.threshold(ioLimit.severity, `efs-${name}-io-limit`, ioLimit, {
            threshold: ioLimit.percent,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
            means: `EFS ${name}: the volume was at ${ioLimit.percent} % or more of the General Purpose mode's operations limit (PercentIOLimit) for `
              + `${ioLimit.period.toMinutes() * ioLimit.periods} minutes. At 100 % file operations wait.`,
            todo: 'look for many small files or metadata-heavy work (listing, stat, locking) from the mounting services; batch it, keep hot files in memory or S3.',
          }),
        }],
      },
      {
        title: 'Client connections',
        graphWidgetAxis: CountAxisFromZero,
        metrics: [efs('ClientConnections', cloudwatch.Stats.SUM, 'connections', Duration.minutes(1))],
      },
    ];
    this.facade.monitorCustom({ humanReadableName: `EFS ${name} (Elastic throughput, General Purpose)`, alarmFriendlyName: `efs-${name}`, metricGroups: groups });
  }
}
