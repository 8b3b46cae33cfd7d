/**
 * Lays a dot graph out with Graphviz compiled to WebAssembly (no system install) and returns SVG.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { LAYOUT_FONT } from './diagram-dot';

/** What viewers fall back to: the layout measured text in Verdana, the widest of them, so all fit. */
const FONT_STACK = `${LAYOUT_FONT},DejaVu Sans,Bitstream Vera Sans,Helvetica,Arial,sans-serif`;

let graphviz: Promise<Graphviz> | undefined;

/** The Graphviz version the SVG is laid out with (it is also named in the SVG). */
export async function graphvizVersion(): Promise<string> {
  graphviz ??= Graphviz.load();
  return (await graphviz).version();
}

/** Lays `dot` out with the dot engine; the same source always gives the same SVG. */
export async function renderSvg(dot: string): Promise<string> {
  graphviz ??= Graphviz.load();
  const svg = (await graphviz).dot(dot, 'svg');
  return svg.replaceAll(`font-family="${LAYOUT_FONT}"`, `font-family="${FONT_STACK}"`);
}
