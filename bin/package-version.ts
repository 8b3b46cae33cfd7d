import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Portside's version, from the package.json above this file (bin/ here, dist/bin/ in the package). */
export function portsideVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (json.name === 'portside' && json.version) return json.version;
    } catch {
      // not here: look one directory up
    }
  }
  return 'unknown';
}
