/** The report's stylesheet, inlined: the page makes no request of its own. */
import { KIND_STYLES } from '../diagram/palette';

export const REPORT_CSS = `
:root { --ink: #1d2330; --muted: #5b6372; --line: #d8dde5; --soft: #f5f7fa; --accent: ${KIND_STYLES.service.stroke};
  --danger: #b42318; --danger-bg: #fef3f2; --ok: #067647; --warn-bg: #fffaeb; --warn: #93370d; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
body { margin: 0; line-height: 1.45; font-size: 15px; }
header.top { background: #232f3e; color: #fff; padding: 20px 32px 0; }
header.top h1 { margin: 0; font-size: 26px; }
header.top p { margin: 4px 0 14px; color: #c9d1dc; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 4px; flex-wrap: wrap; }
nav a { display: inline-block; padding: 8px 14px; color: #fff; text-decoration: none; border-bottom: 3px solid transparent; }
nav a:hover, nav a:focus { border-bottom-color: var(--accent); }
main { padding: 8px 32px 40px; max-width: 1500px; }
section { margin-top: 28px; }
h2 { font-size: 21px; border-bottom: 2px solid var(--line); padding-bottom: 6px; }
h3 { font-size: 17px; margin: 22px 0 8px; }
.muted { color: var(--muted); font-weight: normal; font-size: 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 14px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; background: var(--soft); }
.card h3 { margin: 0 0 6px; }
.card dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; font-size: 14px; }
.card dt { color: var(--muted); }
.card dd { margin: 0; }
.card.unavailable { background: var(--warn-bg); border-color: #fedf89; }
.facts { display: grid; grid-template-columns: auto 1fr; gap: 2px 14px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 10px 0 16px; font-size: 14px; min-width: 50%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
pre.report-text { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow-x: auto; font-size: 12.5px; }
details summary { cursor: pointer; color: var(--muted); margin: 6px 0; }
figure.diagram { margin: 16px 0 26px; border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
figure.diagram figcaption { font-weight: 600; margin-bottom: 6px; display: flex; gap: 16px; align-items: baseline; }
figure.diagram .canvas { overflow-x: auto; }
figure.diagram svg { max-width: 100%; height: auto; display: block; }
.zoom { position: absolute; opacity: 0; }
figure.diagram label { font-weight: normal; font-size: 13px; color: var(--muted); cursor: pointer; text-decoration: underline; }
.zoom:focus-visible ~ figcaption label { outline: 2px solid var(--accent); }
.zoom:checked ~ figcaption label::after { content: " (on)"; }
.zoom:checked ~ .canvas svg { max-width: none; }
.note { background: var(--soft); border-left: 4px solid var(--line); padding: 8px 12px; }
.unavailable-note { background: var(--warn-bg); border-left: 4px solid #fdb022; padding: 10px 14px; color: var(--warn); }
.danger { background: var(--danger-bg); border: 1px solid #fecdca; border-left: 5px solid var(--danger); padding: 6px 14px; color: var(--danger); }
.badge { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 10px; background: var(--soft); border: 1px solid var(--line); }
.badge.added { color: var(--ok); border-color: #abefc6; background: #ecfdf3; }
.badge.removed { color: var(--danger); border-color: #fecdca; background: var(--danger-bg); }
.badge.changed { color: var(--warn); border-color: #fedf89; background: var(--warn-bg); }
ul.resource-changes { font-size: 13px; }
li.added { color: var(--ok); }
li.removed { color: var(--danger); }
footer { color: var(--muted); font-size: 13px; padding: 16px 32px; border-top: 1px solid var(--line); }
@media print { header.top { background: #fff; color: var(--ink); } nav { display: none; } figure.diagram { break-inside: avoid; } }
`;
