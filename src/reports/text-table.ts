/** Renders rows as a left-aligned text table; numeric columns are right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly (string | number)[])[], indent = '  '): string {
  const cells = [header, ...rows].map((row) => row.map(String));
  const numeric = header.map((_, col) => rows.length > 0 && rows.every((row) => typeof row[col] === 'number'));
  const widths = header.map((_, col) => Math.max(...cells.map((row) => row[col]!.length)));
  return cells
    .map((row) => indent + row.map((cell, col) => (numeric[col] ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ').trimEnd())
    .join('\n');
}
