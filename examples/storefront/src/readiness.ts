/**
 * Whether this task should receive traffic: `starting` until migrations are done, `ready` while
 * both databases answer, `draining` from SIGTERM on. Read by GET /ready only; the load balancer's
 * health check (GET /health) deliberately ignores it (see the README).
 */
export type Phase = 'starting' | 'ready' | 'draining';

export type Probe = (timeoutMs: number) => Promise<void>;

export interface ReadinessReport {
  readonly ready: boolean;
  readonly phase: Phase;
  readonly checks: Readonly<Record<string, 'ok' | 'unreachable'>>;
}

export class Readiness {
  private current: Phase = 'starting';

  /** `probes` name each dependency; each must answer within `timeoutMs`. */
  constructor(private readonly probes: Readonly<Record<string, Probe>>, private readonly timeoutMs = 1_000) {}

  get phase(): Phase {
    return this.current;
  }

  markReady(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  markDraining(): void {
    this.current = 'draining';
  }

  async check(): Promise<ReadinessReport> {
    if (this.current !== 'ready') {
      // Starting or draining: the answer is "no" whatever the databases say, so do not ask them.
      return { ready: false, phase: this.current, checks: {} };
    }
    const names = Object.keys(this.probes);
    const results = await Promise.allSettled(names.map((name) => this.probes[name]!(this.timeoutMs)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!.status === 'fulfilled' ? 'ok' : 'unreachable'] as const));
    return { ready: results.every((r) => r.status === 'fulfilled') && this.current === 'ready', phase: this.current, checks };
  }
}
