import type { SecretRefPlan } from './plan';

/**
 * A complete Secrets Manager ARN, with the 6-character suffix AWS appends to the name, optionally
 * followed by `:<json key>`: `arn:aws:secretsmanager:eu-west-2:111111111111:secret:payments-AbCdEf:apiKey`.
 */
export const SECRET_ARN = /^arn:aws(?:-cn|-us-gov)?:secretsmanager:[a-z]{2}(?:-[a-z]+){1,2}-\d{1,2}:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}(?::[A-Za-z0-9_.@/+=-]+)?$/;

/** True for a Secrets Manager ARN missing the 6-character suffix (built from the secret's name by hand). */
export function isPartialSecretArn(text: string): boolean {
  const match = /^arn:aws(?:-cn|-us-gov)?:secretsmanager:[^:]*:[^:]*:secret:([^:]+)(?::[^:]*)?$/.exec(text);
  return match !== null && !/-[A-Za-z0-9]{6}$/.test(match[1]!);
}

export interface SecretArnParts extends SecretRefPlan {
  readonly region: string;
  readonly account: string;
}

/** Splits a valid secret reference (see `SECRET_ARN`) into the secret's ARN, region, account and JSON key. */
export function parseSecretArn(reference: string): SecretArnParts {
  const [arn, partition, service, region, account, resource, name, jsonKey] = reference.split(':');
  const secretArn = [arn, partition, service, region, account, resource, name].join(':');
  return jsonKey === undefined
    ? { secretArn, region: region!, account: account! }
    : { secretArn, region: region!, account: account!, jsonKey };
}
