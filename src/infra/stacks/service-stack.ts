import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { EnvironmentPlan, ServicePlan } from '../../manifest/plan';
import type { AuroraDatabase } from '../data/aurora-database';
import type { SharedFileSystem } from '../data/shared-file-system';
import { FargateWebService, ImageRepositoryRef } from '../service/fargate-web-service';

export interface ServiceStackProps extends StackProps {
  readonly plan: EnvironmentPlan;
  readonly service: ServicePlan;
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.ICluster;
  readonly accessLogsBucket: s3.IBucket;
  readonly databases: readonly AuroraDatabase[];
  readonly volumes: readonly SharedFileSystem[];
  readonly dataKey: kms.IKey;
  readonly imageRepository: ImageRepositoryRef;
}

/**
 * `<project>-<env>-service-<name>`: one service behind its own load balancer. Asset-free, with the
 * image as the `ImageUri` parameter, so CodePipeline's CloudFormation action can deploy it as is.
 */
export class ServiceStack extends Stack {
  public readonly web: FargateWebService;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { plan, service } = props;
    const domain = plan.domain && {
      zone: route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: plan.domain.hostedZoneId,
        zoneName: plan.domain.name,
      }),
      domainName: `${service.name}.${plan.domain.name}`,
    };
    this.web = new FargateWebService(this, 'Web', {
      service,
      vpc: props.vpc,
      vpcCidr: plan.network.cidr,
      cluster: props.cluster,
      accessLogsBucket: props.accessLogsBucket,
      databases: props.databases,
      volumes: props.volumes,
      dataKey: props.dataKey,
      imageRepository: props.imageRepository,
      domain,
      deletionProtection: plan.protectData,
    });
  }
}
