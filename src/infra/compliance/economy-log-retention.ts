import { Aspects, IAspect, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { acknowledge } from './acknowledge';

/** Control Tower's minimum (CT.CLOUDWATCH.PR.2): a log group is kept at least a year. */
export const MINIMUM_LOG_RETENTION_DAYS = 365;

/**
 * Acknowledges CT.CLOUDWATCH.PR.2 on each log group of an economy environment that is kept less than
 * a year, naming its retention. Per log group, from the value in the template, so a log group that
 * keeps a year or never expires is not acknowledged, and nothing in a resilient environment is.
 */
class EconomyLogRetention implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof logs.CfnLogGroup)) return;
    const days = node.retentionInDays;
    if (days === undefined || Token.isUnresolved(days) || days >= MINIMUM_LOG_RETENTION_DAYS) return;
    acknowledge(node, {
      id: 'CT.CLOUDWATCH.PR.2',
      reason: `economy profile: logs of a non-production environment are kept ${days} days, which bounds their storage cost; resilient environments keep every log group at least ${MINIMUM_LOG_RETENTION_DAYS} days`,
    });
  }
}

/** Applies the acknowledgement to every log group in `scope`, an economy environment's stage. */
export function acknowledgeEconomyLogRetention(scope: IConstruct): void {
  Aspects.of(scope).add(new EconomyLogRetention());
}
