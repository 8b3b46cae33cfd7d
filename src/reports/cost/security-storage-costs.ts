/**
 * The per-resource lines of an estimate that need no usage model beyond the assumptions: KMS keys,
 * Secrets Manager secrets, Route 53 hosted zones, SSM advanced parameters, S3 storage and SQS
 * requests (a dead-letter queue is assumed idle).
 */
import type { Profile } from '../../manifest/plan';
import type { ComputeContext } from './compute-costs';
import { Props, shortId } from './template-resources';
import { referencesIn } from './template-references';

export function chargeSecurityAndStorage(context: ComputeContext, profile: Profile): void {
  const { ledger, all, label } = context;
  const a = context.input.assumptions;
  for (const key of all.filter((r) => r.type === 'AWS::KMS::Key')) {
    const rotation = key.props.EnableKeyRotation === true;
    ledger.charge({
      category: 'security', item: 'KMS key', resource: label(key.stack), stack: key.stack, keys: 'kms.keyMonth', quantity: 1,
      working: `1 customer managed key${rotation ? ' (each yearly rotation adds a key version at the same price, for the first two)' : ''}`,
    });
  }
  for (const secret of all.filter((r) => r.type === 'AWS::SecretsManager::Secret')) {
    ledger.charge({ category: 'security', item: 'Secrets Manager secret', resource: typeof secret.props.Name === 'string' ? secret.props.Name : shortId(secret.id), stack: secret.stack, keys: 'secrets.secretMonth', quantity: 1, working: '1 secret' });
  }
  for (const zone of all.filter((r) => r.type === 'AWS::Route53::HostedZone')) {
    ledger.charge({ category: 'network', item: 'Route 53 hosted zone', resource: typeof zone.props.Name === 'string' ? zone.props.Name : shortId(zone.id), stack: zone.stack, keys: 'route53.hostedZoneMonth', quantity: 1, working: '1 hosted zone (private service names for calls)' });
  }
  for (const parameter of all.filter((r) => r.type === 'AWS::SSM::Parameter' && r.props.Tier === 'Advanced')) {
    ledger.charge({ category: 'security', item: 'SSM advanced parameter', resource: shortId(parameter.id), stack: parameter.stack, keys: 'ssm.advancedParameterMonth', quantity: 1, working: '1 advanced parameter (standard ones are free)' });
  }
  for (const bucket of all.filter((r) => r.type === 'AWS::S3::Bucket')) {
    // The manifest's buckets are the data stack's (every other bucket holds logs, artifacts or trails).
    const gb = bucket.stack.stackName.endsWith('-data') ? a.dataBucketStorageGb[profile] : a.bucketStorageGb;
    ledger.charge({ category: 'storage', item: 'S3 Standard storage', resource: `${label(bucket.stack)} ${shortId(bucket.id)}`, stack: bucket.stack, keys: 's3.standardGbMonth', quantity: gb, working: `${gb} GB` });
  }
  const deadLetterQueues = new Set(all.filter((r) => r.type === 'AWS::SQS::Queue').flatMap((r) => [...referencesIn((r.props.RedrivePolicy as Props | undefined)?.deadLetterTargetArn)]));
  for (const queue of all.filter((r) => r.type === 'AWS::SQS::Queue' && !deadLetterQueues.has(r.id))) {
    const millions = a.queueMillionRequestsPerMonth[profile];
    const fifo = queue.props.FifoQueue === true;
    ledger.charge({
      category: 'storage', item: `SQS ${fifo ? 'FIFO' : 'standard'} requests`, resource: typeof queue.props.QueueName === 'string' ? queue.props.QueueName : shortId(queue.id), stack: queue.stack,
      keys: fifo ? 'sqs.fifoMillionRequests' : 'sqs.standardMillionRequests', quantity: millions, working: `${millions}M requests (its dead-letter queue idle)`,
    });
  }
}
