import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogConnectionOptions } from '../../src/db/catalog.js';
import { ordersConnectionOptions } from '../../src/db/orders.js';
import { databaseTls } from '../../src/db/tls.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** Runs `check` with a CA file holding PEM, then removes it. */
function withCaFile(check: (file: string) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'storefront-ca-'));
  try {
    const file = path.join(dir, 'ca.pem');
    writeFileSync(file, PEM);
    check(file);
  } finally {
    rmSync(dir, { recursive: true });
  }
}

describe('databaseTls', () => {
  it('is plaintext only when turned off', () => {
    expect(databaseTls(false, undefined)).toBeUndefined();
  });

  it('verifies the server against the Amazon RDS authorities of the region Portside deploys to', () => {
    const tls = databaseTls(true, undefined)!;

    expect(tls.rejectUnauthorized).toBe(true);
    const subjects = tls.ca.map((pem) => new X509Certificate(pem).subject);
    expect(subjects).toContainEqual(expect.stringContaining('CN=Amazon RDS eu-west-2 Root CA RSA2048 G1'));
    expect(subjects).toContainEqual(expect.stringContaining('CN=Amazon RDS eu-west-1 Root CA RSA2048 G1'));
  });

  it('uses a CA file instead when one is given', () => {
    withCaFile((file) => expect(databaseTls(true, file)?.ca).toEqual([PEM]));
  });

  it('hands both drivers the CA file whole, one PEM per entry (not one character per entry)', () => {
    withCaFile((file) => {
      const tls = databaseTls(true, file)!;
      const config = { host: 'db', port: 3306, user: 'u', password: 'p', database: 'd' };
      const expected = { ca: [PEM], rejectUnauthorized: true, minVersion: 'TLSv1.2' };
      expect(catalogConnectionOptions(config, tls).ssl).toEqual(expected);
      expect(ordersConnectionOptions(config, tls).ssl).toEqual(expected);
    });
  });
});
