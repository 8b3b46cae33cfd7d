import type { AwsApi } from './aws-clients';
import type { Connect } from './sql-session';

/** Everything the handler reaches outside itself: tests pass fakes and plaintext local servers. */
export interface HandlerDeps {
  readonly aws: AwsApi;
  readonly connect: Connect;
  /** Never given a password. */
  readonly log: (message: string) => void;
}
