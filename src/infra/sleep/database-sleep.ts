import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { EnvironmentSchedulePlan } from '../../manifest/plan';
import { SleepSchedules } from './sleep-role';
import { sleepTimes } from './sleep-times';

export interface DatabaseSleepProps {
  readonly schedule: EnvironmentSchedulePlan;
  /** The environment's Aurora clusters, by manifest name. */
  readonly clusters: ReadonlyMap<string, rds.IDatabaseCluster>;
}

/**
 * Stops every Aurora cluster of a sleeping environment when its window closes, every day, and
 * starts it the plan's databaseStartLeadMinutes before the window opens on awake days, with Scheduler's
 * universal target calling rds:StopDBCluster and rds:StartDBCluster. Stopped, a cluster bills
 * storage and backups only, no instance hours; Aurora starts a cluster stopped for seven days by
 * itself (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-cluster-stop-start.html),
 * which a weekly window never reaches, and the stop that follows every evening puts a cluster
 * started any other way (a deploy, by hand, Aurora itself) back to sleep.
 */
export class DatabaseSleep extends Construct {
  public readonly schedules: SleepSchedules;

  constructor(scope: Construct, id: string, props: DatabaseSleepProps) {
    super(scope, id);
    const times = sleepTimes(props.schedule);
    this.schedules = new SleepSchedules(this, 'Schedules', { description: 'EventBridge Scheduler stops the environment\'s Aurora clusters while it sleeps and starts them before it wakes' });
    for (const [name, cluster] of props.clusters) {
      const call = { service: 'rds', timezone: times.timezone, resources: [cluster.clusterArn], input: { DbClusterIdentifier: cluster.clusterIdentifier } };
      this.schedules.add({
        ...call, id: `Start-${name}`, cron: times.databasesStart, action: 'startDBCluster', iamAction: 'rds:StartDBCluster',
        description: `Starts Aurora ${name} ${props.schedule.databaseStartLeadMinutes} minutes before the environment wakes (${props.schedule.awake} ${props.schedule.timezone})`,
      });
      this.schedules.add({
        ...call, id: `Stop-${name}`, cron: times.databasesStop, action: 'stopDBCluster', iamAction: 'rds:StopDBCluster',
        description: `Stops Aurora ${name} when the environment goes to sleep, every day (${props.schedule.awake} ${props.schedule.timezone}); fails harmlessly when it is stopped already`,
      });
    }
  }
}
