/** How values from the manifest are shown in messages, and "did you mean" suggestions. */

const MAX_SHOWN = 60;

/** A manifest value as messages quote it after "got": strings in quotes (cut when long), collections by kind. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === null || value === undefined) {
    return 'nothing (an empty value)';
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? 'an empty list' : 'a list';
  }
  if (typeof value === 'object') {
    return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  }
  return typeof value;
}

/** Like `showValue`, with the YAML type of a scalar: `"abc" (a string)`, `3000 (a number)`. */
export function showTypedValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `${showValue(value)} (a string)`;
    case 'number':
      return `${showValue(value)} (a number)`;
    case 'boolean':
      return `${showValue(value)} (a boolean)`;
    default:
      return showValue(value);
  }
}

/** `a`, `a or b`, `a, b or c` (`and` on request). */
export function listText(items: readonly (string | number)[], last: 'or' | 'and' = 'or'): string {
  const texts = items.map(String);
  if (texts.length <= 1) {
    return texts.join('');
  }
  return `${texts.slice(0, -1).join(', ')} ${last} ${texts[texts.length - 1]}`;
}

/** Quotes each name: `"a", "b"`. */
export function quotedList(items: readonly string[]): string {
  return items.map((item) => JSON.stringify(item)).join(', ');
}

const MAX_SUGGESTION_INPUT = 64;

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment), case-insensitive. */
function editDistance(a: string, b: string): number {
  const left = a.toLowerCase();
  const right = b.toLowerCase();
  const rows: number[][] = [Array.from({ length: right.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= left.length; i++) {
    const row = [i];
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return rows[left.length]![right.length]!;
}

/**
 * The candidate a typo most likely meant: within about a third of its letters, or one that starts
 * with it (`arm` → `arm64`).
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGESTION_INPUT) {
    return undefined;
  }
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === word) {
      continue;
    }
    const prefix = word.length >= 3 && candidate.toLowerCase().startsWith(word.toLowerCase());
    const distance = prefix ? 1 : editDistance(word, candidate);
    const limit = Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3));
    if (distance <= limit && (!best || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** `did you mean "desiredCount"?` when a candidate is close, otherwise undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const suggestion = closest(word, candidates);
  return suggestion === undefined ? undefined : `did you mean ${JSON.stringify(suggestion)}?`;
}
