import { describe, expect, it } from 'vitest';
import { DatabaseAccessPlan, formatIssue, parseManifest, ServicePlan } from '../../src/manifest';
import { databaseUsername } from '../../src/manifest/database-variables';
import { edit, where } from './fixtures/base-manifest';
import { issuesOf } from './fixtures/issues';

/** The base manifest with service web's `databases: [catalog]` line replaced by `databases: <entries>`. */
function withWebDatabases(entries: string): string {
  return edit(['databases: [catalog]', `databases: ${entries}`]);
}

function webIn(text: string, environment = 'dev'): ServicePlan {
  const { plan, warnings } = parseManifest(text, 'portside.yaml');
  expect(warnings).toEqual([]);
  const service = plan.environments.find((candidate) => candidate.name === environment)?.services.find((candidate) => candidate.name === 'web');
  if (!service) throw new Error(`no service web in ${environment}`);
  return service;
}

/** The one issue of a rejected manifest, as `line:column path: message`. */
function onlyIssue(text: string): { at: string; path: string; message: string } {
  const issues = issuesOf(text);
  expect(issues, issues.map(formatIssue).join('\n')).toHaveLength(1);
  const [issue] = issues;
  return { at: `${issue!.line}:${issue!.column}`, path: issue!.path, message: issue!.message };
}

describe('services.<name>.databases', () => {
  describe('the two entry forms', () => {
    it('reads a bare name as read-write through the service\'s own user', () => {
      // GIVEN databases: [catalog]  WHEN it is parsed  THEN the service writes catalog as svc_web
      expect(webIn(withWebDatabases('[catalog]')).databases).toEqual([{ database: 'catalog', access: 'read-write', username: 'svc_web' }]);
    });

    it('reads { name, access: read } as a read-only user', () => {
      expect(webIn(withWebDatabases('[{ name: orders, access: read }]')).databases).toEqual([{ database: 'orders', access: 'read', username: 'svc_web' }]);
    });

    it('reads { name, access: read-write } as a read-write user', () => {
      expect(webIn(withWebDatabases('[{ name: orders, access: read-write }]')).databases).toEqual([{ database: 'orders', access: 'read-write', username: 'svc_web' }]);
    });

    it('defaults access to read-write when { name } has none', () => {
      expect(webIn(withWebDatabases('[{ name: orders }]')).databases).toEqual([{ database: 'orders', access: 'read-write', username: 'svc_web' }]);
    });

    it('gives the same plan for a bare name, { name } and { name, access: read-write }', () => {
      const plans = ['[catalog]', '[{ name: catalog }]', '[{ name: catalog, access: read-write }]'].map((entries) => webIn(withWebDatabases(entries)).databases);
      expect(plans[1]).toEqual(plans[0]);
      expect(plans[2]).toEqual(plans[0]);
    });

    it('mixes both forms in one list, in the order written, and in block style', () => {
      const block = withWebDatabases('\n      - catalog\n      - name: orders\n        access: read');
      const expected: DatabaseAccessPlan[] = [
        { database: 'catalog', access: 'read-write', username: 'svc_web' },
        { database: 'orders', access: 'read', username: 'svc_web' },
      ];
      expect(webIn(withWebDatabases('[catalog, { name: orders, access: read }]')).databases).toEqual(expected);
      expect(webIn(block).databases).toEqual(expected);
    });

    it('keeps the access in every environment (databases cannot be overridden)', () => {
      const text = withWebDatabases('[{ name: orders, access: read }]');
      expect(webIn(text, 'prod').databases).toEqual(webIn(text, 'dev').databases);
    });
  });

  describe('errors', () => {
    it('rejects an access other than read or read-write, at the access value', () => {
      const text = withWebDatabases('[catalog, { name: orders, access: write }]');
      expect(onlyIssue(text)).toEqual({
        at: where(text, 'access: |write'),
        path: 'services.web.databases[1].access',
        message: 'got "write"; access is read-write (the default) or read (SELECT only, on the reader endpoint); use read-write or read',
      });
    });

    it('suggests the access meant by a near miss', () => {
      const text = withWebDatabases('[{ name: orders, access: raed }]');
      expect(onlyIssue(text)).toMatchObject({ path: 'services.web.databases[0].access', message: expect.stringMatching(/^got "raed"; .*; did you mean "read"\?$/) });
    });

    it('rejects an unknown field in an entry, at the field, suggesting the likely one', () => {
      const text = withWebDatabases('[catalog, { name: orders, acess: read }]');
      expect(onlyIssue(text)).toEqual({
        at: where(text, '|acess'),
        path: 'services.web.databases[1].acess',
        message: 'got unknown field "acess"; allowed fields: name, access; did you mean "access"?',
      });
    });

    it('rejects an entry without a name, at the entry, showing one', () => {
      const text = withWebDatabases('[catalog, { access: read }]');
      expect(onlyIssue(text)).toEqual({
        at: where(text, 'catalog, |{ access'),
        path: 'services.web.databases[1]',
        message: 'missing required field "name"; database names are lowercase letters, digits and hyphens, starting with a letter, at most 40 characters; add name: catalog',
      });
    });

    it('rejects an undeclared database named in an entry, at its name, suggesting the likely one', () => {
      const text = withWebDatabases('[catalog, { name: ordres, access: read }]');
      expect(onlyIssue(text)).toEqual({
        at: where(text, 'name: |ordres'),
        path: 'services.web.databases[1].name',
        message: 'got undeclared database "ordres"; declared databases: catalog, orders; did you mean "orders"?',
      });
    });

    it('rejects an undeclared bare name, at the name', () => {
      const text = withWebDatabases('[catalog, payments]');
      expect(onlyIssue(text)).toEqual({
        at: where(text, 'catalog, |payments'),
        path: 'services.web.databases[1]',
        message: 'got undeclared database "payments"; declared databases: catalog, orders; declare payments under databases or remove it here',
      });
    });

    it('rejects a database listed as a name and again as { name, access }, saying which one to keep', () => {
      const text = withWebDatabases('[catalog, { name: catalog, access: read }]');
      expect(onlyIssue(text)).toEqual({
        at: where(text, '{ name: |catalog, access'),
        path: 'services.web.databases[1].name',
        message:
          'got "catalog" twice (first at services.web.databases[0]); list each database once, with the access the service needs; ' +
          'keep one entry: catalog to read and write, or { name: catalog, access: read } to read only',
      });
    });

    it('rejects a database listed twice with the same access, whatever the forms', () => {
      for (const entries of ['[{ name: catalog }, catalog]', '[catalog, { name: catalog, access: read-write }]', '[{ name: catalog, access: read }, { name: catalog, access: read }]']) {
        expect(onlyIssue(withWebDatabases(entries)).message, entries).toMatch(/^got "catalog" twice \(first at services\.web\.databases\[0\]\); .*; remove the repeated entry$/);
      }
    });

    it('rejects an entry that is neither a name nor a mapping, showing both forms', () => {
      const text = withWebDatabases('[catalog, [orders]]');
      expect(onlyIssue(text)).toEqual({
        at: where(text, 'catalog, |[orders]'),
        path: 'services.web.databases[1]',
        message: 'got a list; expected a database name or a mapping { name, access }; write a database name (read-write), e.g. catalog, or { name: catalog, access: read }',
      });
    });

    it('rejects a number as an entry, asking for a database name', () => {
      expect(onlyIssue(withWebDatabases('[catalog, 5]')).message).toBe(
        'got 5 (a number); expected a database name or a mapping { name, access }; write the name of a database declared under databases, e.g. catalog',
      );
    });

    it('rejects a malformed name in either form, suggesting a valid one', () => {
      expect(onlyIssue(withWebDatabases('[Orders]'))).toMatchObject({ path: 'services.web.databases[0]', message: expect.stringMatching(/^got "Orders"; database names are .*; rename it to "orders"$/) });
      expect(onlyIssue(withWebDatabases('[{ name: Orders, access: read }]'))).toMatchObject({ path: 'services.web.databases[0].name', message: expect.stringMatching(/^got "Orders"; database names are .*; rename it to "orders"$/) });
    });

    it('rejects a variable that collides with one injected for a read-only database', () => {
      const text = edit(['databases: [catalog]', 'databases: [{ name: orders, access: read }]'], ['      NODE_ENV: production', '      ORDERS_DB_HOST: localhost']);
      expect(onlyIssue(text)).toEqual({
        at: where(text, '      |ORDERS_DB_HOST'),
        path: 'services.web.environment.ORDERS_DB_HOST',
        message: 'got variable ORDERS_DB_HOST; Portside sets ORDERS_DB_HOST for database orders; rename the variable or remove it',
      });
    });

    it('reports every malformed entry of a list at once', () => {
      const issues = issuesOf(withWebDatabases('[Catalog, { name: orders, access: write }, { name: orders, extra: 1 }]'));
      expect(issues.map((issue) => issue.path)).toEqual(['services.web.databases[0]', 'services.web.databases[1].access', 'services.web.databases[2].extra']);
    });
  });
});

describe('databaseUsername', () => {
  it('is svc_ and the service name with hyphens as underscores', () => {
    expect(databaseUsername('web')).toBe('svc_web');
    expect(databaseUsername('orders-api')).toBe('svc_orders_api');
  });

  it('fits MySQL\'s 32-character user names with its rotation clone, for the longest service name', () => {
    const longest = databaseUsername('a'.repeat(20));
    expect(longest).toHaveLength(24);
    expect(`${longest}_clone`.length).toBeLessThanOrEqual(32);
  });
});
