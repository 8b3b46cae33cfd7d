import { describe, expect, it } from 'vitest';
import { alternateUsername, parseAccess, usernamePair, validateIdentifier, validateUsername } from '../../../src/lambda/database-users/names';

describe('alternateUsername', () => {
  it('pairs a name with its _clone and back', () => {
    expect(alternateUsername('svc_storefront')).toBe('svc_storefront_clone');
    expect(alternateUsername('svc_storefront_clone')).toBe('svc_storefront');
    expect(alternateUsername(alternateUsername('svc_a'))).toBe('svc_a');
  });

  it('gives both names of a pair, the base first, from either name', () => {
    expect(usernamePair('svc_a')).toEqual(['svc_a', 'svc_a_clone']);
    expect(usernamePair('svc_a_clone')).toEqual(['svc_a', 'svc_a_clone']);
  });
});

describe('validateUsername', () => {
  it('accepts lower-case identifiers whose pair fits every engine', () => {
    expect(validateUsername('svc_storefront')).toBe('svc_storefront');
    expect(validateUsername('a'.repeat(26))).toBe('a'.repeat(26));
  });

  it.each([['Svc'], ['svc-x'], ['1svc'], ["svc'; DROP USER root; --"], ['svc x'], [''], [undefined], ['_clone']])('rejects %j', (name) => {
    expect(() => validateUsername(name)).toThrow(/user name must match/);
  });

  it('fails when the _clone name would pass the engine limit (MySQL keeps 32 characters, PostgreSQL 63)', () => {
    expect(() => validateUsername('a'.repeat(27), 'mysql')).toThrow(/rotation pair .* has 33 characters; mysql allows 32/);
    expect(validateUsername('a'.repeat(27), 'postgres')).toBe('a'.repeat(27));
    expect(() => validateUsername('a'.repeat(58), 'postgres')).toThrow(/postgres allows 63/);
  });
});

describe('parseAccess and validateIdentifier', () => {
  it('accepts the two access levels only', () => {
    expect(parseAccess('read')).toBe('read');
    expect(parseAccess('read-write')).toBe('read-write');
    expect(() => parseAccess('admin')).toThrow(/access must be one of read-write, read; got "admin"/);
  });

  it('names the field in the error', () => {
    expect(() => validateIdentifier('Catalog', 'DatabaseName')).toThrow(/^DatabaseName must match/);
  });
});
