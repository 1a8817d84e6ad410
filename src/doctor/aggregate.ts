// Aggregation in bounded structures (DESIGN §6): counts by cause, by target, per minute, and a
// few examples each. A tally is plain data (Maps and arrays), so worker threads send theirs to
// the main thread with postMessage and the main thread merges them.
import type { CauseId } from '../causes/index.ts';
import type { FormatId } from './event.ts';
import type { Alternative, Origin } from './rules/verdict.ts';

export const MAX_EXAMPLES = 3;
export const MAX_MALFORMED_EXAMPLES = 5;
export const MAX_TARGETS_PER_CAUSE = 200;

export interface Example {
  readonly file: string;
  readonly line: number;
  readonly timeMs: number;
  readonly requestId: string | null;
  readonly target: string | null;
  readonly status: number;
  readonly confidence: number;
  readonly evidence: readonly string[];
}

export interface CauseTally {
  count: number;
  gateway: number;
  target: number;
  client: number;
  /** The proxy retried and the client still got an answer. */
  recovered: number;
  /** The client got the status and part of the body, then the response was cut (body-phase causes). */
  afterHead: number;
  confidenceSum: number;
  /** Sum of each alternative's probability over this cause's findings. */
  alternatives: Map<CauseId, number>;
  howToTell: string | null;
  byTarget: Map<string, number>;
  examples: Example[];
  firstMs: number;
  lastMs: number;
}

export interface FileTally {
  format: FormatId;
  lines: number;
  bytes: number;
  malformed: number;
  malformedExamples: { line: number; text: string }[];
}

export interface TargetTally {
  requests: number;
  gateway5xx: number;
  target5xx: number;
  afterIdle: number;
  causes: Map<CauseId, number>;
}

export interface MinuteTally {
  total: number;
  gateway5xx: number;
  target5xx: number;
  causes: Map<CauseId, number>;
}

export interface Tally {
  files: Map<string, FileTally>;
  lines: number;
  bytes: number;
  byClass: { s1xx: number; s2xx: number; s3xx: number; s4xx: number; s5xx: number; none: number };
  gateway5xx: number;
  target5xx: number;
  clientFailures: number;
  recovered: number;
  causes: Map<CauseId, CauseTally>;
  targets: Map<string, TargetTally>;
  timeline: Map<number, MinuteTally>;
  firstMs: number;
  lastMs: number;
}

export function createTally(): Tally {
  return {
    files: new Map(),
    lines: 0,
    bytes: 0,
    byClass: { s1xx: 0, s2xx: 0, s3xx: 0, s4xx: 0, s5xx: 0, none: 0 },
    gateway5xx: 0,
    target5xx: 0,
    clientFailures: 0,
    recovered: 0,
    causes: new Map(),
    targets: new Map(),
    timeline: new Map(),
    firstMs: Number.POSITIVE_INFINITY,
    lastMs: Number.NEGATIVE_INFINITY,
  };
}

export function minuteOf(timeMs: number): number {
  return Math.floor(timeMs / 60000);
}

export function minuteTally(t: Tally, minute: number): MinuteTally {
  let m = t.timeline.get(minute);
  if (!m) {
    m = { total: 0, gateway5xx: 0, target5xx: 0, causes: new Map() };
    t.timeline.set(minute, m);
  }
  return m;
}

export function targetTally(t: Tally, name: string): TargetTally {
  let x = t.targets.get(name);
  if (!x) {
    x = { requests: 0, gateway5xx: 0, target5xx: 0, afterIdle: 0, causes: new Map() };
    t.targets.set(name, x);
  }
  return x;
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export interface FindingFacts {
  readonly cause: CauseId;
  readonly origin: Origin;
  readonly recovered: boolean;
  readonly confidence: number;
  readonly alternatives: readonly Alternative[];
  readonly howToTell: string | null;
  readonly example: Example;
}

export function addFinding(t: Tally, f: FindingFacts): void {
  let c = t.causes.get(f.cause);
  if (!c) {
    c = { count: 0, gateway: 0, target: 0, client: 0, recovered: 0, afterHead: 0, confidenceSum: 0, alternatives: new Map(), howToTell: null, byTarget: new Map(), examples: [], firstMs: Number.POSITIVE_INFINITY, lastMs: Number.NEGATIVE_INFINITY };
    t.causes.set(f.cause, c);
  }
  c.count++;
  if (f.recovered) c.recovered++;
  else if (f.origin === 'gateway') c.gateway++;
  else if (f.origin === 'target') c.target++;
  else if (f.origin === 'client') c.client++;
  else c.afterHead++;
  c.confidenceSum += f.confidence;
  for (const a of f.alternatives) bump(c.alternatives, a.cause, a.p);
  if (c.howToTell === null && f.howToTell !== null) c.howToTell = f.howToTell;
  const target = f.example.target;
  if (target !== null && (c.byTarget.has(target) || c.byTarget.size < MAX_TARGETS_PER_CAUSE)) bump(c.byTarget, target);
  if (c.examples.length < MAX_EXAMPLES) c.examples.push(f.example);
  const ms = f.example.timeMs;
  if (Number.isFinite(ms)) {
    if (ms < c.firstMs) c.firstMs = ms;
    if (ms > c.lastMs) c.lastMs = ms;
    bump(minuteTally(t, minuteOf(ms)).causes, f.cause);
  }
}

/** Merges `b` into `a` (worker results into the main tally). */
export function mergeTally(a: Tally, b: Tally): Tally {
  for (const [name, f] of b.files) {
    const x = a.files.get(name);
    if (!x) a.files.set(name, f);
    else {
      x.lines += f.lines;
      x.bytes += f.bytes;
      x.malformed += f.malformed;
      for (const ex of f.malformedExamples) if (x.malformedExamples.length < MAX_MALFORMED_EXAMPLES) x.malformedExamples.push(ex);
      x.malformedExamples.sort((p, q) => p.line - q.line);
    }
  }
  a.lines += b.lines;
  a.bytes += b.bytes;
  for (const k of Object.keys(a.byClass) as (keyof Tally['byClass'])[]) a.byClass[k] += b.byClass[k];
  a.gateway5xx += b.gateway5xx;
  a.target5xx += b.target5xx;
  a.clientFailures += b.clientFailures;
  a.recovered += b.recovered;
  for (const [id, c] of b.causes) {
    const x = a.causes.get(id);
    if (!x) {
      a.causes.set(id, c);
      continue;
    }
    x.count += c.count;
    x.gateway += c.gateway;
    x.target += c.target;
    x.client += c.client;
    x.recovered += c.recovered;
    x.afterHead += c.afterHead;
    x.confidenceSum += c.confidenceSum;
    for (const [k, v] of c.alternatives) bump(x.alternatives, k, v);
    x.howToTell ??= c.howToTell;
    for (const [k, v] of c.byTarget) if (x.byTarget.has(k) || x.byTarget.size < MAX_TARGETS_PER_CAUSE) bump(x.byTarget, k, v);
    for (const ex of c.examples) if (x.examples.length < MAX_EXAMPLES) x.examples.push(ex);
    x.firstMs = Math.min(x.firstMs, c.firstMs);
    x.lastMs = Math.max(x.lastMs, c.lastMs);
  }
  for (const [name, tt] of b.targets) {
    const x = targetTally(a, name);
    x.requests += tt.requests;
    x.gateway5xx += tt.gateway5xx;
    x.target5xx += tt.target5xx;
    x.afterIdle += tt.afterIdle;
    for (const [k, v] of tt.causes) bump(x.causes, k, v);
  }
  for (const [minute, m] of b.timeline) {
    const x = minuteTally(a, minute);
    x.total += m.total;
    x.gateway5xx += m.gateway5xx;
    x.target5xx += m.target5xx;
    for (const [k, v] of m.causes) bump(x.causes, k, v);
  }
  a.firstMs = Math.min(a.firstMs, b.firstMs);
  a.lastMs = Math.max(a.lastMs, b.lastMs);
  return a;
}

export { bump };
