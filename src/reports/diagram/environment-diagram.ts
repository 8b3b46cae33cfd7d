/**
 * The architecture diagram of each environment: the model read from the synthesized templates,
 * its dot source, and the SVG Graphviz lays out from it.
 */
import type { PortsidePlan } from '../../manifest/plan';
import type { SynthesizedStack } from '../assembly-reader';
import { diagramDot } from './diagram-dot';
import { environmentModel, EnvironmentModel } from './environment-model';
import { renderSvg } from './render-svg';

export interface EnvironmentDiagram {
  readonly environment: string;
  readonly model: EnvironmentModel;
  readonly dot: string;
  /** A standalone SVG document (XML declaration, DOCTYPE, one `<svg>` root). */
  readonly svg: string;
}

/** The diagrams of the named environments, in that order. */
export async function environmentDiagrams(templates: readonly SynthesizedStack[], plan: PortsidePlan, environments: readonly string[]): Promise<EnvironmentDiagram[]> {
  const diagrams: EnvironmentDiagram[] = [];
  for (const environment of environments) {
    const model = environmentModel(templates, plan, environment);
    const dot = diagramDot(model);
    diagrams.push({ environment, model, dot, svg: await renderSvg(dot) });
  }
  return diagrams;
}

/** The `<svg>` element alone, to place inside an HTML page. */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  return start < 0 ? svg : svg.slice(start).trim();
}
