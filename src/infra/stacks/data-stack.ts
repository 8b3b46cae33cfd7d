import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { EnvironmentPlan } from '../../manifest/plan';
import { AuroraDatabase } from '../data/aurora-database';
import { SharedFileSystem } from '../data/shared-file-system';

export interface DataStackProps extends StackProps {
  readonly plan: EnvironmentPlan;
  readonly vpc: ec2.IVpc;
}

/**
 * `<project>-<env>-data`: the environment's KMS key, its Aurora clusters and EFS volumes with an
 * access point per mounting service. Construct ids here are stable contracts: renaming one
 * replaces the database or volume.
 */
export class DataStack extends Stack {
  public readonly key: kms.Key;
  public readonly databases = new Map<string, AuroraDatabase>();
  public readonly fileSystems = new Map<string, SharedFileSystem>();

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { plan } = props;

    this.key = new kms.Key(this, 'DataKey', {
      description: `${plan.project} ${plan.name}: Aurora, EFS and database secrets`,
      enableKeyRotation: true,
      alias: `alias/${plan.project}/${plan.name}/data`,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const database of plan.databases) {
      this.databases.set(database.name, new AuroraDatabase(this, `Database-${database.name}`, {
        database,
        vpc: props.vpc,
        encryptionKey: this.key,
        clusterIdentifier: `${plan.project}-${plan.name}-${database.name}`,
        availabilityZones: plan.network.availabilityZones,
        logRetentionDays: plan.profile === 'resilient' ? 365 : 30,
        retainOnDelete: plan.protectData,
      }));
    }

    for (const fileSystem of plan.fileSystems) {
      const volume = new SharedFileSystem(this, `FileSystem-${fileSystem.name}`, {
        fileSystem,
        vpc: props.vpc,
        encryptionKey: this.key,
        retainOnDelete: plan.protectData,
      });
      for (const service of plan.services) {
        if (service.mounts.some((mount) => mount.fileSystem === fileSystem.name)) {
          volume.addClient({ service: service.name, posixUid: service.posixUid });
        }
      }
      this.fileSystems.set(fileSystem.name, volume);
    }
  }
}
