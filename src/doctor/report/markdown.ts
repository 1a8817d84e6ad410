// The report as Markdown (for tickets and pull requests).
import type { DoctorReport } from './model.ts';

const esc = (s: string) => s.replace(/\|/g, '\\|');

export function renderMarkdown(r: DoctorReport): string {
  const s = r.summary;
  const o: string[] = [];
  o.push('# gatewise doctor report', '');
  o.push(`${s.lines} lines in ${s.files} file(s)${s.first ? ` from ${s.first} to ${s.last}` : ''}; ${s.malformed} malformed.`, '');
  o.push('| | count |', '|---|---:|');
  o.push(`| 5xx made by the proxy / load balancer | ${s.gatewayMade5xx} |`, `| 5xx made by targets | ${s.targetMade5xx} |`, `| client-side failures | ${s.clientFailures} |`, `| recovered by a retry | ${s.recoveredByRetry} |`, '');
  if (r.causes.length > 0) {
    o.push('## Causes', '', '| cause | count | proxy-made | target-made | confidence | alternatives |', '|---|---:|---:|---:|---:|---|');
    for (const c of r.causes) o.push(`| \`${c.id}\` | ${c.count} | ${c.gateway} | ${c.target} | ${Math.round(c.meanConfidence * 100)}% | ${c.alternatives.length > 1 ? c.alternatives.map((a) => `${a.cause} ${Math.round(a.p * 100)}%`).join(', ') : ''} |`);
    o.push('');
  }
  if (r.targets.length > 0) {
    o.push('## Targets', '', '| target | requests | proxy-made 5xx | target 5xx | error rate | main cause |', '|---|---:|---:|---:|---:|---|');
    for (const t of r.targets) o.push(`| ${esc(t.target)} | ${t.requests} | ${t.gateway5xx} | ${t.target5xx} | ${(t.errorRate * 100).toFixed(2)}% | ${t.topCause ?? ''} |`);
    o.push('');
  }
  if (r.inferences.length > 0) {
    o.push('## What the lines say together', '');
    for (const i of r.inferences) o.push(`- ${i}`);
    o.push('');
  }
  if (r.timeline.buckets.length > 0) {
    o.push(`## Timeline (${r.timeline.bucketMinutes} min buckets, with errors)`, '', '| from | requests | proxy 5xx | target 5xx |', '|---|---:|---:|---:|');
    for (const b of r.timeline.buckets.filter((x) => x.gateway5xx + x.target5xx > 0).slice(0, 50)) o.push(`| ${b.start} | ${b.total} | ${b.gateway5xx} | ${b.target5xx} |`);
    o.push('');
  }
  for (const c of r.causes) {
    o.push(`## \`${c.id}\` — ${c.title}`, '');
    o.push(`${c.count} request(s); culprit: ${c.culprit}.`, '');
    if (c.howToTell) o.push(`**How to tell the alternatives apart:** ${c.howToTell}`, '');
    const ex = c.examples[0];
    if (ex) o.push(`Example: \`${ex.file}:${ex.line}\`${ex.requestId ? ` (request ${ex.requestId})` : ''} — ${ex.evidence.join('; ')}`, '');
    if (c.fixes.length > 0) {
      o.push('**Fix:**', '');
      for (const f of c.fixes) o.push(`- ${f.action}${f.command ? `\n  \`\`\`sh\n  ${f.command}\n  \`\`\`` : ''}${f.config ? `\n  \`${f.config}\`` : ''}`);
      o.push('');
    }
  }
  const bad = r.files.filter((f) => f.malformed > 0 || f.note);
  if (bad.length > 0) {
    o.push('## Lines the doctor could not read', '');
    for (const f of bad) {
      o.push(`- \`${f.file}\` (${f.format ?? 'unknown'}): ${f.malformed}${f.note ? ` — ${f.note}` : ''}`);
      for (const e of f.examples.slice(0, 3)) o.push(`  - line ${e.line}: \`${e.text.slice(0, 160).replace(/`/g, "'")}\``);
    }
    o.push('');
  }
  return o.join('\n');
}
