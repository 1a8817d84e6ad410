// The terminal report: what happened, who made the errors, which targets, when, and for each
// cause what to do — readable without any docs.
import type { DoctorReport } from './model.ts';

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const pct = (n: number, of: number) => (of === 0 ? '0%' : `${((n / of) * 100).toFixed(n / of < 0.01 ? 2 : 1)}%`);
const num = (n: number) => n.toLocaleString('en-US');
const BARS = ' ▁▂▃▄▅▆▇█';

export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 || v === 0 ? ' ' : BARS[Math.max(1, Math.round((v / max) * 8))])).join('');
}

export function renderTerminal(r: DoctorReport, p: Paint): string {
  const s = r.summary;
  const out: string[] = [];
  const total = s.lines - s.malformed;
  out.push(p.bold('gatewise doctor'));
  out.push(`${num(s.lines)} lines in ${s.files} file(s)${s.first ? `, ${s.first} → ${s.last}` : ''}; ${num(s.malformed)} malformed; read in ${(s.elapsedMs / 1000).toFixed(2)} s (${num(s.linesPerSecond)} lines/s)`);
  out.push(`statuses: 2xx ${num(s.statuses['2xx'])}  3xx ${num(s.statuses['3xx'])}  4xx ${num(s.statuses['4xx'])}  5xx ${num(s.statuses['5xx'])}${s.statuses.none ? `  none ${num(s.statuses.none)}` : ''}`);
  out.push('');
  out.push(p.bold('Who made the 5xx'));
  const all5 = s.gatewayMade5xx + s.targetMade5xx;
  out.push(`  ${p.red(`proxy/load balancer made: ${num(s.gatewayMade5xx)}`)} (${pct(s.gatewayMade5xx, all5)}) — no usable answer from a target; fix the target or the path to it`);
  out.push(`  target made:              ${num(s.targetMade5xx)} (${pct(s.targetMade5xx, all5)}) — the app answered 5xx itself; its own logs have the error`);
  if (s.clientFailures) out.push(`  client side (499/460/4xx by the proxy): ${num(s.clientFailures)}`);
  if (s.recoveredByRetry) out.push(`  recovered by a proxy retry (the client got an answer): ${num(s.recoveredByRetry)}`);
  out.push('');
  if (r.causes.length === 0) {
    out.push(p.green('No failed requests found.'));
  } else {
    out.push(p.bold('Causes'));
    const w = Math.max(...r.causes.map((c) => c.id.length));
    for (const c of r.causes) {
      const split = [c.gateway ? `${c.gateway} proxy-made` : '', c.target ? `${c.target} target-made` : '', c.client ? `${c.client} client` : '', c.recovered ? `${c.recovered} recovered` : '', c.afterHead ? `${c.afterHead} cut after the head` : ''].filter(Boolean).join(', ');
      out.push(`  ${p.yellow(c.id.padEnd(w))}  ${String(c.count).padStart(8)}  ${pct(c.count, total).padStart(6)}  confidence ${Math.round(c.meanConfidence * 100)}%  ${p.dim(split)}`);
    }
  }
  if (r.targets.some((t) => t.gateway5xx + t.target5xx > 0)) {
    out.push('');
    out.push(p.bold('Top targets by errors'));
    for (const t of r.targets.filter((x) => x.gateway5xx + x.target5xx > 0).slice(0, 5)) {
      out.push(`  ${t.target.padEnd(24)} ${num(t.requests).padStart(10)} requests  ${num(t.gateway5xx)} proxy-made 5xx  ${num(t.target5xx)} target 5xx  (${pct(t.gateway5xx + t.target5xx, t.requests)})${t.topCause ? `  mostly ${t.topCause}` : ''}`);
    }
  }
  if (r.timeline.buckets.length > 1) {
    out.push('');
    out.push(p.bold(`Timeline (${r.timeline.bucketMinutes} min per column)`));
    const b = r.timeline.buckets;
    out.push(`  requests     |${sparkline(b.map((x) => x.total))}|`);
    out.push(`  proxy 5xx    |${p.red(sparkline(b.map((x) => x.gateway5xx)))}|`);
    out.push(`  target 5xx   |${sparkline(b.map((x) => x.target5xx))}|`);
    out.push(`  ${p.dim(`${b[0]?.start ?? ''} … ${b[b.length - 1]?.start ?? ''}`)}`);
  }
  if (r.inferences.length > 0) {
    out.push('');
    out.push(p.bold('What the lines say together'));
    const bursts = r.inferences.filter((i) => i.startsWith('Burst'));
    for (const i of r.inferences.filter((x) => !x.startsWith('Burst'))) out.push(`  • ${i}`);
    for (const i of bursts.slice(0, 5)) out.push(`  • ${i}`);
    if (bursts.length > 5) out.push(`  • … and ${bursts.length - 5} more bursts (see --json or --html)`);
  }
  for (const c of r.causes) {
    out.push('');
    out.push(`${p.bold(p.yellow(c.id))} — ${c.title} (${num(c.count)}; culprit: ${c.culprit})`);
    if (c.explanation && c.explanation !== c.title && c.explanation !== `${c.title}.`) out.push(`  ${c.explanation}`);
    if (c.alternatives.length > 1) {
      out.push(`  The log cannot fully tell: ${c.alternatives.map((a) => `${a.cause} ${Math.round(a.p * 100)}%`).join(', ')}`);
      if (c.howToTell) out.push(`  How to tell them apart: ${c.howToTell}`);
    }
    if (c.topTargets.length > 0) out.push(`  targets: ${c.topTargets.map((t) => `${t.target} (${t.count})`).join(', ')}`);
    const ex = c.examples[0];
    if (ex) out.push(p.dim(`  e.g. ${ex.file}:${ex.line}${ex.requestId ? ` request ${ex.requestId}` : ''}: ${ex.evidence.join('; ')}`));
    if (c.fixes.length > 0) {
      out.push('  Fix:');
      for (const f of c.fixes) {
        out.push(`   - ${f.action}`);
        const indent = (text: string) => text.split('\n').map((l) => `       ${p.cyan(l)}`).join('\n');
        if (f.command) out.push(indent(`$ ${f.command}`));
        if (f.config) out.push(indent(f.config));
      }
    }
  }
  const bad = r.files.filter((f) => f.malformed > 0 || f.note);
  if (bad.length > 0) {
    out.push('');
    out.push(p.bold('Lines the doctor could not read'));
    for (const f of bad) {
      out.push(`  ${f.file} (${f.format ?? 'unknown format'}): ${num(f.malformed)} line(s)${f.note ? ` — ${f.note}` : ''}`);
      for (const e of f.examples.slice(0, 3)) out.push(p.dim(`    line ${e.line}: ${e.text.slice(0, 160)}`));
    }
  }
  out.push('');
  out.push(s.verdict === 'problems' ? p.red(`${num(s.gatewayMade5xx)} proxy-made 5xx found (exit 1).`) : p.green('No proxy-made 5xx (exit 0).'));
  return `${out.join('\n')}\n`;
}
