import { describe, expect, it } from 'vitest';
import { MYSQL_READ_WRITE_PRIVILEGES, mysqlSchemaStatements, schemaGrantPattern } from '../../../src/lambda/database-users/mysql-users';
import { accessStatements, disableStatements, groupStatements, loginStatement } from '../../../src/lambda/database-users/postgres-users';

describe('MySQL statements', () => {
  it('grants the read-write set on the one database, escaping its wildcards', () => {
    expect(schemaGrantPattern('my_db')).toBe('my\\_db');
    expect(mysqlSchemaStatements('my_db', 'svc_a', 'read-write', [])).toEqual([`GRANT ${MYSQL_READ_WRITE_PRIVILEGES.join(', ')} ON \`my\\_db\`.* TO 'svc_a'@'%'`]);
  });

  it('revokes what read does not allow and grants nothing it already has', () => {
    expect(mysqlSchemaStatements('catalog', 'svc_a', 'read', ['SELECT', 'INSERT', 'DELETE HISTORY'])).toEqual(["REVOKE INSERT, DELETE HISTORY ON `catalog`.* FROM 'svc_a'@'%'"]);
    expect(mysqlSchemaStatements('catalog', 'svc_a', 'read', ['SELECT'])).toEqual([]);
  });

  it('never grants global privileges or GRANT OPTION', () => {
    const statements = mysqlSchemaStatements('catalog', 'svc_a', 'read-write', []).join('\n');
    expect(statements).not.toMatch(/\*\.\*|GRANT OPTION|ALL PRIVILEGES/);
  });
});

describe('PostgreSQL statements', () => {
  it('quotes the password as a literal, whatever it contains', () => {
    expect(loginStatement('svc_a', "it's", false)).toBe(`CREATE ROLE "svc_a" WITH LOGIN NOCREATEDB NOCREATEROLE INHERIT PASSWORD 'it''s'`);
    expect(loginStatement('svc_a', 'back\\slash', true)).toBe(`ALTER ROLE "svc_a" WITH LOGIN NOCREATEDB NOCREATEROLE INHERIT PASSWORD  E'back\\\\slash'`);
  });

  it('makes a read-write user a member of portside_readwrite that creates objects as the group', () => {
    expect(accessStatements('svc_a', 'read-write', ['portside_readonly'])).toEqual([
      'REVOKE "portside_readonly" FROM "svc_a"',
      'GRANT "portside_readwrite" TO "svc_a"',
      `ALTER ROLE "svc_a" SET role = 'portside_readwrite'`,
      'ALTER ROLE "svc_a" RESET default_transaction_read_only',
    ]);
  });

  it('makes a read user a member of portside_readonly with read-only transactions', () => {
    expect(accessStatements('svc_a', 'read', ['portside_readonly'])).toEqual(['ALTER ROLE "svc_a" RESET role', 'ALTER ROLE "svc_a" SET default_transaction_read_only = on']);
  });

  it('creates missing groups and gives the readers default privileges on what the writers create', () => {
    const statements = groupStatements('orders', ['portside_readonly']);
    expect(statements[0]).toBe('CREATE ROLE "portside_readonly" NOLOGIN');
    expect(statements).toContain('GRANT "portside_readwrite" TO CURRENT_USER');
    expect(statements).toContain('ALTER DEFAULT PRIVILEGES FOR ROLE "portside_readwrite" GRANT SELECT ON TABLES TO "portside_readonly"');
    expect(statements).toContain('GRANT CONNECT, TEMPORARY, CREATE ON DATABASE "orders" TO "portside_readwrite"');
  });

  it('disables by blocking login and revoking memberships, never by dropping', () => {
    const statements = disableStatements('orders', 'svc_a', ['portside_readwrite']);
    expect(statements.slice(0, 2)).toEqual(['ALTER ROLE "svc_a" WITH NOLOGIN', 'REVOKE "portside_readwrite" FROM "svc_a"']);
    expect(statements.join('\n')).not.toMatch(/DROP/);
  });
});
