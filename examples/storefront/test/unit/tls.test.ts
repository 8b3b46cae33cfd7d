import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseTls } from '../../src/db/tls.js';

describe('databaseTls', () => {
  it('is plaintext only when turned off', () => {
    expect(databaseTls(false, undefined)).toBeUndefined();
  });

  it('verifies the server against the Amazon RDS authorities of the region Portside deploys to', () => {
    const tls = databaseTls(true, undefined)!;

    expect(tls.rejectUnauthorized).toBe(true);
    const subjects = [tls.ca].flat().map((pem) => new X509Certificate(pem).subject);
    expect(subjects).toContainEqual(expect.stringContaining('CN=Amazon RDS eu-west-2 Root CA RSA2048 G1'));
    expect(subjects).toContainEqual(expect.stringContaining('CN=Amazon RDS eu-west-1 Root CA RSA2048 G1'));
  });

  it('uses a CA file instead when one is given', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'storefront-ca-'));
    const file = path.join(dir, 'ca.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

    expect(databaseTls(true, file)?.ca).toContain('MIIB');
    rmSync(dir, { recursive: true });
  });
});
