import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ContainerImageInput } from './container-image-input';
import { addServiceTask, ServiceTask, ServiceTaskProps } from './service-task';

/**
 * What every kind of workload is built on: the service's task (addServiceTask), built in the
 * workload's own scope so its resources keep their logical ids, and its parts as fields.
 */
export abstract class TaskWorkload extends Construct {
  public readonly task: ServiceTask;
  public readonly image: ContainerImageInput;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The service's own container (`App`). */
  public readonly container: ecs.ContainerDefinition;

  protected constructor(scope: Construct, id: string, props: ServiceTaskProps) {
    super(scope, id);
    this.task = addServiceTask(this, props);
    this.image = this.task.image;
    this.securityGroup = this.task.securityGroup;
    this.logGroup = this.task.logGroup;
    this.taskDefinition = this.task.taskDefinition;
    this.container = this.task.container;
  }
}
