import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentDiagrams, EnvironmentDiagram } from '../../reports/diagram';
import type { CommandContext } from '../context';
import { EXIT } from '../errors';
import { selectEnvironments, synthesize, Synthesis } from '../synthesis';

/** A diagram as `--json` lists it. */
export interface DiagramFile {
  readonly environment: string;
  readonly file: string;
  readonly services: number;
  readonly databases: number;
  readonly fileSystems: number;
}

/** The diagram of each environment of an existing synthesis (all of them, or `env`). */
export function diagramsOf(synthesis: Synthesis, env?: string): Promise<EnvironmentDiagram[]> {
  return environmentDiagrams(synthesis.templates, synthesis.plan, selectEnvironments(synthesis.plan, env));
}

/** Writes `<dir>/<env>.svg` per diagram. */
export function writeDiagrams(diagrams: readonly EnvironmentDiagram[], dir: string): DiagramFile[] {
  mkdirSync(dir, { recursive: true });
  return diagrams.map((diagram) => {
    const file = join(dir, `${diagram.environment}.svg`);
    writeFileSync(file, diagram.svg);
    return {
      environment: diagram.environment,
      file,
      services: diagram.model.services.length,
      databases: diagram.model.databases.length,
      fileSystems: diagram.model.fileSystems.length,
    };
  });
}

/** `portside diagram`: synthesize, lay each environment out with Graphviz, write `<dir>/<env>.svg`, print the paths. */
export async function runDiagram(context: CommandContext): Promise<number> {
  selectEnvironments(context.loaded.plan, context.env); // an unknown --env fails before the synthesis
  context.progress.step('synthesizing every stack');
  const synthesis = synthesize(context.loaded.plan, { outDir: context.outDir, manifestFile: context.manifestInRepository, compliance: false });
  context.progress.step('laying out the diagrams with Graphviz');
  const diagrams = await diagramsOf(synthesis, context.env);
  const files = writeDiagrams(diagrams, typeof context.options.dir === 'string' ? context.options.dir : context.outDir);
  context.progress.done();
  context.write(context.json ? `${JSON.stringify(files, null, 2)}\n` : files.map((file) => `${file.file}\n`).join(''));
  return EXIT.ok;
}
