/**
 * Values that may be INVALID (their problem is already reported), and the small combinators that
 * apply defaults to them without guessing: a default never replaces an invalid value.
 */
import { INVALID, Invalid } from './fields';
import type { SecretRefPlan } from './plan';
import { parseSecretArn } from './secret-arn';

export type Known<T> = T | Invalid;

/** The written value, or the default when the field was not written (INVALID stays INVALID). */
export function or<T>(value: Known<T> | undefined, fallback: Known<T>): Known<T> {
  return value === undefined ? fallback : value;
}

export function required<T>(value: Known<T> | undefined): Known<T> {
  return value === undefined ? INVALID : value;
}

export function map<T, R>(value: Known<T>, transform: (known: T) => R): Known<R> {
  return value === INVALID ? INVALID : transform(value);
}

export function secretRef(reference: string): SecretRefPlan {
  const { secretArn, jsonKey } = parseSecretArn(reference);
  return jsonKey === undefined ? { secretArn } : { secretArn, jsonKey };
}

