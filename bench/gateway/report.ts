// The comparison table, the ratios of Gatewise to each peer and the goal check, as text and JSON.
// A row that saw any error (non-2xx, socket error, timeout) is shown but not ranked: no ratio is
// computed against it, and a Gatewise row with errors meets no goal.
import type { RowResult } from './measure-proxy.ts';
import type { ProxyCoreShares } from './proc.ts';

type Measured = Extract<RowResult, { status: 'measured' }>;

export const GOALS = {
  cpuVsNginx: 2, // Gatewise CPU/request ≤ 2× NGINX's
  p99Us: 2000, // p99 < 2 ms at half the peak rate
  rssMb: 100, // peak RSS < 100 MB
} as const;

export interface GoalCheck {
  readonly goal: string;
  readonly verdict: 'met' | 'not met' | 'unknown';
  readonly detail: string;
}

export interface Ratios {
  readonly peer: string;
  /** Gatewise CPU/request ÷ the peer's (below 1: Gatewise spends less). */
  readonly cpuPerRequest: number | null;
  /** Gatewise req/s ÷ the peer's (above 1: Gatewise is faster). */
  readonly throughput: number | null;
}

/** Above this share of the proxy's core taken by other processes or the hypervisor, the row gets a note. */
const CONTENTION_NOTE = 0.05;
/** What competed with the proxy for its core. Softirq time is not counted: on loopback it is the
 * network path of the proxy's own packets (the receiver's TCP runs in the sender's softirq). */
const contention = (s: ProxyCoreShares | null): number => (s === null ? 0 : s.otherProcesses + s.steal);
const contentionText = (s: ProxyCoreShares): string => `${s.steal >= 0.01 ? 'other processes and the hypervisor' : 'other processes'} took ${percent(s.otherProcesses + s.steal)} of its core`;
/**
 * Above this p99 of the open-loop generator's own send delay, the row's latency gets a note. Its
 * 100 µs tick (open-loop.c) puts the usual p99 near 0.2 ms; beyond 0.3 ms the load core is late.
 */
const LAG_NOTE_US = 300;
/** Above this busy share of the load core during the half-rate run, the row's latency gets a note. */
const LOAD_CORE_NOTE = 0.9;

const clean = (r: RowResult | undefined): r is Measured => r?.status === 'measured' && r.errors === 0;
const halfP99 = (r: Measured): number | undefined => ('openLoop' in r.half ? r.half.openLoop.latencyUs.p99 : undefined);
const halfP50 = (r: Measured): number | undefined => ('openLoop' in r.half ? r.half.openLoop.latencyUs.p50 : undefined);

export function ratios(rows: readonly RowResult[]): Ratios[] {
  const gw = rows.find((r) => r.id === 'gatewise');
  return rows
    .filter((r) => !r.id.startsWith('gatewise'))
    .map((peer) => ({
      peer: peer.id,
      cpuPerRequest: clean(gw) && clean(peer) ? gw.peak.cpuUsPerRequest / peer.peak.cpuUsPerRequest : null,
      throughput: clean(gw) && clean(peer) ? gw.peak.rps / peer.peak.rps : null,
    }));
}

/** Why a Gatewise latency figure may say more about the machine than about Gatewise. */
function latencyCaveat(gw: Measured): string {
  if (!('openLoop' in gw.half)) return '';
  const why: string[] = [];
  const shares = gw.half.proxyCore;
  if (shares !== null && contention(shares) > CONTENTION_NOTE) why.push(contentionText(shares));
  if (gw.half.loadCoreBusy !== null && gw.half.loadCoreBusy > LOAD_CORE_NOTE) why.push(`load core ${percent(gw.half.loadCoreBusy)} busy`);
  if (gw.half.openLoop.lagUs.p99 > LAG_NOTE_US) why.push(`generator lag p99 ${ms(gw.half.openLoop.lagUs.p99)} ms`);
  return why.length > 0 ? `; shared machine: ${why.join(', ')}` : '';
}

/**
 * The native peers' own p99 at their half peaks in the same run: the floor this machine sets (a
 * stall of the host, a kernel thread or the load core delays every proxy alike).
 */
function peersP99(rows: readonly RowResult[]): string {
  const said = rows
    .filter((r): r is Measured => (r.id === 'nginx' || r.id === 'haproxy') && clean(r))
    .flatMap((r) => {
      const p99 = halfP99(r);
      return p99 === undefined ? [] : [`${r.label.replace(/ \(.*\)$/, '')} ${ms(p99)} ms`];
    });
  return said.length > 0 ? ` (this run at their half peaks: ${said.join(', ')})` : '';
}

export function checkGoals(rows: readonly RowResult[]): GoalCheck[] {
  const gw = rows.find((r) => r.id === 'gatewise');
  const nginx = rows.find((r) => r.id === 'nginx');
  const why = !gw ? 'the gatewise row was not run' : gw.status !== 'measured' ? 'gatewise was not measured' : `gatewise had ${gw.errors} errors`;
  const checks: GoalCheck[] = [];
  const cpuGoal = `Gatewise CPU/request ≤ ${GOALS.cpuVsNginx}× NGINX`;
  if (clean(gw) && clean(nginx)) {
    const ratio = gw.peak.cpuUsPerRequest / nginx.peak.cpuUsPerRequest;
    const busy = [gw, nginx]
      .filter((r) => contention(r.peak.proxyCore) > CONTENTION_NOTE)
      .map((r) => `${r.id}'s core ${(contention(r.peak.proxyCore) * 100).toFixed(0)} % used by others`);
    const caveat = busy.length > 0 ? `; shared machine: ${busy.join(', ')}` : '';
    checks.push({ goal: cpuGoal, verdict: ratio <= GOALS.cpuVsNginx ? 'met' : 'not met', detail: `${ratio.toFixed(2)}× (${us(gw.peak.cpuUsPerRequest)} vs ${us(nginx.peak.cpuUsPerRequest)} µs${caveat})` });
  } else {
    checks.push({ goal: cpuGoal, verdict: 'unknown', detail: clean(gw) ? 'NGINX was not measured cleanly' : why });
  }
  const p99Goal = `p99 < ${GOALS.p99Us / 1000} ms at half peak`;
  const p99 = clean(gw) ? halfP99(gw) : undefined;
  if (!clean(gw)) checks.push({ goal: p99Goal, verdict: 'unknown', detail: why });
  else if (p99 === undefined) checks.push({ goal: p99Goal, verdict: 'unknown', detail: 'the half-rate run failed' });
  else checks.push({ goal: p99Goal, verdict: p99 < GOALS.p99Us ? 'met' : 'not met', detail: `${ms(p99)} ms${latencyCaveat(gw)}${peersP99(rows)}` });
  const rssGoal = `RSS < ${GOALS.rssMb} MB`;
  checks.push(
    clean(gw)
      ? { goal: rssGoal, verdict: gw.rssPeakMb < GOALS.rssMb ? 'met' : 'not met', detail: `${gw.rssPeakMb.toFixed(1)} MB peak RSS (PSS at the end ${gw.pssEndMb.toFixed(1)} MB)` }
      : { goal: rssGoal, verdict: 'unknown', detail: why },
  );
  return checks;
}

const us = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—');
const ms = (microseconds: number): string => (microseconds / 1000).toFixed(2);
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const times = (n: number | null): string => (n === null ? '—' : `${n.toFixed(2)}×`);

const percent = (share: number): string => `${(share * 100).toFixed(0)} %`;

/** What a reader must know to trust (or not) a row's figures, in a few words each. */
function rowNotes(row: Measured): string[] {
  const notes: string[] = [];
  if (row.errors > 0) notes.push(`errors ${JSON.stringify(row.errorDetail)}`);
  const peakShares = row.peak.proxyCore;
  if (peakShares !== null && contention(peakShares) > CONTENTION_NOTE) notes.push(`${contentionText(peakShares)} at peak (req/s low; CPU/request barely affected)`);
  if ('error' in row.half) {
    notes.push(`half-rate run failed: ${row.half.error}`);
    return notes;
  }
  const { lagUs, queued, measured } = row.half.openLoop;
  const halfShares = row.half.proxyCore;
  if (halfShares !== null && contention(halfShares) > CONTENTION_NOTE) notes.push(`${contentionText(halfShares)} at half rate`);
  const busy = row.half.loadCoreBusy;
  if (busy !== null && busy > LOAD_CORE_NOTE) notes.push(`load core ${percent(busy)} busy at half rate (latency includes the load side)`);
  if (queued > 0) notes.push(`${int(queued)} of ${int(measured)} half-rate requests queued for a busy connection`);
  if (lagUs.p99 > LAG_NOTE_US) notes.push(`generator send lag p99 ${ms(lagUs.p99)} ms (inside the latency)`);
  return notes;
}

export function renderTable(rows: readonly RowResult[]): string {
  const header = ['proxy', 'req/s', 'CPU µs/req', 'p50 ms', 'p99 ms', '@ req/s', 'RSS MB', 'errors', 'GW CPU ×', 'GW req/s ×'];
  const byPeer = new Map(ratios(rows).map((r) => [r.peer, r]));
  const body: string[][] = [];
  const notes: string[] = [];
  for (const row of rows) {
    if (row.status !== 'measured') {
      body.push([row.label, row.reason]);
      continue;
    }
    const ratio = byPeer.get(row.id);
    const p50 = halfP50(row);
    const p99 = halfP99(row);
    body.push([
      row.label,
      int(row.peak.rps),
      us(row.peak.cpuUsPerRequest),
      p50 === undefined ? '—' : ms(p50),
      p99 === undefined ? '—' : ms(p99),
      'rate' in row.half ? int(row.half.rate) : '—',
      row.rssPeakMb.toFixed(1),
      row.errors === 0 ? '0' : `${row.errors} (not ranked)`,
      ratio ? times(ratio.cpuPerRequest) : '',
      ratio ? times(ratio.throughput) : '',
    ]);
    const said = rowNotes(row);
    if (said.length > 0) notes.push(`${row.label}: ${said.join('; ')}`);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r.length === header.length ? (r[i] ?? '').length : 0))));
  const line = (cells: string[]): string =>
    cells.length === header.length
      ? cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
      : `${(cells[0] ?? '').padEnd(widths[0] ?? 0)}  ${cells[1] ?? ''}`;
  const legend = [
    'CPU µs/req: the proxy\'s own CPU time (all its processes) per request at peak. p50/p99: open loop at half the peak rate (@ req/s).',
    'GW CPU ×: Gatewise (1 worker) CPU/request ÷ the row\'s (below 1: Gatewise cheaper). GW req/s ×: Gatewise req/s ÷ the row\'s.',
  ];
  return [line(header), ...body.map(line), '', ...legend, ...(notes.length ? ['', ...notes.map((n) => `  ${n}`)] : [])].join('\n');
}

export function renderSummary(rows: readonly RowResult[]): string {
  const out: string[] = [];
  const gw = rows.find((r) => r.id === 'gatewise');
  const logged = rows.find((r) => r.id === 'gatewise-log');
  const two = rows.find((r) => r.id === 'gatewise-w2');
  if (clean(gw) && clean(logged)) {
    const extra = logged.peak.cpuUsPerRequest - gw.peak.cpuUsPerRequest;
    const lines = logged.accessLogLines ?? 0;
    const written =
      logged.accessLogBytes === undefined
        ? 'no log file found'
        : `${int(lines)} lines for ${int(logged.requestsServed)} requests (${percent(lines / logged.requestsServed)}), ${int(logged.accessLogBytes)} bytes${lines < 0.99 * logged.requestsServed ? '; lines were dropped, so this cost is understated' : ''}`;
    out.push(`access log cost: ${extra >= 0 ? '+' : ''}${us(extra)} µs CPU/request; req/s with the log ÷ without: ${times(logged.peak.rps / gw.peak.rps)} (${written})`);
  }
  if (clean(gw) && clean(two)) {
    out.push(`scaling 1 → 2 workers: ${int(gw.peak.rps)} → ${int(two.peak.rps)} req/s (${times(two.peak.rps / gw.peak.rps)}; the 2-worker row shares its second core with wrk and the backend)`);
  }
  out.push(`goal: Gatewise CPU/request ≤ ${GOALS.cpuVsNginx}× NGINX; p99 < ${GOALS.p99Us / 1000} ms at half peak; RSS < ${GOALS.rssMb} MB`);
  for (const check of checkGoals(rows)) out.push(`  ${check.verdict === 'met' ? 'met    ' : check.verdict === 'not met' ? 'NOT MET' : 'unknown'}  ${check.goal}: ${check.detail}`);
  return out.join('\n');
}
