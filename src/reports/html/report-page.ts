/**
 * `portside report`: one self-contained HTML page (inline CSS and SVG, no script, no request: its
 * Content-Security-Policy forbids any) with the diagrams, the plan and its changes, the cost and the
 * compliance of one synthesis.
 */
import { EnvironmentDiagram, inlineSvg } from '../diagram/environment-diagram';
import type { PlanDiff } from '../plan-diff';
import type { EnvironmentSummary, SharedStackSummary } from '../plan-summary';
import { html, raw, SafeHtml } from './html';
import { diffSection, environmentSection, sharedStacksSection } from './plan-sections';
import { REPORT_CSS } from './report-style';

/**
 * A section another command computes (cost, compliance): its people-readable output, or why it is
 * not in the report.
 */
export type ExternalSection =
  | { readonly available: true; readonly text: string; readonly headline?: string }
  | { readonly available: false; readonly reason: string };

export interface ReportInput {
  readonly project: string;
  /** The manifest as the user named it. */
  readonly manifestFile: string;
  readonly plan: {
    readonly environments: readonly EnvironmentSummary[];
    readonly shared: readonly SharedStackSummary[];
    readonly diff: PlanDiff;
  };
  readonly diagrams: readonly EnvironmentDiagram[];
  readonly cost: ExternalSection;
  readonly compliance: ExternalSection;
  /** Named in the footer. */
  readonly graphvizVersion: string;
}

/** The sections of the page, in order: the navigation and the tests use these ids. */
export const REPORT_SECTIONS = [
  { id: 'summary', title: 'Summary' },
  { id: 'architecture', title: 'Architecture' },
  { id: 'plan', title: 'Plan' },
  { id: 'changes', title: 'Changes' },
  { id: 'cost', title: 'Cost' },
  { id: 'compliance', title: 'Compliance' },
] as const;

/** What the page allows: its own inline styles and nothing else (no script, font, image or connection). */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function summaryCards(input: ReportInput): SafeHtml {
  const environmentCards = input.plan.environments.map((summary) => {
    const model = input.diagrams.find((diagram) => diagram.environment === summary.environment)?.model;
    const resources = summary.stacks.reduce((sum, s) => sum + s.resources, 0);
    return html`<div class="card">
<h3><a href="#plan-${summary.environment}">${summary.environment}</a></h3>
<dl>
<dt>account</dt><dd>${summary.account} · ${summary.region}</dd>
${model ? html`<dt>profile</dt><dd>${model.profile}</dd>` : ''}
<dt>services</dt><dd>${summary.services.length}</dd>
<dt>Aurora</dt><dd>${plural(summary.databases.length, 'cluster')}</dd>
<dt>EFS</dt><dd>${plural(summary.fileSystems, 'volume')}</dd>
<dt>network</dt><dd>${plural(summary.availabilityZones.length, 'AZ')}, ${plural(summary.natGateways, 'NAT gateway')}</dd>
<dt>stacks</dt><dd>${summary.stacks.length} (${plural(resources, 'resource')})</dd>
</dl></div>`;
  });
  const external = (title: string, anchor: string, section: ExternalSection) => html`<div class="card${section.available ? '' : ' unavailable'}">
<h3><a href="#${anchor}">${title}</a></h3>
<p>${section.available ? section.headline ?? 'see below' : 'not available yet'}</p></div>`;
  return html`<div class="cards">${environmentCards}${external('Cost', 'cost', input.cost)}${external('Compliance', 'compliance', input.compliance)}</div>`;
}

function diagramFigure(diagram: EnvironmentDiagram): SafeHtml {
  const { model } = diagram;
  const toggle = `zoom-${diagram.environment}`;
  // The checkbox switches the diagram between fitted and full size with CSS alone.
  return html`<figure class="diagram" id="diagram-${diagram.environment}">
<input type="checkbox" class="zoom" id="${toggle}">
<figcaption>${diagram.environment} — ${plural(model.services.length, 'service')}, ${plural(model.databases.length, 'Aurora cluster')}, ${plural(model.fileSystems.length, 'EFS volume')}, ${plural(model.network.availabilityZones.length, 'AZ')}
<label for="${toggle}">full size</label></figcaption>
<div class="canvas" role="img" aria-label="Architecture of ${diagram.environment}">${raw(inlineSvg(diagram.svg))}</div>
</figure>`;
}

function externalSection(section: ExternalSection, command: string): SafeHtml {
  return section.available
    ? html`<pre class="report-text">${section.text}</pre>`
    : html`<p class="unavailable-note"><strong>Not available yet:</strong> ${section.reason}. Run <code>${command}</code> once it is.</p>`;
}

/** The report page as one HTML document. */
export function renderReport(input: ReportInput): string {
  const environments = input.plan.environments.map((e) => e.environment);
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>Portside report — ${input.project}</title>
<style>${raw(REPORT_CSS)}</style>
</head>
<body>
<header class="top">
<h1>${input.project}</h1>
<p>Portside report of <code>${input.manifestFile}</code>: ${plural(environments.length, 'environment')} (${environments.join(', ')}), from one synthesis of every stack</p>
<nav aria-label="sections"><ul>${REPORT_SECTIONS.map((section) => html`<li><a href="#${section.id}">${section.title}</a></li>`)}</ul></nav>
</header>
<main>
<section id="summary"><h2>Summary</h2>${summaryCards(input)}</section>
<section id="architecture"><h2>Architecture</h2>
<p>Each environment as Portside builds it, read from the synthesized templates: the delivery pipeline, the VPC with its public, private and isolated subnets in each Availability Zone, each service's load balancer, its Fargate tasks and the Aurora clusters and EFS volumes they use.</p>
${input.diagrams.map(diagramFigure)}</section>
<section id="plan"><h2>Plan</h2>
${sharedStacksSection(input.plan.shared)}
${input.plan.environments.map(environmentSection)}</section>
<section id="changes"><h2>Changes since the previous synthesis</h2>${diffSection(input.plan.diff)}</section>
<section id="cost"><h2>Cost</h2>${externalSection(input.cost, 'portside cost')}</section>
<section id="compliance"><h2>Compliance</h2>${externalSection(input.compliance, 'portside check')}</section>
</main>
<footer>Generated by Portside from <code>${input.manifestFile}</code>; diagrams laid out by Graphviz ${input.graphvizVersion}. This page is self-contained: it loads nothing and runs no script.</footer>
</body>
</html>
`;
  return page.value;
}
