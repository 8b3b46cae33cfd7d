/**
 * Rotation of a service user's secret, alternating users, end to end: the four steps through the
 * real Secrets Manager SDK client against the fake service, on the real local MariaDB and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/lambda/database-users/index';
import { onDatabaseUserEvent } from '../../../src/lambda/database-users/provision';
import type { RotationStep } from '../../../src/lambda/database-users/rotation';
import { ENGINES, localAurora, uniqueName, type LocalAurora } from './support/local-aurora';
import { canLogIn, credentialsAt, expectDenied, resourceEvent, runAs, serviceUser, type ServiceUser } from './support/users';

const STEPS: readonly RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

let aurora: LocalAurora;
beforeAll(async () => {
  aurora = await localAurora();
});
afterAll(() => aurora.close());

function step(user: ServiceUser, token: string, name: RotationStep) {
  return dispatch({ Step: name, SecretId: user.secretArn, ClientRequestToken: token }, aurora.deps);
}

/** What Secrets Manager does for RotateSecret: a pending version, the four steps, then the label cleanup. */
async function rotate(user: ServiceUser, options: { replay?: boolean } = {}): Promise<string> {
  const token = aurora.secrets.startRotation(user.secretArn);
  for (const name of STEPS) {
    await step(user, token, name);
    if (options.replay) await step(user, token, name);
  }
  aurora.secrets.endRotation(user.secretArn);
  return token;
}

async function provisionedUser(engine: (typeof ENGINES)[number], prefix: string): Promise<ServiceUser> {
  const database = await aurora.createDatabase(engine, prefix);
  const user = serviceUser(aurora, engine, database, uniqueName('svc_rot'), 'read-write');
  await onDatabaseUserEvent(resourceEvent(aurora, user, 'Create'), aurora.deps);
  await runAs(aurora, user, credentialsAt(aurora, user), 'CREATE TABLE orders (id int PRIMARY KEY)');
  return user;
}

describe.each(ENGINES)('rotation of a service user secret (%s)', (engine) => {
  it('keeps the previous credential working until the next rotation, and refuses the one before it', async () => {
    const user = await provisionedUser(engine, 'rotation');
    const original = credentialsAt(aurora, user);

    // WHEN the secret rotates once
    await rotate(user);

    // THEN AWSCURRENT is the clone with a new password, and the original (now AWSPREVIOUS) still works
    const first = credentialsAt(aurora, user);
    expect(first.username).toBe(`${user.username}_clone`);
    expect(first.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(credentialsAt(aurora, user, 'AWSPREVIOUS')).toEqual(original);
    expect(await canLogIn(aurora, user, original)).toBe(true);
    // the clone has the same rights: it writes to a table the original user created
    await runAs(aurora, user, first, 'INSERT INTO orders VALUES (1)');
    await runAs(aurora, user, original, 'INSERT INTO orders VALUES (2)');

    // WHEN it rotates again
    await rotate(user);

    // THEN the base user is current with a new password, the clone (one rotation ago) still works,
    // and the credential from two rotations ago is refused
    const second = credentialsAt(aurora, user);
    expect(second.username).toBe(user.username);
    expect(second.password).not.toBe(original.password);
    expect(credentialsAt(aurora, user, 'AWSPREVIOUS')).toEqual(first);
    expect(await canLogIn(aurora, user, second)).toBe(true);
    expect(await canLogIn(aurora, user, first)).toBe(true);
    expect(await canLogIn(aurora, user, original)).toBe(false);
    expect(await runAs(aurora, user, second, 'SELECT id FROM orders ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('provisions the rotated pair on a later Update: both credentials keep working', async () => {
    const user = await provisionedUser(engine, 'rotupdate');
    const original = credentialsAt(aurora, user);
    await rotate(user);

    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Update'), aurora.deps);

    expect(await canLogIn(aurora, user, credentialsAt(aurora, user))).toBe(true);
    expect(await canLogIn(aurora, user, original)).toBe(true);
  });

  it('applies an Update from read-write to read to both users of the pair', async () => {
    const user = await provisionedUser(engine, 'rotdown');
    const original = credentialsAt(aurora, user);
    await rotate(user);

    await onDatabaseUserEvent(resourceEvent(aurora, user, 'Update', 'read'), aurora.deps);

    for (const credentials of [credentialsAt(aurora, user), original]) {
      expect(await runAs(aurora, user, credentials, 'SELECT count(*) AS n FROM orders')).toHaveLength(1);
      await expectDenied(aurora, user, credentials, 'INSERT INTO orders VALUES (9)');
    }
  });

  it('lets every step be replayed without changing the outcome', async () => {
    const user = await provisionedUser(engine, 'replay');
    const original = credentialsAt(aurora, user);

    const token = await rotate(user, { replay: true });
    const stagesAfter = aurora.secrets.stagesOf(user.secretArn);
    const current = credentialsAt(aurora, user);
    await step(user, token, 'finishSecret');
    await step(user, token, 'createSecret');

    expect(aurora.secrets.stagesOf(user.secretArn)).toEqual(stagesAfter);
    expect(stagesAfter[token]).toEqual(['AWSCURRENT']);
    expect(credentialsAt(aurora, user)).toEqual(current);
    expect(await canLogIn(aurora, user, current)).toBe(true);
    expect(await canLogIn(aurora, user, original)).toBe(true);
  });

  it('rejects a token that is not a version of the secret, or not AWSPENDING, and a secret without rotation', async () => {
    const user = await provisionedUser(engine, 'badtoken');
    const before = aurora.secrets.stagesOf(user.secretArn);
    const currentVersion = Object.keys(before)[0]!;

    await expect(step(user, 'c5b3e1f4-0000-4000-8000-000000000000', 'createSecret')).rejects.toThrow(/has no stage for rotation/);
    await rotate(user);
    const previousVersion = currentVersion; // now AWSPREVIOUS
    await expect(step(user, previousVersion, 'setSecret')).rejects.toThrow(/not set as AWSPENDING/);

    const unrotated = aurora.secrets.createSecret(uniqueName('norotation'), JSON.stringify(credentialsAt(aurora, user)), { rotationEnabled: false });
    const token = aurora.secrets.startRotation(unrotated);
    await expect(dispatch({ Step: 'createSecret', SecretId: unrotated, ClientRequestToken: token }, aurora.deps)).rejects.toThrow(/rotation enabled/);
  });
});
