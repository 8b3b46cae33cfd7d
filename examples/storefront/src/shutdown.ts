/**
 * Graceful shutdown within ECS's stop timeout (30 s, then SIGKILL).
 *
 * ECS takes the task out of the load balancer (deregistration delay) before it sends SIGTERM, so
 * by then new requests have stopped arriving. On SIGTERM: report not ready, stop listening (new
 * connections are refused), let in-flight requests finish, then close the database pools and exit
 * 0. If that takes longer than the deadline, exit 1 anyway, before ECS has to kill the process.
 */
export interface ShutdownLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ShutdownPlan {
  /** Marks the task as draining (GET /ready answers 503). */
  readonly markDraining: () => void;
  /** Stops accepting connections and resolves when in-flight requests have finished (fastify.close). */
  readonly closeServer: () => Promise<void>;
  /** Closes what requests used (the pools), after the server has drained. */
  readonly closeResources: ReadonlyArray<() => Promise<void>>;
  readonly deadlineMs: number;
  readonly log: ShutdownLog;
  readonly exit: (code: number) => void;
}

/** Runs the shutdown once; later calls (a second SIGTERM, SIGINT) return the same promise. */
export function createShutdown(plan: ShutdownPlan): (signal: string) => Promise<void> {
  let running: Promise<void> | undefined;
  return (signal) => {
    running ??= drain(plan, signal);
    return running;
  };
}

async function drain(plan: ShutdownPlan, signal: string): Promise<void> {
  const started = Date.now();
  plan.log.info({ signal, deadlineMs: plan.deadlineMs }, `${signal} received: draining`);
  const deadline = setTimeout(() => {
    plan.log.error({ signal, deadlineMs: plan.deadlineMs }, 'shutdown deadline reached with work still in flight: exiting now');
    plan.exit(1);
  }, plan.deadlineMs);
  try {
    plan.markDraining();
    await plan.closeServer();
    const results = await Promise.allSettled(plan.closeResources.map((close) => close()));
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    for (const failure of failed) plan.log.error({ err: failure.reason }, 'closing a resource failed');
    plan.log.info({ durationMs: Date.now() - started }, 'drained: exiting');
    plan.exit(failed.length === 0 ? 0 : 1);
  } catch (error) {
    plan.log.error({ err: error }, 'shutdown failed');
    plan.exit(1);
  } finally {
    clearTimeout(deadline);
  }
}

/** Registers the shutdown for SIGTERM (ECS) and SIGINT (Ctrl-C). Node is PID 1 in the image: without a handler it would ignore both. */
export function onTerminationSignals(shutdown: (signal: string) => Promise<void>, target: NodeJS.Process = process): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    target.on(signal, () => void shutdown(signal));
  }
}
