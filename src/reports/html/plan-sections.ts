/**
 * The plan as HTML: the shared stacks and their pipelines, each environment's stacks, services and
 * databases, and what changed since the previous synthesis (stateful replacements first, loudly).
 */
import type { PlanDiff, StackDiff, StatefulLoss } from '../plan-diff';
import { fixedNameFailure, strategySwitchWarning } from '../plan-diff-format';
import { DATABASE_COLUMNS, DATABASE_USER_COLUMNS, databaseRows, databaseUserRows, SERVICE_COLUMNS, serviceRows } from '../plan-format';
import type { EnvironmentSummary, SharedStackSummary } from '../plan-summary';
import { html, SafeHtml } from './html';

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}


/** A table; cells that are numbers are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | number | SafeHtml)[])[], caption?: string): SafeHtml {
  if (rows.length === 0) return html``;
  return html`<table>${caption ? html`<caption>${caption}</caption>` : ''}
<thead><tr>${header.map((cell) => html`<th scope="col">${cell}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${row.map((cell) => (typeof cell === 'number' ? html`<td class="num">${cell}</td>` : html`<td>${cell}</td>`))}</tr>
`)}</tbody></table>`;
}

/** The stacks shared by the environments (delivery, per-account stacks) and the delivery pipelines. */
export function sharedStacksSection(stacks: readonly SharedStackSummary[]): SafeHtml {
  if (stacks.length === 0) return html``;
  return html`<article class="stack-group" id="plan-shared">
<h3>Shared stacks <span class="muted">delivery and per-account stacks, used by every environment</span></h3>
${table(['stack', 'account', 'region', 'resources', 'template KB'], stacks.map((s) => [s.stackName, s.account, s.region, s.resources, Math.ceil(s.templateBytes / 1024)]))}
${stacks.filter((stack) => stack.pipelines.length > 0).map((stack) => table(['pipeline', 'source', 'then'],
    stack.pipelines.map((p) => [p.name, html`<code>${p.source}</code>`, p.steps.join(' → ')]),
    `Pipelines of ${stack.stackName}: the source branch, then build, approvals and environments in order`))}
</article>`;
}

export function environmentSection(summary: EnvironmentSummary): SafeHtml {
  const resources = summary.stacks.reduce((sum, s) => sum + s.resources, 0);
  const byType = Object.entries(summary.resourcesByType);
  return html`<article class="environment" id="plan-${summary.environment}">
<h3>Environment ${summary.environment} <span class="muted">account ${summary.account} · ${summary.region} · ${plural(summary.stacks.length, 'stack')}, ${plural(resources, 'resource')}</span></h3>
<dl class="facts">
<dt>Network</dt><dd>${plural(summary.availabilityZones.length, 'AZ')} (${summary.availabilityZones.join(', ')}), ${plural(summary.natGateways, 'NAT gateway')}, interface endpoints: ${summary.interfaceEndpoints.length > 0 ? summary.interfaceEndpoints.join(', ') : 'none'}</dd>
<dt>Storage</dt><dd>${plural(summary.fileSystems, 'EFS file system')}, ${plural(summary.accessPoints, 'access point')}</dd>
</dl>
${table(['stack', 'resources', 'template KB', 'termination protection'], summary.stacks.map((s) => [s.stackName, s.resources, Math.ceil(s.templateBytes / 1024), s.terminationProtection ? 'yes' : 'no']), 'Stacks')}
${table(SERVICE_COLUMNS, serviceRows(summary), 'Services')}
${table(DATABASE_COLUMNS, databaseRows(summary), 'Aurora clusters')}
${table(DATABASE_USER_COLUMNS, databaseUserRows(summary), 'Database users (one per service and database, never the master)')}
<details><summary>Resources by type (${plural(byType.length, 'type')})</summary>
${table(['type', 'count'], byType.map(([type, count]) => [type, count]))}
</details>
</article>`;
}

const LOSS_EFFECT: Readonly<Record<string, string>> = {
  Retain: 'the old one is kept (DeletionPolicy Retain) but no longer managed',
  Snapshot: 'the old one is deleted after a final snapshot (DeletionPolicy Snapshot)',
  Delete: 'the old one is DELETED with its data',
};

function lossItem(loss: StatefulLoss): SafeHtml {
  const failure = fixedNameFailure(loss);
  if (failure) {
    return html`<li>${loss.stackName}: <strong>deploy will fail</strong>: ${loss.type} <code>${loss.logicalId}</code>: ${failure}</li>`;
  }
  const what = loss.kind === 'replaced'
    ? html`<strong>replaces</strong> ${loss.type} <code>${loss.logicalId}</code>: ${loss.properties.join(', ')} changed, so CloudFormation creates a new one`
    : html`<strong>removes</strong> ${loss.type} <code>${loss.logicalId}</code> (gone from the template, or its logical id changed)`;
  return html`<li>${loss.stackName}: ${what}; ${LOSS_EFFECT[loss.deletionPolicy] ?? `DeletionPolicy ${loss.deletionPolicy}`}</li>`;
}

function stackChanges(stack: StackDiff): SafeHtml {
  if (stack.status === 'added') return html`<li><span class="badge added">added</span> ${stack.stackName}</li>`;
  if (stack.status === 'removed') {
    return html`<li><span class="badge removed">no longer in the app</span> ${stack.stackName} (a deploy does not delete it; <code>cdk destroy</code> does)</li>`;
  }
  const lines = [
    ...stack.added.map((r) => html`<li class="added">+ ${r.type} <code>${r.logicalId}</code></li>`),
    ...stack.changed.map((r) => html`<li class="changed">~ ${r.type} <code>${r.logicalId}</code> (${r.properties.join(', ')})</li>`),
    ...stack.removed.map((r) => html`<li class="removed">− ${r.type} <code>${r.logicalId}</code></li>`),
  ];
  return html`<li><span class="badge changed">changed</span> ${stack.stackName}: ${stack.added.length} added, ${stack.changed.length} changed, ${stack.removed.length} removed
<ul class="resource-changes">${lines}</ul></li>`;
}

export function diffSection(diff: PlanDiff): SafeHtml {
  if (!diff.hasPrevious) {
    return html`<p class="note">No earlier synthesis in the output directory, so everything above is new. The next report (or plan) into the same directory shows what changed.</p>`;
  }
  const changed = diff.stacks.filter((stack) => stack.status !== 'unchanged');
  if (changed.length === 0) return html`<p class="note">Nothing changed since the previous synthesis.</p>`;
  return html`${diff.statefulLosses.length > 0 ? html`<div class="danger" role="alert">
<p><strong>${plural(diff.statefulLosses.length, 'stateful resource')} would be replaced or removed — read before deploying:</strong></p>
<ul>${diff.statefulLosses.map(lossItem)}</ul></div>` : ''}
${diff.strategySwitches.length > 0 ? html`<div class="danger" role="alert"><ul>${diff.strategySwitches.map((change) => html`<li>${strategySwitchWarning(change)}</li>`)}</ul></div>` : ''}
<p>${plural(changed.length, 'stack')} changed since the previous synthesis:</p>
<ul class="stack-changes">${changed.map(stackChanges)}</ul>`;
}
