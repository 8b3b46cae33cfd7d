import { readFileSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { formatIssue, LoadedManifest, ManifestError, parseManifest } from '../src/manifest';

/** Exit status for a manifest that cannot become a plan (MANIFEST.md). */
export const EXIT_MANIFEST_ERROR = 2;

/**
 * Reads and parses a manifest; on any manifest problem prints every issue to stderr and exits 2.
 * The only place that reads the manifest file.
 */
export function loadManifestOrExit(file: string): LoadedManifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    process.stderr.write(`${file}: cannot read the manifest: ${reason}; pass --manifest FILE or create portside.yaml\n`);
    process.exit(EXIT_MANIFEST_ERROR);
  }
  try {
    const loaded = parseManifest(text, file);
    for (const warning of loaded.warnings) {
      process.stderr.write(`warning ${formatIssue(warning)}${warning.id ? ` [${warning.id}]` : ''}\n`);
    }
    return loaded;
  } catch (error) {
    if (error instanceof ManifestError) {
      for (const issue of error.issues) {
        process.stderr.write(`${formatIssue(issue)}\n`);
      }
      process.stderr.write(`${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} in ${file}; no stack was synthesized\n`);
      process.exit(EXIT_MANIFEST_ERROR);
    }
    throw error;
  }
}

/**
 * The manifest's path as the platform pipeline sees it: relative to the repository root (the
 * directory commands run from), with forward slashes.
 */
export function manifestPathInRepository(file: string): string {
  const relativePath = relative(process.cwd(), resolve(file)).split(sep).join('/');
  return relativePath.startsWith('../') || isAbsolute(relativePath) ? basename(file) : relativePath;
}
