// A self-contained HTML page: inline CSS and SVG charts, no scripts, no external requests.
import type { CauseId } from '../../causes/index.ts';
import type { DoctorReport } from './model.ts';
import { esc, horizontalBars, PALETTE, stackedColumns } from './svg.ts';

export function renderHtml(r: DoctorReport): string {
  const s = r.summary;
  const top = r.causes.slice(0, 8).map((c) => c.id);
  const buckets = r.timeline.buckets;
  const series = top.map((id) => ({ name: id, values: buckets.map((b) => b.causes[id as CauseId] ?? 0) }));
  const byTime = buckets.length > 0 && series.length > 0 ? stackedColumns(buckets.map((b) => b.start.slice(0, 16).replace('T', ' ')), series) : '<p>No errors over time.</p>';
  const byTarget = r.targets.length > 0 ? horizontalBars(r.targets.map((t) => ({ label: t.target, value: t.gateway5xx + t.target5xx }))) : '<p>No targets.</p>';
  const byCause = r.causes.length > 0 ? horizontalBars(r.causes.map((c, i) => ({ label: c.id, value: c.count, color: PALETTE[i % PALETTE.length] as string }))) : '<p>No failed requests.</p>';
  const causeSections = r.causes
    .map((c) => {
      const fixes = c.fixes.map((f) => `<li>${esc(f.action)}${f.command ? `<pre>$ ${esc(f.command)}</pre>` : ''}${f.config ? `<pre>${esc(f.config)}</pre>` : ''}</li>`).join('');
      const alts = c.alternatives.length > 1 ? `<p>The log cannot fully tell: ${c.alternatives.map((a) => `<code>${a.cause}</code> ${Math.round(a.p * 100)}%`).join(', ')}.</p>${c.howToTell ? `<p><b>How to tell them apart:</b> ${esc(c.howToTell)}</p>` : ''}` : '';
      const ex = c.examples.map((e) => `<li><code>${esc(e.file)}:${e.line}</code>${e.requestId ? ` request <code>${esc(e.requestId)}</code>` : ''}: ${esc(e.evidence.join('; '))}</li>`).join('');
      return `<section><h3><code>${c.id}</code> — ${esc(c.title)}</h3><p>${c.count} request(s): ${c.gateway} proxy-made, ${c.target} target-made, ${c.client} client, ${c.recovered} recovered. Culprit: ${esc(c.culprit)}. Mean confidence ${Math.round(c.meanConfidence * 100)}%.</p>${alts}${fixes ? `<h4>Fix</h4><ul>${fixes}</ul>` : ''}${ex ? `<h4>Examples</h4><ul>${ex}</ul>` : ''}</section>`;
    })
    .join('');
  const files = r.files.map((f) => `<tr><td><code>${esc(f.file)}</code></td><td>${f.format ?? '?'}</td><td>${f.lines}</td><td>${f.malformed}${f.note ? ` — ${esc(f.note)}` : ''}${f.examples.length ? `<pre>${esc(f.examples.map((e) => `line ${e.line}: ${e.text}`).join('\n'))}</pre>` : ''}</td></tr>`).join('');
  const inferences = r.inferences.map((i) => `<li>${esc(i)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gatewise doctor report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}h1{font-size:1.5em}code,pre{font:12px ui-monospace,monospace;background:#f4f4f4;padding:1px 3px}pre{padding:6px;overflow:auto}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}.bad{color:#b00}.ok{color:#070}section{border-top:1px solid #ddd;margin-top:1em}</style>
</head><body>
<h1>gatewise doctor report</h1>
<p>${s.lines} lines in ${s.files} file(s)${s.first ? `, ${esc(s.first)} → ${esc(s.last ?? '')}` : ''}; ${s.malformed} malformed.</p>
<p class="${s.verdict === 'problems' ? 'bad' : 'ok'}"><b>${s.gatewayMade5xx}</b> 5xx made by the proxy / load balancer, <b>${s.targetMade5xx}</b> made by targets, ${s.clientFailures} client-side, ${s.recoveredByRetry} recovered by a retry.</p>
<h2>Errors by cause over time</h2>${byTime}
<h2>Errors by cause</h2>${byCause}
<h2>Errors by target</h2>${byTarget}
${inferences ? `<h2>What the lines say together</h2><ul>${inferences}</ul>` : ''}
<h2>Causes and fixes</h2>${causeSections || '<p>No failed requests.</p>'}
<h2>Files</h2><table><tr><th>file</th><th>format</th><th>lines</th><th>unreadable</th></tr>${files}</table>
</body></html>
`;
}
