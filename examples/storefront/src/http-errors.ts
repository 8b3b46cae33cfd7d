/** A client-facing error: the handler answers `statusCode` with `{ error, message }`. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(readonly statusCode: number, readonly error: string, message: string) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'bad_request', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const payloadTooLarge = (message: string) => new HttpError(413, 'payload_too_large', message);
export const unsupportedMediaType = (message: string) => new HttpError(415, 'unsupported_media_type', message);
export const unprocessable = (error: string, message: string) => new HttpError(422, error, message);

/** The `error` field for a status when the error itself carries none (Fastify's own 4xx errors). */
export function errorNameFor(statusCode: number): string {
  const names: Record<number, string> = {
    400: 'bad_request',
    404: 'not_found',
    405: 'method_not_allowed',
    406: 'not_acceptable',
    408: 'request_timeout',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    422: 'unprocessable',
    431: 'headers_too_large',
    503: 'unavailable',
  };
  return names[statusCode] ?? (statusCode < 500 ? 'bad_request' : 'internal_error');
}
