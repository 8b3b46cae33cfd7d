/**
 * One HTTP(S) GET whose body is read as a stream of text, with the failures the Price List
 * download can meet named: a status other than 200, a connection that ends before the
 * `Content-Length` it announced (or mid-chunk), no data for a minute.
 */
import { get as httpGet, IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';

export class DownloadError extends Error {
  constructor(message: string, readonly url: string, readonly status?: number) {
    super(message);
  }
}

const IDLE_TIMEOUT_MS = 60_000;

function open(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const request = get(url, { headers: { 'user-agent': 'portside-prices-update' } }, resolve);
    request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(new DownloadError(`no data from ${url} for ${IDLE_TIMEOUT_MS / 1000} s`, url)));
    request.on('error', (error) => reject(error instanceof DownloadError ? error : new DownloadError(`cannot download ${url}: ${error.message}`, url)));
  });
}

/** The body of `url` as text chunks, as they arrive; throws DownloadError on any failure, including a truncated body. */
export async function* getText(url: string): AsyncGenerator<string> {
  const response = await open(url);
  if (response.statusCode !== 200) {
    response.resume();
    throw new DownloadError(`${url} answered HTTP ${response.statusCode}`, url, response.statusCode);
  }
  const expected = response.headers['content-length'] === undefined ? undefined : Number(response.headers['content-length']);
  let received = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      received += chunk.length;
      yield decoder.decode(chunk, { stream: true });
    }
  } catch (error) {
    throw new DownloadError(`the download of ${url} broke off after ${received} bytes${expected !== undefined ? ` of ${expected}` : ''}: ${(error as Error).message}`, url);
  } finally {
    response.destroy();
  }
  if (!response.complete || (expected !== undefined && received !== expected)) {
    throw new DownloadError(`the download of ${url} ended after ${received} bytes${expected !== undefined ? ` of ${expected}` : ''}`, url);
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A small JSON document (region_index.json), at most `maxBytes`. */
export async function getSmallJson(url: string, maxBytes = 8 * 1024 * 1024): Promise<unknown> {
  let text = '';
  for await (const chunk of getText(url)) {
    text += chunk;
    if (text.length > maxBytes) throw new DownloadError(`${url} is larger than ${maxBytes} bytes: not a region index`, url);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DownloadError(`${url} is not JSON: ${(error as Error).message}`, url);
  }
}
