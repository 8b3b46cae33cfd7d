/**
 * A CloudFormation execution policy narrower than AdministratorAccess for `cdk bootstrap`: every
 * action of exactly the AWS services whose resource types the app synthesizes (service-scoped, not
 * resource-scoped: CloudFormation creates resources whose names it chooses).
 */

/** IAM action prefixes of CloudFormation service names that differ from the lowercase name. */
const PREFIXES: Readonly<Record<string, string>> = {
  ApplicationAutoScaling: 'application-autoscaling',
  CertificateManager: 'acm',
  CodeConnections: 'codeconnections',
  CodeStarConnections: 'codestar-connections',
  EFS: 'elasticfilesystem',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  StepFunctions: 'states',
  CE: 'ce',
};

/** `AWS::ECS::Service` → `ecs`; undefined for a custom resource (its function is a Lambda, listed on its own). */
export function actionPrefix(resourceType: string): string | undefined {
  const [owner, service] = resourceType.split('::');
  if (owner !== 'AWS' || service === undefined) return undefined;
  return PREFIXES[service] ?? service.toLowerCase();
}

/** The policy document: `<prefix>:*` for each service, plus what CloudFormation itself needs to pass roles and tag. */
export function executionPolicyDocument(resourceTypes: Iterable<string>): object {
  const prefixes = [...new Set([...resourceTypes].map(actionPrefix).filter((prefix): prefix is string => prefix !== undefined))];
  // Custom resources run a Lambda function; CDK's asset publishing reads the bootstrap bucket.
  const services = [...new Set([...prefixes, 'lambda', 's3', 'iam', 'ssm', 'kms', 'logs', 'tag'])].sort();
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'PortsideServices', Effect: 'Allow', Action: services.map((service) => `${service}:*`), Resource: '*' }],
  };
}
