/** FNV-1a, 32 bits, over the UTF-16 code units of `text` (names are ASCII, so over their bytes). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const GID_BASE = 50000;
const GID_RANGE = 10000;
const UID_BASE = 20000;
const UID_RANGE = 20000;

/** POSIX group of a volume: 50000–59999, from its name alone. */
export function fileSystemGid(name: string): number {
  return GID_BASE + (fnv1a32(name) % GID_RANGE);
}

/**
 * POSIX user of each service: 20000–39999 from its name; when two names land on one uid, the
 * later in sorted order takes the next free one. Independent of manifest order.
 */
export function serviceUids(names: Iterable<string>): ReadonlyMap<string, number> {
  const uids = new Map<string, number>();
  const taken = new Set<number>();
  for (const name of [...new Set(names)].sort()) {
    let offset = fnv1a32(name) % UID_RANGE;
    while (taken.has(UID_BASE + offset)) {
      offset = (offset + 1) % UID_RANGE;
    }
    taken.add(UID_BASE + offset);
    uids.set(name, UID_BASE + offset);
  }
  return uids;
}
