/**
 * One smoke test request: GET `path` on one load balancer address at the test listener's port, with
 * the service's host name (Host header, and for HTTPS the TLS server name the certificate must
 * match). 2xx passes; anything else (3xx, 4xx, 5xx, a timeout, a refused connection, a bad
 * certificate) fails, with a reason for the deployment's log.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface SmokeTarget {
  readonly protocol: 'http' | 'https';
  /** An address of the load balancer (a private IP inside the VPC). */
  readonly address: string;
  readonly port: number;
  readonly path: string;
  /** The service's host name: Host header, and the name its certificate must carry over HTTPS. */
  readonly hostName?: string;
  readonly timeoutMs: number;
}

export interface SmokeResult {
  readonly ok: boolean;
  readonly detail: string;
}

export function checkOnce(target: SmokeTarget): Promise<SmokeResult> {
  return new Promise((resolve) => {
    const options = {
      host: target.address,
      port: target.port,
      path: target.path,
      method: 'GET',
      timeout: target.timeoutMs,
      headers: { ...(target.hostName ? { host: target.hostName } : {}), 'user-agent': 'portside-smoke-test' },
      ...(target.protocol === 'https' && target.hostName ? { servername: target.hostName } : {}),
    };
    const answered = (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      response.resume();
      resolve({ ok: status >= 200 && status < 300, detail: `${target.protocol}://${target.address}:${target.port}${target.path} answered ${status}` });
    };
    const request = target.protocol === 'https' ? httpsRequest(options, answered) : httpRequest(options, answered);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${target.timeoutMs} ms`)));
    request.on('error', (error) => resolve({ ok: false, detail: `${target.protocol}://${target.address}:${target.port}${target.path}: ${error.message}` }));
    request.end();
  });
}

/**
 * Every address must pass (each is one load balancer node, in its own zone); a failure is retried
 * `attempts` times, `pauseMs` apart, so a node still registering the new targets is not mistaken for
 * a bad image. Resolves with the first lasting failure, or success.
 */
export async function checkAll(targets: readonly SmokeTarget[], attempts: number, pauseMs: number): Promise<SmokeResult> {
  if (targets.length === 0) {
    return { ok: false, detail: 'no load balancer address to test' };
  }
  const details: string[] = [];
  for (const target of targets) {
    let result = await checkOnce(target);
    for (let attempt = 1; !result.ok && attempt < attempts; attempt++) {
      await new Promise((wake) => setTimeout(wake, pauseMs));
      result = await checkOnce(target);
    }
    if (!result.ok) {
      return result;
    }
    details.push(result.detail);
  }
  return { ok: true, detail: details.join('; ') };
}
