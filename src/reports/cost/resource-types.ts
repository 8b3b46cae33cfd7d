/**
 * Every CloudFormation resource type the estimate knows: priced by a rule in `estimate.ts`, or free
 * (with the reason). A template with a type in neither list is reported as unpriced, never silently
 * counted as zero.
 */

/** Types whose cost the estimate computes (some may come out at zero, e.g. a gateway endpoint). */
export const PRICED_TYPES: ReadonlySet<string> = new Set([
  'AWS::ECS::Service',
  // A job: its runs (task, Scheduler invocations, Step Functions transitions), from its schedule.
  'AWS::Scheduler::Schedule',
  'AWS::ECS::Cluster',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EIP',
  'AWS::EC2::VPCEndpoint',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::EFS::FileSystem',
  'AWS::Logs::LogGroup',
  'AWS::Logs::MetricFilter',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::CompositeAlarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::Backup::BackupPlan',
  'AWS::SecretsManager::Secret',
  'AWS::KMS::Key',
  'AWS::ECR::Repository',
  'AWS::ECR::ReplicationConfiguration',
  'AWS::S3::Bucket',
  // Priced per request; a dead-letter queue (the target of another queue's redrive policy) is idle.
  'AWS::SQS::Queue',
  'AWS::CodePipeline::Pipeline',
  'AWS::CodeBuild::Project',
  'AWS::WAFv2::WebACL',
  'AWS::SSM::Parameter',
  'AWS::Route53::HostedZone',
  // Free when it runs only for custom resources and secret rotations (deploy-time-functions.ts); unpriced otherwise.
  'AWS::Lambda::Function',
]);

const IAM = 'IAM is free';
const VPC_PLUMBING = 'VPC plumbing has no charge';

/** Types that cost nothing by themselves, and why. */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  'AWS::Scheduler::ScheduleGroup': 'a schedule group is free; its schedule\'s invocations are priced with the job',
  'AWS::IAM::Role': IAM,
  'AWS::IAM::Policy': IAM,
  'AWS::IAM::ManagedPolicy': IAM,
  'AWS::IAM::InstanceProfile': IAM,
  'AWS::EC2::VPC': VPC_PLUMBING,
  'AWS::EC2::Subnet': VPC_PLUMBING,
  'AWS::EC2::RouteTable': VPC_PLUMBING,
  'AWS::EC2::SubnetRouteTableAssociation': VPC_PLUMBING,
  'AWS::EC2::Route': VPC_PLUMBING,
  'AWS::EC2::InternetGateway': VPC_PLUMBING,
  'AWS::EC2::VPCGatewayAttachment': VPC_PLUMBING,
  'AWS::EC2::NetworkAcl': VPC_PLUMBING,
  'AWS::EC2::NetworkAclEntry': VPC_PLUMBING,
  'AWS::EC2::SubnetNetworkAclAssociation': VPC_PLUMBING,
  'AWS::EC2::SecurityGroup': 'security groups are free',
  'AWS::EC2::SecurityGroupIngress': 'security groups are free',
  'AWS::EC2::SecurityGroupEgress': 'security groups are free',
  'AWS::EC2::FlowLog': 'the flow log is free; its CloudWatch log group is priced',
  'AWS::ECS::TaskDefinition': 'priced through the tasks its service runs',
  'AWS::ECS::ClusterCapacityProviderAssociations': 'capacity providers are free; tasks are priced',
  'AWS::ApplicationAutoScaling::ScalableTarget': 'Application Auto Scaling is free',
  'AWS::ApplicationAutoScaling::ScalingPolicy': 'Application Auto Scaling is free (its alarms are created by AWS and not billed)',
  'AWS::ElasticLoadBalancingV2::Listener': 'priced with the load balancer',
  'AWS::ElasticLoadBalancingV2::ListenerRule': 'priced with the load balancer (rule evaluations within the 10 free rules; a traffic-shifting service adds two, its production and test rules)',
  'AWS::ElasticLoadBalancingV2::ListenerCertificate': 'priced with the load balancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'priced with the load balancer (an alternate target group of blue/green, canary or linear adds nothing: target groups are free)',
  'AWS::CertificateManager::Certificate': 'public ACM certificates are free',
  'AWS::Route53::RecordSet': 'alias records to the load balancer: their queries are free; the hosted zone exists already',
  'AWS::KMS::Alias': 'aliases are free',
  'AWS::S3::BucketPolicy': 'bucket policies are free',
  'AWS::SQS::QueuePolicy': 'queue policies are free',
  'AWS::SNS::Topic': 'no monthly charge; e-mail notifications: the first 1,000 a month are free',
  'AWS::SNS::TopicPolicy': 'topic policies are free',
  'AWS::SNS::Subscription': 'subscriptions are free',
  'AWS::RDS::DBSubnetGroup': 'subnet groups are free',
  'AWS::RDS::DBClusterParameterGroup': 'parameter groups are free',
  'AWS::RDS::DBParameterGroup': 'parameter groups are free',
  'AWS::EFS::MountTarget': 'mount targets are free',
  'AWS::EFS::AccessPoint': 'access points are free',
  'AWS::Backup::BackupVault': 'a vault is free; the recovery points in it are priced with the backup plan that creates them',
  'AWS::Backup::BackupSelection': 'priced through its backup plan',
  'AWS::CE::AnomalyMonitor': 'Cost Anomaly Detection has no charge',
  'AWS::CE::AnomalySubscription': 'Cost Anomaly Detection has no charge',
  'AWS::Budgets::Budget': 'notification budgets are free (action-enabled budgets are a separate resource type)',
  'AWS::CloudTrail::Trail': 'the first copy of management events in each region is free; its bucket and log group are priced',
  'AWS::ECR::RepositoryCreationTemplate': 'creation templates are free; the replicated images are priced with the replication configuration',
  'AWS::WAFv2::WebACLAssociation': 'priced with the web ACL',
  'AWS::WAFv2::LoggingConfiguration': 'free; its CloudWatch log group is priced',
  'AWS::CodeStarConnections::Connection': 'connections are free',
  'AWS::CodeConnections::Connection': 'connections are free',
  'AWS::Events::Rule': 'rules matching AWS service events are free',
  'AWS::Lambda::Permission': 'permissions are free',
  'AWS::SecretsManager::RotationSchedule': 'schedules are free; the secret is priced, and its rotation function runs four times per rotation (every 30 days), within Lambda\'s free tier',
  'AWS::StepFunctions::StateMachine': 'a Standard workflow costs $0.025 per 1,000 state transitions: the redeployer makes a few per service each 30-day rotation; a job\'s runs are priced with its schedule',
  'AWS::Logs::ResourcePolicy': 'resource policies are free',
  'AWS::CDK::Metadata': 'CDK metadata creates nothing',
  'AWS::CloudFormation::CustomResource': 'a custom resource runs its Lambda handler only during deployments',
};

/** `Custom::*` resources are CloudFormation custom resources: the handler Lambda is what could cost. */
export function freeReason(type: string): string | undefined {
  if (type.startsWith('Custom::')) return FREE_TYPES['AWS::CloudFormation::CustomResource'];
  return FREE_TYPES[type];
}
