/** The starter manifest of `portside init` with every commented-out example switched on (its header comments stay). */
export function uncommentExamples(manifest: string): string {
  return manifest.split('\n').map((line, index) => {
    const example = /^(\s*)# ( *(?:[a-z][\w-]*:|- ).*)$/i.exec(line);
    return index > 3 && example ? `${example[1]}${example[2]}` : line;
  }).join('\n');
}
