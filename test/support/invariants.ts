/**
 * Platform invariants every synthesized stack must keep, as pure checks over a template.
 * Each returns the violations it finds (empty when the template complies), so the same checks
 * serve the reference manifest and generated ones.
 */
interface Resource {
  Type: string;
  Properties?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  DeletionPolicy?: string;
}
interface Template {
  Resources: Record<string, Resource>;
}

type Check = (template: Template) => string[];

function each(template: Template, type: string, problem: (r: Resource) => string | undefined): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .flatMap(([id, r]) => {
      const found = problem(r);
      return found ? [`${id}: ${found}`] : [];
    });
}

function eachWithId(template: Template, type: string, problem: (id: string, r: Resource) => string | undefined): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === type)
    .flatMap(([id, r]) => {
      const found = problem(id, r);
      return found ? [`${id}: ${found}`] : [];
    });
}

/** Whether a backup selection of the template names the resource (by a `Ref` to its logical id). */
function selected(template: Template, logicalId: string): boolean {
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Backup::BackupSelection')
    .some((r) => (r.Properties?.BackupSelection?.Resources ?? []).some((arn: unknown) => JSON.stringify(arn).includes(`{"Ref":"${logicalId}"}`)));
}

/** `{ "Fn::If": ["HasImage", n, 0] }`: a count that is zero while the stack has no image. */
function zeroWithoutImage(value: unknown): boolean {
  const branches = (value as { 'Fn::If'?: unknown[] } | undefined)?.['Fn::If'];
  return Array.isArray(branches) && branches.length === 3 && branches[0] === 'HasImage' && branches[2] === 0;
}

const SSL_ONLY = (policy: Resource) =>
  JSON.stringify(policy.Properties?.PolicyDocument ?? {}).includes('"aws:SecureTransport":"false"');

export const INVARIANTS: Record<string, Check> = {
  'buckets are encrypted, private and SSL-only': (t) => {
    const policies = Object.values(t.Resources).filter((r) => r.Type === 'AWS::S3::BucketPolicy');
    return each(t, 'AWS::S3::Bucket', (bucket) => {
      const p = bucket.Properties ?? {};
      if (!p.BucketEncryption) return 'no default encryption';
      const block = p.PublicAccessBlockConfiguration ?? {};
      if (!(block.BlockPublicAcls && block.BlockPublicPolicy && block.IgnorePublicAcls && block.RestrictPublicBuckets)) return 'public access not blocked';
      if (!policies.some(SSL_ONLY)) return 'no SSL-only bucket policy in the stack';
      return undefined;
    });
  },
  'queues have a DLQ and encryption': (t) => {
    const queues = Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::SQS::Queue');
    const deadLetterIds = new Set(queues.flatMap(([, q]) => [...JSON.stringify(q.Properties?.RedrivePolicy?.deadLetterTargetArn ?? null).matchAll(/"Fn::GetAtt":\["([^"]+)"/g)].map((m) => m[1]!)));
    const policies = Object.values(t.Resources).filter((r) => r.Type === 'AWS::SQS::QueuePolicy');
    return eachWithId(t, 'AWS::SQS::Queue', (id, q) => {
      const p = q.Properties ?? {};
      if (!p.KmsMasterKeyId && p.SqsManagedSseEnabled !== true) return 'no server-side encryption';
      if (!policies.some((policy) => SSL_ONLY(policy) && JSON.stringify(policy.Properties?.Queues ?? []).includes(`"${id}"`))) return 'no SSL-only queue policy';
      if (deadLetterIds.has(id)) return (p.MessageRetentionPeriod ?? 0) >= 1209600 ? undefined : 'dead-letter queue keeps messages less than 14 days';
      if (!p.RedrivePolicy?.deadLetterTargetArn) return 'no dead-letter queue';
      return undefined;
    });
  },
  'log groups have an explicit retention': (t) =>
    each(t, 'AWS::Logs::LogGroup', (g) => (typeof g.Properties?.RetentionInDays === 'number' ? undefined : 'never expires')),
  'KMS keys rotate': (t) => each(t, 'AWS::KMS::Key', (k) => (k.Properties?.EnableKeyRotation === true ? undefined : 'rotation off')),
  'Aurora clusters are encrypted, IAM-authenticated and snapshot on delete': (t) =>
    each(t, 'AWS::RDS::DBCluster', (c) => {
      if (c.Properties?.StorageEncrypted !== true) return 'storage not encrypted';
      if (c.Properties?.EnableIAMDatabaseAuthentication !== true) return 'IAM auth off';
      if (!['Snapshot', 'Retain'].includes(c.DeletionPolicy ?? '')) return `deletion policy ${c.DeletionPolicy}`;
      return undefined;
    }),
  'Aurora instances are private': (t) =>
    each(t, 'AWS::RDS::DBInstance', (i) => (i.Properties?.PubliclyAccessible === false ? undefined : 'publicly accessible')),
  'EFS file systems are encrypted and backed up': (t) =>
    eachWithId(t, 'AWS::EFS::FileSystem', (id, f) =>
      f.Properties?.Encrypted === true && selected(t, id) ? undefined : 'unencrypted or not in a backup selection of its stack'),
  'Aurora clusters are in a backup selection of their stack': (t) =>
    eachWithId(t, 'AWS::RDS::DBCluster', (id) => (selected(t, id) ? undefined : 'not in a backup selection')),
  'backup rules copy every recovery point to another region, kept as long': (t) =>
    each(t, 'AWS::Backup::BackupPlan', (p) => {
      for (const rule of p.Properties?.BackupPlan?.BackupPlanRule ?? []) {
        const copies: { DestinationBackupVaultArn?: unknown; Lifecycle?: { DeleteAfterDays?: number } }[] = rule.CopyActions ?? [];
        if (copies.length === 0) return `rule ${rule.RuleName} makes no copy`;
        if (copies.some((copy) => copy.Lifecycle?.DeleteAfterDays !== rule.Lifecycle?.DeleteAfterDays)) return `rule ${rule.RuleName} keeps its copies for another time`;
      }
      return undefined;
    }),
  'ECS services roll back failed deployments and keep full capacity while deploying': (t) =>
    each(t, 'AWS::ECS::Service', (s) => {
      const d = s.Properties?.DeploymentConfiguration ?? {};
      if (d.DeploymentCircuitBreaker?.Rollback !== true) return 'no circuit-breaker rollback';
      if (d.MinimumHealthyPercent !== 100) return `minimum healthy ${d.MinimumHealthyPercent}`;
      return undefined;
    }),
  'ECS services roll back deployments on alarms of their own stack': (t) => {
    const alarmNames = new Set(Object.values(t.Resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties?.AlarmName));
    return each(t, 'AWS::ECS::Service', (s) => {
      const alarms = s.Properties?.DeploymentConfiguration?.Alarms;
      if (!alarms) return 'no deployment alarms';
      if (alarms.Enable !== true) return 'deployment alarms disabled';
      if (alarms.Rollback !== true) return 'deployment alarms fail without rolling back';
      const names: unknown[] = Array.isArray(alarms.AlarmNames) ? alarms.AlarmNames : [];
      if (names.length === 0) return 'no deployment alarm names';
      const unknown = names.find((name) => !alarmNames.has(name));
      return unknown === undefined ? undefined : `deployment alarm ${JSON.stringify(unknown)} is not an alarm of the stack`;
    });
  },
  'ECS autoscaling starts no task before an image exists': (t) =>
    each(t, 'AWS::ApplicationAutoScaling::ScalableTarget', (target) => {
      if (target.Properties?.ServiceNamespace !== 'ecs') return undefined;
      const bad = (['MinCapacity', 'MaxCapacity'] as const).find((key) => !zeroWithoutImage(target.Properties?.[key]));
      return bad ? `${bad} ${JSON.stringify(target.Properties?.[bad])} is not 0 while HasImage is false` : undefined;
    }),
  'containers log and take credentials only as secrets': (t) =>
    each(t, 'AWS::ECS::TaskDefinition', (td) => {
      for (const c of td.Properties?.ContainerDefinitions ?? []) {
        if (!c.LogConfiguration) return `${c.Name} has no log configuration`;
        const leaked = (c.Environment ?? []).find((e: { Name: string }) => /PASSWORD|SECRET|TOKEN|_KEY$/.test(e.Name));
        if (leaked) return `${c.Name} has ${leaked.Name} as a plain variable`;
      }
      return undefined;
    }),
  'EFS volumes use transit encryption and IAM': (t) =>
    each(t, 'AWS::ECS::TaskDefinition', (td) => {
      const bad = (td.Properties?.Volumes ?? []).find((v: { EFSVolumeConfiguration?: { TransitEncryption?: string; AuthorizationConfig?: { IAM?: string } } }) =>
        v.EFSVolumeConfiguration && (v.EFSVolumeConfiguration.TransitEncryption !== 'ENABLED' || v.EFSVolumeConfiguration.AuthorizationConfig?.IAM !== 'ENABLED'));
      return bad ? 'EFS volume without TLS or IAM' : undefined;
    }),
  'load balancers drop invalid headers and log access': (t) =>
    each(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer', (lb) => {
      const attrs = Object.fromEntries((lb.Properties?.LoadBalancerAttributes ?? []).map((a: { Key: string; Value: unknown }) => [a.Key, a.Value]));
      if (attrs['routing.http.drop_invalid_header_fields.enabled'] !== 'true') return 'keeps invalid headers';
      if (attrs['access_logs.s3.enabled'] !== 'true') return 'no access logs';
      return undefined;
    }),
  'no security group admits the internet except on 80/443': (t) =>
    each(t, 'AWS::EC2::SecurityGroup', (sg) => {
      const open = (sg.Properties?.SecurityGroupIngress ?? []).find((r: { CidrIp?: string; FromPort?: number }) =>
        r.CidrIp === '0.0.0.0/0' && r.FromPort !== 80 && r.FromPort !== 443);
      return open ? `open to the internet on ${open.FromPort}` : undefined;
    }),
};

/** Logical ids of the template's resources of a type. */
function idsOf(template: Template, type: string): Set<string> {
  return new Set(Object.entries(template.Resources).filter(([, r]) => r.Type === type).map(([id]) => id));
}

/** The logical id a `{ Ref }` names, whatever JSON key suffix ECS's `ValueFrom` adds (`Fn::Join` of a Ref and `:username::`). */
function refsIn(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(/\{"Ref":"([^"]+)"\}/g)].map((m) => m[1]!);
}

Object.assign(INVARIANTS, {
  'task definitions take database credentials only from the service\'s own user secrets, never a master secret': (t: Template) =>
    each(t, 'AWS::ECS::TaskDefinition', (td) => {
      const ownSecrets = idsOf(t, 'AWS::SecretsManager::Secret');
      for (const c of td.Properties?.ContainerDefinitions ?? []) {
        for (const secret of c.Secrets ?? []) {
          const text = JSON.stringify(secret.ValueFrom);
          if (/MasterUserSecret|Fn::ImportValue|Fn::GetStackOutput/.test(text)) return `${secret.Name} is read from another stack's secret (${text.slice(0, 120)})`;
          if (/_DB_(USER|PASSWORD)$/.test(secret.Name) && !refsIn(secret.ValueFrom).some((id) => ownSecrets.has(id))) {
            return `${secret.Name} is not read from a user secret of the service's stack`;
          }
        }
      }
      return undefined;
    }),
  'every database user secret is rotated by the alternating-users function and backs a Custom::DatabaseUser': (t: Template) => {
    const rotated = new Set(Object.values(t.Resources).filter((r) => r.Type === 'AWS::SecretsManager::RotationSchedule')
      .filter((r) => r.Properties?.RotationLambdaARN && (r.Properties?.RotationRules?.ScheduleExpression || r.Properties?.RotationRules?.AutomaticallyAfterDays))
      .flatMap((r) => refsIn(r.Properties?.SecretId)));
    const provisioned = new Set(Object.values(t.Resources).filter((r) => r.Type === 'Custom::DatabaseUser')
      .flatMap((r) => refsIn(r.Properties?.SecretArn)));
    return eachWithId(t, 'AWS::SecretsManager::Secret', (id) => {
      if (!provisioned.has(id)) return undefined;
      return rotated.has(id) ? undefined : 'a database user secret without a rotation schedule';
    }).concat(eachWithId(t, 'Custom::DatabaseUser', (_id, user) =>
      refsIn(user.Properties?.SecretArn).some((secret) => rotated.has(secret)) ? undefined : 'a database user whose secret is never rotated'));
  },
});

export function violations(template: Template): string[] {
  return Object.entries(INVARIANTS).flatMap(([name, check]) => check(template).map((v) => `${name}: ${v}`));
}
