import { NIST80053R5Checks } from 'cdk-nag';
import { buildApp } from '../src/infra/app';
import { readFileSync } from 'node:fs';
import { parseManifest } from '../src/manifest';
const plan = parseManifest(readFileSync('/work/main/portside.yaml','utf8'),'portside.yaml').plan;
const { app } = buildApp(plan, { compliance: false });
const report = new NIST80053R5Checks().validateScope(app);
const counts = new Map<string, string[]>();
for (const v of report.violations) {
  const rule = v.ruleName.replace(/\[.*$/, '');
  for (const r of v.violatingResources) { const l = counts.get(rule) ?? []; l.push(r.constructPath!); counts.set(rule, l); }
}
for (const [rule, paths] of [...counts].sort()) console.log(rule, paths.length, paths.slice(0,3).join(' | '));
