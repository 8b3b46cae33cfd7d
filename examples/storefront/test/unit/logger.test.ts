import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/logger.js';

/** A Fastify logger writing JSON lines into an array. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const app = Fastify({ logger: { ...loggerOptions('info'), stream } });
  return { log: app.log, lines };
}

describe('loggerOptions', () => {
  it('writes one JSON object per line with an ISO time and a level name', () => {
    const { log, lines } = capturedLogger();

    log.info({ orderId: 'o-1' }, 'order placed');

    expect(lines[0]).toMatchObject({ level: 'info', msg: 'order placed', orderId: 'o-1' });
    expect(String(lines[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('redacts passwords, authorization and cookies wherever they are logged', () => {
    const { log, lines } = capturedLogger();

    log.info({
      config: { catalog: { host: 'db', password: 'hunter2' }, orders: { password: 'hunter3' } },
      headers: { authorization: 'Bearer abc.def', cookie: 'session=xyz', accept: 'application/json' },
      req: { headers: { 'x-api-key': 'k-123' } },
      password: 'hunter4',
    }, 'logged carelessly');

    const line = JSON.stringify(lines[0]);
    for (const secret of ['hunter2', 'hunter3', 'hunter4', 'abc.def', 'session=xyz', 'k-123']) {
      expect(line).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({ config: { catalog: { host: 'db', password: '[redacted]' } }, headers: { authorization: '[redacted]', accept: 'application/json' } });
  });
});
