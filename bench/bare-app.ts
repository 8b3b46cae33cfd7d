/**
 * The bare CDK baseline for `npm run bench`: per environment (two stages, dev and prod), a platform
 * stack with one VPC, the two Aurora clusters (MySQL + PostgreSQL) and an ECS cluster, and one stack
 * per service holding its ecs-patterns construct (one stack for all services would pass
 * CloudFormation's 500 resources at ~40 services): ApplicationLoadBalancedFargateService for a web
 * service, QueueProcessingFargateService for a worker, ScheduledFargateTask for a job, so the bare
 * app has the same kinds of workload as the Portside manifest beside it. No cdk-nag, no Portside code.
 * Usage: tsx bench/bare-app.ts <services> <outDir> [kinds: comma-separated, cycled; default web]
 */
import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as rds from 'aws-cdk-lib/aws-rds';

const count = Number(process.argv[2]);
const outdir = process.argv[3];
const kinds = (process.argv[4] ?? 'web').split(',');
if (!Number.isInteger(count) || count < 1 || !outdir || kinds.some((kind) => !['web', 'worker', 'job'].includes(kind))) {
  throw new Error('usage: bare-app.ts <services> <outDir> [web|worker|job,...]');
}

const app = new cdk.App({ outdir });
for (const [stage, account] of [['dev', '111111111111'], ['prod', '222222222222']] as const) {
  const s = new cdk.Stage(app, stage, { env: { account, region: 'eu-west-2' } });
  const stack = new cdk.Stack(s, 'Platform');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: stage === 'dev' ? 2 : 3, natGateways: stage === 'dev' ? 1 : 3 });
  new rds.DatabaseCluster(stack, 'Catalog', {
    engine: rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }),
    writer: rds.ClusterInstance.provisioned('writer'),
    readers: stage === 'prod' ? [rds.ClusterInstance.provisioned('reader')] : [],
    vpc, defaultDatabaseName: 'catalog',
  });
  new rds.DatabaseCluster(stack, 'Orders', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    writer: rds.ClusterInstance.provisioned('writer'),
    readers: stage === 'prod' ? [rds.ClusterInstance.provisioned('reader')] : [],
    vpc, defaultDatabaseName: 'orders',
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  for (let i = 0; i < count; i++) {
    const serviceStack = new cdk.Stack(s, `Service${i}`);
    const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest');
    const kind = kinds[i % kinds.length];
    if (kind === 'worker') {
      new ecsPatterns.QueueProcessingFargateService(serviceStack, 'Service', { cluster, cpu: 256, memoryLimitMiB: 512, image, minScalingCapacity: 1, maxScalingCapacity: 10 });
      continue;
    }
    if (kind === 'job') {
      new ecsPatterns.ScheduledFargateTask(serviceStack, 'Service', {
        cluster, schedule: appscaling.Schedule.expression('cron(30 1 * * ? *)'),
        scheduledFargateTaskImageOptions: { image, cpu: 512, memoryLimitMiB: 1024 },
      });
      continue;
    }
    const service = new ecsPatterns.ApplicationLoadBalancedFargateService(serviceStack, 'Service', {
      cluster, cpu: 512, memoryLimitMiB: 1024, desiredCount: 2,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'), containerPort: 8080 },
    });
    service.targetGroup.configureHealthCheck({ path: '/health' });
    service.service.autoScaleTaskCount({ maxCapacity: 10 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
  }
}
app.synth();
