import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, guard, unavailableReason, withTimeout } from '../../src/db/unavailable.js';

const withCode = (code: string, message = 'driver error') => Object.assign(new Error(message), { code });

describe('unavailableReason', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED'), 'connection'],
    ['a lost MySQL connection', withCode('PROTOCOL_CONNECTION_LOST'), 'connection'],
    ['a PostgreSQL connection exception (class 08)', withCode('08006'), 'connection'],
    ['PostgreSQL shutting down for a failover', withCode('57P01'), 'connection'],
    ['a MySQL query timeout', withCode('PROTOCOL_SEQUENCE_TIMEOUT'), 'timeout'],
    ['a PostgreSQL statement timeout', withCode('57014'), 'timeout'],
    ['node-postgres waiting for a connection', new Error('timeout exceeded when trying to connect'), 'timeout'],
    ['too many MySQL connections', withCode('ER_CON_COUNT_ERROR'), 'overloaded'],
    ['a full mysql2 queue', new Error('Queue limit reached.'), 'overloaded'],
    ['a rejected MySQL password', withCode('ER_ACCESS_DENIED_ERROR'), 'authentication'],
    ['a rejected PostgreSQL password', withCode('28P01'), 'authentication'],
  ] as const)('treats %s as unavailable (%s)', (_case, error, reason) => {
    expect(unavailableReason(error)).toBe(reason);
  });

  it.each([
    ['bad SQL', withCode('ER_PARSE_ERROR')],
    ['a missing table', withCode('42P01')],
    ['a constraint violation', withCode('23505')],
    ['a programming error', new TypeError('cannot read properties of undefined')],
  ] as const)('leaves %s alone: it is a bug, not an outage', (_case, error) => {
    expect(unavailableReason(error)).toBeUndefined();
  });
});

describe('guard', () => {
  it('wraps an outage in DatabaseUnavailableError and keeps the cause', async () => {
    const cause = withCode('ECONNRESET');

    const error = await guard('orders', async () => { throw cause; }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ database: 'orders', reason: 'connection', cause });
  });

  it('passes other errors through untouched', async () => {
    const bug = new RangeError('bug');

    await expect(guard('catalog', async () => { throw bug; })).rejects.toBe(bug);
  });
});

describe('withTimeout', () => {
  it('rejects with ETIMEDOUT when the work takes too long', async () => {
    await expect(withTimeout(new Promise(() => {}), 10, 'catalog ping')).rejects.toMatchObject({
      message: 'catalog ping timed out after 10 ms',
      code: 'ETIMEDOUT',
    });
  });
});
