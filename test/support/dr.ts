import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './reference';

/**
 * A DR environment as docs/disaster-recovery.md declares it: in drRegion (eu-west-1), in prod's
 * account, deploying prod's branch, with prod's profile, on plain HTTP until its traffic moves (no
 * domain yet); its secret replicated to eu-west-1.
 */
export const DR_ENVIRONMENT = `  dr:
    account: "222222222222"
    region: eu-west-1
    branch: main
    profile: resilient
    allowPlainHttp: true
    overrides:
      services:
        orders-api:
          secrets:
            PAYMENT_API_KEY: arn:aws:secretsmanager:eu-west-1:222222222222:secret:payments-XyZ123:apiKey
`;

/** The reference manifest with the DR environment added (and `overrides` lines appended to it, indented 6 spaces). */
export function referenceWithDr(overrides = ''): string {
  return readFileSync(join(REPO_ROOT, 'portside.yaml'), 'utf8').replace('\ndatabases:', `${DR_ENVIRONMENT}${overrides}\ndatabases:`);
}
