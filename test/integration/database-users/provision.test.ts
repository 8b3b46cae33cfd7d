/**
 * Custom::DatabaseUser against the real local MariaDB and PostgreSQL, provisioned by a master user
 * that is not a superuser (as on Aurora).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDatabaseUserEvent } from '../../../src/lambda/database-users/provision';
import { ENGINES, failingConnect, localAurora, uniqueName, type LocalAurora } from './support/local-aurora';
import { canLogIn, credentialsAt, expectDenied, privilegeSnapshot, resourceEvent, runAs, serviceUser, userExists } from './support/users';

let aurora: LocalAurora;
beforeAll(async () => {
  aurora = await localAurora();
});
afterAll(() => aurora.close());

describe.each(ENGINES)('Custom::DatabaseUser (%s)', (engine) => {
  it('lets two read-write services sharing a database select, insert, alter and drop each other\'s tables', async () => {
    // GIVEN two services with read-write users on one database
    const database = await aurora.createDatabase(engine, 'shared');
    const a = serviceUser(aurora, engine, database, uniqueName('svc_a'), 'read-write');
    const b = serviceUser(aurora, engine, database, uniqueName('svc_b'), 'read-write');
    const resultA = await onDatabaseUserEvent(resourceEvent(aurora, a, 'Create'), aurora.deps);
    await onDatabaseUserEvent(resourceEvent(aurora, b, 'Create'), aurora.deps);
    expect(resultA).toEqual({ PhysicalResourceId: `${aurora.clusterId[engine]}/${a.username}`, Data: { Username: a.username } });
    const asA = credentialsAt(aurora, a);
    const asB = credentialsAt(aurora, b);

    // WHEN A's migration creates a table, B uses, alters and finally drops it
    await runAs(aurora, a, asA, 'CREATE TABLE products (id int PRIMARY KEY, name varchar(40))');
    await runAs(aurora, a, asA, "INSERT INTO products VALUES (1, 'from a')");
    await runAs(aurora, b, asB, "INSERT INTO products VALUES (2, 'from b')");
    await runAs(aurora, b, asB, 'ALTER TABLE products ADD COLUMN price_pence int');
    await runAs(aurora, a, asA, 'UPDATE products SET price_pence = 100');

    // THEN both see both rows and B's column; PostgreSQL: the table belongs to the group, not to A
    expect(await runAs(aurora, b, asB, 'SELECT id, price_pence FROM products ORDER BY id')).toEqual([
      { id: 1, price_pence: 100 },
      { id: 2, price_pence: 100 },
    ]);
    if (engine === 'postgres') {
      expect(await runAs(aurora, a, asA, "SELECT tableowner FROM pg_tables WHERE tablename = 'products'")).toEqual([{ tableowner: 'portside_readwrite' }]);
    }
    await runAs(aurora, b, asB, 'CREATE TABLE b_only (id int)');
    await runAs(aurora, a, asA, 'DROP TABLE b_only');
    await runAs(aurora, b, asB, 'DROP TABLE products');
  });

  it('gives a read user SELECT on tables made before and after it, and no INSERT, UPDATE, DELETE or CREATE', async () => {
    const database = await aurora.createDatabase(engine, 'reads');
    const writer = serviceUser(aurora, engine, database, uniqueName('svc_w'), 'read-write');
    const reader = serviceUser(aurora, engine, database, uniqueName('svc_r'), 'read');
    await onDatabaseUserEvent(resourceEvent(aurora, writer, 'Create'), aurora.deps);
    const asWriter = credentialsAt(aurora, writer);
    await runAs(aurora, writer, asWriter, 'CREATE TABLE earlier (id int PRIMARY KEY)');
    await runAs(aurora, writer, asWriter, 'INSERT INTO earlier VALUES (1)');

    await onDatabaseUserEvent(resourceEvent(aurora, reader, 'Create'), aurora.deps);
    await runAs(aurora, writer, asWriter, 'CREATE TABLE later (id int PRIMARY KEY)');
    await runAs(aurora, writer, asWriter, 'INSERT INTO later VALUES (2)');
    const asReader = credentialsAt(aurora, reader);

    expect(await runAs(aurora, reader, asReader, 'SELECT id FROM earlier')).toEqual([{ id: 1 }]);
    expect(await runAs(aurora, reader, asReader, 'SELECT id FROM later')).toEqual([{ id: 2 }]);
    await expectDenied(aurora, reader, asReader, 'INSERT INTO later VALUES (3)');
    await expectDenied(aurora, reader, asReader, 'UPDATE earlier SET id = 5');
    await expectDenied(aurora, reader, asReader, 'DELETE FROM later');
    await expectDenied(aurora, reader, asReader, 'CREATE TABLE mine (id int)');
    if (engine === 'postgres') {
      expect(await runAs(aurora, reader, asReader, 'SHOW default_transaction_read_only')).toEqual([{ default_transaction_read_only: 'on' }]);
    }
  });

  it('changes nothing when Create and Update run again', async () => {
    const database = await aurora.createDatabase(engine, 'again');
    const user = serviceUser(aurora, engine, database, uniqueName('svc_i'), 'read-write');
    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Create'), aurora.deps);
    const before = await privilegeSnapshot(aurora, engine, user.username);

    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Create'), aurora.deps);
    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Update'), aurora.deps);
    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Update'), aurora.deps);

    expect(await privilegeSnapshot(aurora, engine, user.username)).toEqual(before);
    expect(await canLogIn(aurora, user, credentialsAt(aurora, user))).toBe(true);
  });

  it('takes write rights away on an Update from read-write to read', async () => {
    const database = await aurora.createDatabase(engine, 'downgrade');
    const user = serviceUser(aurora, engine, database, uniqueName('svc_d'), 'read-write');
    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Create'), aurora.deps);
    const credentials = credentialsAt(aurora, user);
    await runAs(aurora, user, credentials, 'CREATE TABLE items (id int PRIMARY KEY)');
    await runAs(aurora, user, credentials, 'INSERT INTO items VALUES (1)');

    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Update', 'read'), aurora.deps);

    expect(await runAs(aurora, user, credentials, 'SELECT id FROM items')).toEqual([{ id: 1 }]);
    await expectDenied(aurora, user, credentials, 'INSERT INTO items VALUES (2)');
    await expectDenied(aurora, user, credentials, 'DROP TABLE items');
    await expectDenied(aurora, user, credentials, 'CREATE TABLE more_items (id int)');

    // and back: the same user writes again
    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Update', 'read-write'), aurora.deps);
    await runAs(aurora, user, credentials, 'INSERT INTO items VALUES (2)');
  });

  it('leaves no half-made user when any statement of a Create fails', async () => {
    const database = await aurora.createDatabase(engine, 'halfway');
    // A successful run first, to know how many statements a Create takes.
    const counting = failingConnect(Number.POSITIVE_INFINITY);
    const probe = serviceUser(aurora, engine, database, uniqueName('svc_p'), 'read-write');
    await onDatabaseUserEvent(resourceEvent(aurora, probe, 'Create'), { ...aurora.deps, connect: counting.connect });
    const total = counting.statements();
    expect(total).toBeGreaterThan(4);

    for (let failAt = 1; failAt <= total; failAt += 1) {
      const user = serviceUser(aurora, engine, database, uniqueName('svc_h'), 'read-write');
      const failing = failingConnect(failAt);
      await expect(onDatabaseUserEvent(resourceEvent(aurora, user, 'Create'), { ...aurora.deps, connect: failing.connect }), `failure at statement ${failAt}`).rejects.toThrow(
        /injected failure/,
      );
      expect(await userExists(aurora, engine, user.username), `user left after a failure at statement ${failAt} of ${total}`).toBe(false);
    }
  });

  it('disables the user on Delete: login fails, the user, tables and rows stay; a Create brings it back', async () => {
    const database = await aurora.createDatabase(engine, 'deleted');
    const user = serviceUser(aurora, engine, database, uniqueName('svc_x'), 'read-write');
    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Create'), aurora.deps);
    const credentials = credentialsAt(aurora, user);
    await runAs(aurora, user, credentials, 'CREATE TABLE orders (id int PRIMARY KEY)');
    await runAs(aurora, user, credentials, 'INSERT INTO orders VALUES (7)');

    const result = await onDatabaseUserEvent(resourceEvent(aurora, user, 'Delete'), aurora.deps);

    expect(result.PhysicalResourceId).toBe(`${aurora.clusterId[engine]}/${user.username}`);
    expect(await canLogIn(aurora, user, credentials)).toBe(false);
    expect(await userExists(aurora, engine, user.username)).toBe(true);
    expect(await aurora.asMaster(engine, database, (session) => session.query('SELECT id FROM orders'))).toEqual([{ id: 7 }]);
    if (engine === 'postgres') {
      const [role] = await aurora.asMaster(engine, undefined, (session) =>
        session.query('SELECT rolcanlogin, (SELECT count(*)::int FROM pg_auth_members m WHERE m.member = r.oid) AS memberships FROM pg_roles r WHERE rolname = $1', [user.username]),
      );
      expect(role).toEqual({ rolcanlogin: false, memberships: 0 });
    } else {
      const grants = await aurora.asMaster(engine, undefined, (session) => session.query(`SHOW GRANTS FOR '${user.username}'@'%'`));
      expect(grants).toHaveLength(1); // USAGE only
    }

    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Create'), aurora.deps);
    expect(await runAs(aurora, user, credentials, 'SELECT id FROM orders')).toEqual([{ id: 7 }]);
  });

  it('succeeds in deleting a user that was never created (rollback of a failed Create)', async () => {
    const database = await aurora.createDatabase(engine, 'rollback');
    const user = serviceUser(aurora, engine, database, uniqueName('svc_n'), 'read-write');

    await expect(onDatabaseUserEvent(resourceEvent(aurora, user, 'Delete'), aurora.deps)).resolves.toMatchObject({ Data: { Username: user.username } });
    expect(await userExists(aurora, engine, user.username)).toBe(false);
  });
});
