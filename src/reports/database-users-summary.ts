/**
 * Each service's own database users, read from the service stacks' templates: the
 * `Custom::DatabaseUser` (cluster, user, access), the task definition variable that points at the
 * writer or the reader endpoint, and the user secret's rotation schedule.
 */
import type { CfnResource, SynthesizedStack } from './assembly-reader';

export interface DatabaseUserSummary {
  readonly service: string;
  readonly clusterIdentifier: string;
  readonly username: string;
  readonly access: string;
  /** Which endpoint the service's `<NAME>_DB_HOST` names; `unknown` when the template does not say. */
  readonly endpoint: 'writer' | 'reader' | 'unknown';
  /** `rate(30 days)`, or `none` when the secret has no rotation schedule. */
  readonly rotation: string;
}

interface Variable {
  readonly Name: string;
  readonly Value?: unknown;
  readonly ValueFrom?: unknown;
}

/** The logical ids a value refers to with `{ Ref }`. */
function refs(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(/\{"Ref":"([^"]+)"\}/g)].map((match) => match[1]!);
}

/** Where the host variable of the secret's `<NAME>_DB_USER` points: Aurora's `ReadEndpoint.Address` or `Endpoint.Address`. */
function endpointOf(containers: readonly { Environment?: Variable[]; Secrets?: Variable[] }[], secretId: string): DatabaseUserSummary['endpoint'] {
  for (const container of containers) {
    const user = (container.Secrets ?? []).find((s) => /_USER$/.test(s.Name) && refs(s.ValueFrom).includes(secretId));
    if (!user) continue;
    const host = (container.Environment ?? []).find((v) => v.Name === user.Name.replace(/_USER$/, '_HOST'));
    const text = JSON.stringify(host?.Value ?? null);
    if (/ReadEndpoint/.test(text)) return 'reader';
    if (/Endpoint/.test(text)) return 'writer';
  }
  return 'unknown';
}

export function summarizeDatabaseUsers(stacks: readonly SynthesizedStack[]): DatabaseUserSummary[] {
  return stacks.flatMap((stack) => {
    const resources = Object.values(stack.template.Resources) as CfnResource[];
    const containers = resources.filter((r) => r.Type === 'AWS::ECS::TaskDefinition')
      .flatMap((r) => (r.Properties?.ContainerDefinitions ?? []) as { Environment?: Variable[]; Secrets?: Variable[] }[]);
    const rotations = resources.filter((r) => r.Type === 'AWS::SecretsManager::RotationSchedule');
    return resources.filter((r) => r.Type === 'Custom::DatabaseUser').map((user) => {
      const props = user.Properties ?? {};
      const [secretId] = refs(props.SecretArn);
      const rotation = rotations.find((r) => secretId !== undefined && refs(r.Properties?.SecretId).includes(secretId));
      const rules = (rotation?.Properties?.RotationRules ?? {}) as { ScheduleExpression?: string; AutomaticallyAfterDays?: number };
      return {
        service: stack.stackName.replace(/^.*-service-/, ''),
        clusterIdentifier: String(props.ClusterIdentifier),
        username: String(props.Username),
        access: String(props.Access),
        endpoint: secretId === undefined ? 'unknown' : endpointOf(containers, secretId),
        rotation: rules.ScheduleExpression ?? (rules.AutomaticallyAfterDays ? `every ${rules.AutomaticallyAfterDays} days` : 'none'),
      };
    });
  });
}
