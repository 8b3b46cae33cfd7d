import type { LoadedManifest } from '../manifest';
import type { Progress } from './progress';

/** What every command gets: the loaded manifest, the common options, and where to write. */
export interface CommandContext {
  readonly loaded: LoadedManifest;
  /** The manifest file as given on the command line. */
  readonly manifestFile: string;
  /** The manifest's path in the platform repository (what the platform pipeline synthesizes). */
  readonly manifestInRepository: string;
  /** `--env`: report on this environment only. */
  readonly env?: string;
  /** `--json`: print one JSON document for machines instead of tables for people. */
  readonly json: boolean;
  /** `--out`: the cloud assembly directory (cdk.out). */
  readonly outDir: string;
  /** Writes the command's result to standard output. */
  readonly write: (text: string) => void;
  readonly progress: Progress;
  /** Every option of the command line, including a command's own (`configure` in bin/portside-cli.ts). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A command's outcome: its exit status (`EXIT`). */
export type CommandRun = (context: CommandContext) => Promise<number> | number;
