/** Where the Price List cache lives; apart from price-cache.ts so bin/ can name it without loading the tables. */
import { join } from 'node:path';

/** `PORTSIDE_PRICES_FILE`, else `$XDG_CACHE_HOME/portside/prices.json`, else `~/.cache/portside/prices.json`. */
export function defaultPriceCacheFile(env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (env.PORTSIDE_PRICES_FILE) return env.PORTSIDE_PRICES_FILE;
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'portside', 'prices.json');
}
