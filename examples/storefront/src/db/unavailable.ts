/**
 * A database that cannot answer right now (unreachable, timed out, overloaded, refusing our
 * credentials). Routes let it through and the error handler answers 503 with Retry-After, so a
 * database blip is a retryable error for clients, never a 500 that looks like a bug.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';

  constructor(
    readonly database: 'catalog' | 'orders',
    readonly reason: 'authentication' | 'connection' | 'timeout' | 'overloaded',
    cause: unknown,
  ) {
    super(`${database} database unavailable (${reason})`, { cause });
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'POOL_CLOSED', // mysql2
  '57P01', '57P02', '57P03', // PostgreSQL: admin shutdown, crash shutdown, cannot connect now
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'PROTOCOL_SEQUENCE_TIMEOUT', '57014' /* statement timeout */]);
const OVERLOAD_CODES = new Set(['ER_CON_COUNT_ERROR', '53300' /* too many connections */]);
const AUTHENTICATION_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR', '28P01', '28000']);

/** Why a driver error means "unavailable", or undefined when it is a real bug (bad SQL, constraint). */
export function unavailableReason(error: unknown): DatabaseUnavailableError['reason'] | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (AUTHENTICATION_CODES.has(code)) return 'authentication';
    if (TIMEOUT_CODES.has(code)) return 'timeout';
    if (OVERLOAD_CODES.has(code)) return 'overloaded';
    if (CONNECTION_CODES.has(code) || code.startsWith('08')) return 'connection';
  }
  // node-postgres and the mysql2 pool report these without a code.
  if (/timeout exceeded when trying to connect|Query read timeout|timed out/i.test(error.message)) return 'timeout';
  if (/Connection terminated|Queue limit reached|Pool is closed|Cannot use a pool after calling end/i.test(error.message)) {
    return error.message.includes('Queue limit') ? 'overloaded' : 'connection';
  }
  return undefined;
}

/** Runs a data-layer call, turning "the database cannot answer" into DatabaseUnavailableError. */
export async function guard<T>(database: DatabaseUnavailableError['database'], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const reason = unavailableReason(error);
    throw reason === undefined ? error : new DatabaseUnavailableError(database, reason, error);
  }
}

/** Rejects when `promise` takes longer than `ms` (a readiness probe must answer quickly either way). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
