// The report as data: everything the terminal, JSON, Markdown and HTML renderers show, built once
// from the doctor's result. Renderers only format it.
import { causeOf, type CauseId, type Remedy } from '../../causes/index.ts';
import type { Example } from '../aggregate.ts';
import { OVERFLOW_TARGET } from '../engine/target-table.ts';
import type { Burst } from '../infer/bursts.ts';
import { IDLE_GAP_MS } from '../engine/scanner.ts';
import type { DoctorResult } from '../run.ts';
import { fixesFor } from './fixes.ts';

export interface CauseRow {
  readonly id: CauseId;
  readonly title: string;
  readonly culprit: string;
  readonly count: number;
  readonly gateway: number;
  readonly target: number;
  readonly client: number;
  readonly recovered: number;
  readonly afterHead: number;
  readonly meanConfidence: number;
  readonly alternatives: readonly { cause: CauseId; p: number }[];
  readonly howToTell: string | null;
  readonly topTargets: readonly { target: string; count: number }[];
  readonly first: string | null;
  readonly last: string | null;
  readonly explanation: string;
  readonly fixes: readonly Remedy[];
  readonly examples: readonly Example[];
}

export interface TargetRow {
  readonly target: string;
  readonly requests: number;
  readonly gateway5xx: number;
  readonly target5xx: number;
  readonly errorRate: number;
  readonly afterIdle: number;
  readonly topCause: CauseId | null;
}

export interface Bucket {
  readonly start: string;
  readonly startMs: number;
  readonly total: number;
  readonly gateway5xx: number;
  readonly target5xx: number;
  readonly causes: Readonly<Partial<Record<CauseId, number>>>;
}

export interface DoctorReport {
  readonly summary: {
    readonly files: number;
    readonly lines: number;
    readonly bytes: number;
    readonly malformed: number;
    readonly elapsedMs: number;
    readonly linesPerSecond: number;
    readonly first: string | null;
    readonly last: string | null;
    readonly statuses: { readonly '1xx': number; readonly '2xx': number; readonly '3xx': number; readonly '4xx': number; readonly '5xx': number; readonly none: number };
    readonly gatewayMade5xx: number;
    readonly targetMade5xx: number;
    readonly clientFailures: number;
    readonly recoveredByRetry: number;
    readonly verdict: 'clean' | 'problems';
  };
  readonly causes: readonly CauseRow[];
  readonly targets: readonly TargetRow[];
  readonly timeline: { readonly bucketMinutes: number; readonly buckets: readonly Bucket[] };
  readonly bursts: readonly (Burst & { readonly start: string; readonly end: string })[];
  readonly inferences: readonly string[];
  readonly files: readonly { readonly file: string; readonly format: string | null; readonly lines: number; readonly malformed: number; readonly examples: readonly { line: number; text: string }[]; readonly note: string | null }[];
}

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

function topOf<K>(map: ReadonlyMap<K, number>, n: number): [K, number][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

const MAX_BUCKETS = 120;

export function buildReport(result: DoctorResult): DoctorReport {
  const t = result.tally;
  const causes: CauseRow[] = [...t.causes.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([id, c]) => {
      const cause = causeOf(id);
      return {
        id,
        title: cause.title,
        culprit: cause.culprits.join('/'),
        count: c.count,
        gateway: c.gateway,
        target: c.target,
        client: c.client,
        recovered: c.recovered,
        afterHead: c.afterHead,
        meanConfidence: Math.round((c.confidenceSum / c.count) * 100) / 100,
        alternatives: topOf(c.alternatives, 4).map(([cause, sum]) => ({ cause, p: Math.round((sum / c.count) * 100) / 100 })),
        howToTell: c.howToTell,
        topTargets: topOf(c.byTarget, 5).map(([target, count]) => ({ target, count })),
        first: iso(c.firstMs),
        last: iso(c.lastMs),
        explanation: cause.explanation,
        fixes: fixesFor(id),
        examples: c.examples,
      };
    });

  const targets: TargetRow[] = [...t.targets.entries()]
    .filter(([name]) => name !== OVERFLOW_TARGET || true)
    .map(([target, x]) => {
      const top = topOf(x.causes, 1)[0];
      const requests = Math.max(x.requests, x.gateway5xx + x.target5xx);
      return { target, requests, gateway5xx: x.gateway5xx, target5xx: x.target5xx, errorRate: requests === 0 ? 0 : (x.gateway5xx + x.target5xx) / requests, afterIdle: x.afterIdle, topCause: top ? top[0] : null };
    })
    .sort((a, b) => b.gateway5xx + b.target5xx - (a.gateway5xx + a.target5xx) || b.requests - a.requests)
    .slice(0, 10);

  // Coarsen the per-minute timeline to at most MAX_BUCKETS buckets.
  const minutes = [...t.timeline.keys()].sort((a, b) => a - b);
  const span = minutes.length === 0 ? 0 : (minutes[minutes.length - 1] as number) - (minutes[0] as number) + 1;
  const steps = [1, 5, 10, 15, 30, 60, 120, 360, 720, 1440, 10080];
  const bucketMinutes = steps.find((s) => span / s <= MAX_BUCKETS) ?? Math.ceil(span / MAX_BUCKETS);
  const buckets = new Map<number, { total: number; gateway5xx: number; target5xx: number; causes: Partial<Record<CauseId, number>> }>();
  for (const m of minutes) {
    const x = t.timeline.get(m);
    if (!x) continue;
    const k = Math.floor(m / bucketMinutes) * bucketMinutes;
    const b = buckets.get(k) ?? { total: 0, gateway5xx: 0, target5xx: 0, causes: {} };
    b.total += x.total;
    b.gateway5xx += x.gateway5xx;
    b.target5xx += x.target5xx;
    for (const [c, n] of x.causes) b.causes[c] = (b.causes[c] ?? 0) + n;
    buckets.set(k, b);
  }
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  const bucketList: Bucket[] = [];
  // Empty buckets between the first and the last are kept, so charts show quiet periods as gaps.
  for (let k = keys[0] ?? 0; keys.length > 0 && k <= (keys[keys.length - 1] as number); k += bucketMinutes) {
    const b = buckets.get(k) ?? { total: 0, gateway5xx: 0, target5xx: 0, causes: {} };
    bucketList.push({ start: iso(k * 60000) as string, startMs: k * 60000, ...b });
  }

  const malformed = [...t.files.values()].reduce((s, f) => s + f.malformed, 0);
  const inferences = infer(result, causes, targets);
  const seconds = result.elapsedMs / 1000;
  return {
    summary: {
      files: result.files.length,
      lines: t.lines,
      bytes: t.bytes,
      malformed,
      elapsedMs: Math.round(result.elapsedMs),
      linesPerSecond: seconds > 0 ? Math.round(t.lines / seconds) : 0,
      first: iso(t.firstMs),
      last: iso(t.lastMs),
      statuses: { '1xx': t.byClass.s1xx, '2xx': t.byClass.s2xx, '3xx': t.byClass.s3xx, '4xx': t.byClass.s4xx, '5xx': t.byClass.s5xx, none: t.byClass.none },
      gatewayMade5xx: t.gateway5xx,
      targetMade5xx: t.target5xx,
      clientFailures: t.clientFailures,
      recoveredByRetry: t.recovered,
      verdict: t.gateway5xx > 0 ? 'problems' : 'clean',
    },
    causes,
    targets,
    timeline: { bucketMinutes, buckets: bucketList },
    bursts: result.bursts.map((b) => ({ ...b, start: iso(b.startMs) as string, end: iso(b.endMs) as string })),
    inferences,
    files: result.files.map((f) => {
      const ft = t.files.get(f.display);
      return { file: f.display, format: f.format, lines: ft?.lines ?? 0, malformed: ft?.malformed ?? 0, examples: ft?.malformedExamples ?? [], note: f.note };
    }),
  };
}

/** What the lines together say that no single line does. */
function infer(result: DoctorResult, causes: readonly CauseRow[], targets: readonly TargetRow[]): string[] {
  const out: string[] = [];
  const t = result.tally;
  const total5xx = t.gateway5xx + t.target5xx;
  if (total5xx > 0) {
    const share = Math.round((t.gateway5xx / total5xx) * 100);
    out.push(`${t.gateway5xx} of ${total5xx} 5xx (${share}%) were made by the proxy/load balancer (no usable answer from a target); ${t.target5xx} were the targets' own answers passed through.`);
  }
  const idle = targets.reduce((s, x) => s + x.afterIdle, 0);
  if (idle > 0) {
    const on = targets.filter((x) => x.afterIdle > 0).map((x) => x.target).slice(0, 3);
    out.push(`${idle} failures with no answer came right after an idle gap of ≥ ${IDLE_GAP_MS / 1000} s on the same target (${on.join(', ')}): the signature of a keep-alive race — the target closes idle connections before the proxy does.`);
  }
  const withErrors = targets.filter((x) => x.requests >= 20 && x.gateway5xx + x.target5xx > 0);
  if (withErrors.length >= 2) {
    const rates = withErrors.map((x) => x.errorRate).sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)] as number;
    for (const x of withErrors) {
      if (x.errorRate > Math.max(0.01, median * 2)) {
        out.push(`Target ${x.target} is malfunctioning: ${(x.errorRate * 100).toFixed(1)}% of its ${x.requests} requests failed (median of targets with errors: ${(median * 100).toFixed(1)}%), mostly ${x.topCause ?? 'unknown'}.`);
      }
    }
  }
  for (const b of result.bursts) {
    const ev = b.events.length > 0 ? `; CloudTrail: ${b.events.map((e) => `${e.name} ${e.targets.join(',')} at ${new Date(e.timeMs).toISOString()}`).join('; ')}` : '';
    out.push(`Burst of ${b.gateway5xx} proxy-made 5xx from ${new Date(b.startMs).toISOString()} to ${new Date(b.endMs).toISOString()}, mostly ${b.topCause ?? 'unknown'}${ev}.`);
  }
  if (result.targetEvents.length > 0 && result.bursts.every((b) => b.events.length === 0)) {
    out.push(`${result.targetEvents.length} CloudTrail target (de)registrations, none within 5 minutes of a 5xx burst.`);
  }
  const draining = causes.find((c) => c.id === 'upstream_draining_expired');
  if (draining) out.push(`${draining.count} 502s hit targets inside their deregistration window (CloudTrail DeregisterTargets).`);
  return out;
}
