/** Small schema builders shared by the manifest's sections (schema.ts, data-access-schema.ts). */
import { z } from 'zod';
import { field } from './hints';

/** A lowercase-hyphen version of a bad name, offered as a fix when it is valid. */
export function suggestedName(input: unknown, pattern: RegExp, hyphens: boolean, max = Infinity): string | undefined {
  if (typeof input !== 'string') {
    return undefined;
  }
  const separator = hyphens ? '-' : '';
  const candidate = input
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, separator)
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return pattern.test(candidate) && candidate.length <= max && candidate !== input ? candidate : undefined;
}

export function renameFix(pattern: RegExp, hyphens: boolean, max: number, example: string) {
  return (input: unknown): string => {
    const suggestion = suggestedName(input, pattern, hyphens, max);
    return suggestion ? `rename it to ${JSON.stringify(suggestion)}` : `rename it, e.g. ${JSON.stringify(example)}`;
  };
}

/** A name used as a mapping key (services, databases, …). */
export function nameKey(options: { what: string; pattern: RegExp; max: number; hyphens: boolean; example: string; allowed: string }) {
  const title = options.what.charAt(0).toUpperCase() + options.what.slice(1);
  return field(z.string().max(options.max).regex(options.pattern), `${title} name: ${options.allowed}.`, {
    allowed: `${options.what} names are ${options.allowed}`,
    fix: renameFix(options.pattern, options.hyphens, options.max, options.example),
  });
}

/** A whole number from min to max. */
export function integer(min: number, max: number) {
  return z.number().int().min(min).max(max);
}

