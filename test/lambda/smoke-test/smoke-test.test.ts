import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smokeTest, type HookEvent } from '../../../src/lambda/smoke-test';

/** A load balancer stand-in on loopback: /ok answers 200, /broken 503, /slow never answers, /moved 302. */
let server: Server;
let port: number;
const hosts: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hosts.push(String(request.headers.host));
    if (request.url === '/slow') return; // never answers
    const status = request.url === '/ok' ? 200 : request.url === '/moved' ? 302 : 503;
    response.writeHead(status).end();
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((closed) => {
  server.closeAllConnections();
  server.close(() => closed());
}));

const FAST = { timeoutMs: 300, attempts: 2, pauseMs: 10 } as const;
const loopback = async () => ['127.0.0.1'];
/** What ECS passes at POST_TEST_TRAFFIC_SHIFT: the service's hookDetails (shape written by traffic-shifting.ts). */
const event = (path: string, overrides: Partial<{ port: number; hostName: string }> = {}): HookEvent => ({
  lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
  hookDetails: { loadBalancer: 'app/shop-prod-web/0123456789abcdef', protocol: 'http', port: overrides.port ?? port, path, ...(overrides.hostName ? { hostName: overrides.hostName } : {}) },
});

describe('the smoke test lifecycle hook', () => {
  it('lets the deployment continue when the path answers 2xx', async () => {
    await expect(smokeTest(event('/ok'), loopback, FAST)).resolves.toMatchObject({ hookStatus: 'SUCCEEDED' });
  });

  it('rolls the deployment back on a 5xx', async () => {
    const result = await smokeTest(event('/broken'), loopback, FAST);
    expect(result).toMatchObject({ hookStatus: 'FAILED' });
    expect(result.detail).toMatch(/answered 503$/);
  });

  it('fails on a redirect: only 2xx proves the new tasks serve the path', async () => {
    await expect(smokeTest(event('/moved'), loopback, FAST)).resolves.toMatchObject({ hookStatus: 'FAILED' });
  });

  it('fails when the path does not answer in time', async () => {
    const result = await smokeTest(event('/slow'), loopback, FAST);
    expect(result).toMatchObject({ hookStatus: 'FAILED' });
    expect(result.detail).toMatch(/no answer within 300 ms/);
  });

  it('fails when the test listener refuses the connection', async () => {
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const unused = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const result = await smokeTest(event('/ok', { port: unused }), loopback, FAST);
    expect(result).toMatchObject({ hookStatus: 'FAILED' });
    expect(result.detail).toMatch(/ECONNREFUSED/);
  });

  it('checks every load balancer node, failing when one fails', async () => {
    // 127.0.0.2 is loopback too on Linux, but nothing listens there on this port.
    await expect(smokeTest(event('/ok'), async () => ['127.0.0.1', '127.0.0.2'], FAST)).resolves.toMatchObject({ hookStatus: 'FAILED' });
  });

  it('fails when the load balancer has no address to test', async () => {
    await expect(smokeTest(event('/ok'), async () => [], FAST)).resolves.toMatchObject({ hookStatus: 'FAILED', detail: 'no load balancer address to test' });
  });

  it('sends the service\'s host name, and reads hookDetails given as a JSON string', async () => {
    const details = JSON.stringify({ loadBalancer: 'app/x/1', protocol: 'http', port, path: '/ok', hostName: 'shop.example' });
    await expect(smokeTest({ hookDetails: details }, loopback, FAST)).resolves.toMatchObject({ hookStatus: 'SUCCEEDED' });
    expect(hosts.at(-1)).toBe('shop.example');
  });

  it('fails rather than passes when hookDetails is missing or incomplete', async () => {
    await expect(smokeTest({}, loopback, FAST)).resolves.toMatchObject({ hookStatus: 'FAILED' });
    await expect(smokeTest({ hookDetails: { loadBalancer: 'app/x/1', protocol: 'ftp', port, path: '/ok' } as never }, loopback, FAST)).resolves.toMatchObject({ hookStatus: 'FAILED' });
  });
});
