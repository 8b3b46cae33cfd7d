import { readFileSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { formatIssue, LoadedManifest, ManifestError, ManifestIssue, parseManifest } from '../src/manifest';

/** Exit status for a manifest that cannot become a plan (MANIFEST.md). */
export const EXIT_MANIFEST_ERROR = 2;

export type ManifestReading =
  | { readonly ok: true; readonly loaded: LoadedManifest }
  | { readonly ok: false; readonly errors: readonly ManifestIssue[]; readonly unreadable?: string };

/** Reads and parses a manifest without printing: the only place that reads the manifest file. */
export function readManifest(file: string): ManifestReading {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { ok: false, errors: [], unreadable: `${file}: cannot read the manifest: ${reason}; pass --manifest FILE or create portside.yaml` };
  }
  try {
    return { ok: true, loaded: parseManifest(text, file) };
  } catch (error) {
    if (error instanceof ManifestError) {
      return { ok: false, errors: error.issues };
    }
    throw error;
  }
}

/** Reads a manifest; on any manifest problem prints every issue to stderr and exits 2; prints warnings. */
export function loadManifestOrExit(file: string): LoadedManifest {
  const reading = readManifest(file);
  if (!reading.ok) {
    if (reading.unreadable) {
      process.stderr.write(`${reading.unreadable}\n`);
    } else {
      for (const issue of reading.errors) {
        process.stderr.write(`${formatIssue(issue)}\n`);
      }
      process.stderr.write(`${reading.errors.length} problem${reading.errors.length === 1 ? '' : 's'} in ${file}; no stack was synthesized\n`);
    }
    process.exit(EXIT_MANIFEST_ERROR);
  }
  for (const warning of reading.loaded.warnings) {
    process.stderr.write(`warning ${formatIssue(warning)}${warning.id ? ` [${warning.id}]` : ''}\n`);
  }
  return reading.loaded;
}

/**
 * The manifest's path as the platform pipeline sees it: relative to the repository root (the
 * directory commands run from), with forward slashes.
 */
export function manifestPathInRepository(file: string): string {
  const relativePath = relative(process.cwd(), resolve(file)).split(sep).join('/');
  return relativePath.startsWith('../') || isAbsolute(relativePath) ? basename(file) : relativePath;
}
