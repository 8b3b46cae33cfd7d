import type { FastifyServerOptions } from 'fastify';

/**
 * Paths pino replaces with "[redacted]" wherever they appear in a log line. Fastify's request
 * serializer logs no headers, so these guard against a future `log.info({ req.headers })` or a
 * config object logged whole.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  '*.password',
  '*.*.password',
  'config.catalog.password',
  'config.orders.password',
] as const;

/** One JSON object per line on stdout (CloudWatch Logs via awslogs), ISO timestamps, secrets redacted. */
export function loggerOptions(level: string): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  return {
    level,
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
  };
}
