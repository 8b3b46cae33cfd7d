/**
 * HTML built from template literals that escape every inserted value: text from the manifest or the
 * templates can never become markup. Only `raw()` inserts markup as is (the report's own CSS, and
 * SVG that Graphviz wrote from escaped labels).
 */

/** Markup that is already safe to insert. */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Inserts trusted markup unescaped. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function insert(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(insert).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** `html\`<td>${name}</td>\``: strings, numbers and arrays of them are escaped, `SafeHtml` is kept. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, index) => out + text + (index < values.length ? insert(values[index]) : ''), ''));
}
