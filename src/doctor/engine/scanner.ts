// The per-line loop (the hot path): split a buffer into lines with a native newline search, let
// the format's `quick` read status, time and target from the bytes, count, and only for lines
// that need it decode the full event, run the rules and record the finding.
import type { CauseId } from '../../causes/index.ts';
import { addFinding, createTally, MAX_MALFORMED_EXAMPLES, minuteOf, minuteTally, targetTally, type FileTally, type MinuteTally, type Tally } from '../aggregate.ts';
import type { LogEvent } from '../event.ts';
import { createQuickLine, type LineFormat } from '../formats/format.ts';
import { diagnose } from '../rules/index.ts';
import { originOf, type RuleContext, type Verdict } from '../rules/verdict.ts';
import type { DrainWindows } from '../infer/cloudtrail.ts';
import { createTargetTable } from './target-table.ts';

/** An idle gap at least this long before a failure points to a keep-alive race (Node's default keep-alive timeout is 5 s). */
export const IDLE_GAP_MS = 4000;

/** Causes where no target answered: a run of them on one target means it is down. */
const NO_ANSWER: ReadonlySet<CauseId> = new Set([
  'upstream_connect_refused', 'upstream_unreachable', 'upstream_connect_timeout', 'upstream_keepalive_race',
  'upstream_closed_before_response', 'upstream_reset_before_response', 'upstream_tls_failed', 'upstream_protocol_mismatch',
]);

export interface PerRequestRecord {
  readonly file: string;
  readonly line: number;
  readonly time: string | null;
  readonly request_id: string | null;
  readonly request: string | null;
  readonly status: number;
  readonly target: string | null;
  readonly cause: CauseId;
  readonly confidence: number;
  readonly alternatives: readonly { cause: CauseId; p: number }[];
  readonly evidence: readonly string[];
  readonly rule: string;
}

export interface ScannerOptions {
  readonly file: string;
  readonly format: LineFormat;
  /** Line number of the first line fed, minus one. */
  readonly firstLine?: number;
  readonly onRecord?: ((r: PerRequestRecord) => void) | null;
  readonly drains?: DrainWindows | null;
}

export interface Scanner {
  /** Feeds complete lines in buf[start, end) (a last line without newline is taken as complete). */
  feed(buf: Buffer, start: number, end: number): void;
  finish(): Tally;
  readonly lines: number;
}

export function createScanner(options: ScannerOptions): Scanner {
  const { file, format } = options;
  const onRecord = options.onRecord ?? null;
  const drains = options.drains ?? null;
  const tally = createTally();
  const ft: FileTally = { format: format.id, lines: 0, bytes: 0, malformed: 0, malformedExamples: [] };
  tally.files.set(file, ft);
  const table = createTargetTable();
  const q = createQuickLine();
  let lineNo = options.firstLine ?? 0;
  let curMinute = Number.NaN;
  let cur: MinuteTally | null = null;
  const by = tally.byClass;

  function malformed(buf: Buffer, s: number, e: number): void {
    ft.malformed++;
    if (ft.malformedExamples.length < MAX_MALFORMED_EXAMPLES) {
      ft.malformedExamples.push({ line: lineNo, text: buf.toString('utf8', s, Math.min(e, s + 300)) });
    }
  }

  function decodeLine(buf: Buffer, s: number, e: number, slot: number): void {
    const event = format.decode(buf, s, e, file, lineNo);
    if (event === null) {
      malformed(buf, s, e);
      return;
    }
    const t = q.timeMs;
    const ctx: RuleContext = slot < 0
      ? { gapMs: Number.NaN, failStreak: 0, prevOk: false, draining: false }
      : {
          gapMs: t - (table.lastSeenMs[slot] as number),
          failStreak: table.failStreak[slot] as number,
          prevOk: table.prevOk[slot] === 1,
          draining: drains !== null && event.target !== null && drains.isDraining(event.target, t),
        };
    const verdict = diagnose(event, ctx);
    // A relayed target 5xx the log itself cannot mark as such (NGINX combined + error log) is the target's.
    const origin = verdict !== null && verdict.cause === 'upstream_5xx' && event.status >= 500 ? 'target' : originOf(event);
    if (slot >= 0) {
      table.lastSeenMs[slot] = t;
      if (verdict !== null && origin === 'gateway' && NO_ANSWER.has(verdict.cause)) {
        table.failStreak[slot] = (table.failStreak[slot] as number) + 1;
        table.prevOk[slot] = 0;
        if (ctx.prevOk && ctx.gapMs >= IDLE_GAP_MS) table.afterIdle[slot] = (table.afterIdle[slot] as number) + 1;
      } else if (event.targetStatus !== null) {
        table.failStreak[slot] = 0;
        table.prevOk[slot] = 1;
      }
    }
    if (origin === 'gateway') {
      tally.gateway5xx++;
      if (cur) cur.gateway5xx++;
    } else if (origin === 'target') {
      tally.target5xx++;
      if (cur) cur.target5xx++;
    } else if (origin === 'client') tally.clientFailures++;
    if (verdict === null) return;
    record(event, verdict, origin);
  }

  function record(event: LogEvent, verdict: Verdict, origin: ReturnType<typeof originOf>): void {
    const recovered = origin === 'ok' && event.attempts !== null && event.attempts > 1 && NO_ANSWER.has(verdict.cause);
    if (recovered) tally.recovered++;
    const target = event.target;
    if (target !== null) {
      const tt = targetTally(tally, target);
      if (origin === 'gateway') tt.gateway5xx++;
      else if (origin === 'target') tt.target5xx++;
      tt.causes.set(verdict.cause, (tt.causes.get(verdict.cause) ?? 0) + 1);
    }
    addFinding(tally, {
      cause: verdict.cause,
      origin,
      recovered,
      confidence: verdict.confidence,
      alternatives: verdict.alternatives,
      howToTell: verdict.howToTell,
      example: {
        file,
        line: lineNo,
        timeMs: event.timeMs,
        requestId: event.requestId,
        target,
        status: event.status,
        confidence: verdict.confidence,
        evidence: verdict.evidence,
      },
    });
    if (onRecord !== null) {
      onRecord({
        file,
        line: lineNo,
        time: Number.isFinite(event.timeMs) ? new Date(event.timeMs).toISOString() : null,
        request_id: event.requestId,
        request: event.request,
        status: event.status,
        target,
        cause: verdict.cause,
        confidence: verdict.confidence,
        alternatives: verdict.alternatives,
        evidence: verdict.evidence,
        rule: verdict.rule,
      });
    }
  }

  function line(buf: Buffer, s: number, e: number): void {
    if (!format.quick(buf, s, e, q)) {
      malformed(buf, s, e);
      return;
    }
    ft.lines++;
    const st = q.status;
    if (st >= 500) by.s5xx++;
    else if (st >= 400) by.s4xx++;
    else if (st >= 300) by.s3xx++;
    else if (st >= 200) by.s2xx++;
    else if (st >= 100) by.s1xx++;
    else by.none++;
    const t = q.timeMs;
    if (t === t) {
      const m = minuteOf(t);
      if (m !== curMinute) {
        curMinute = m;
        cur = minuteTally(tally, m);
        if (t < tally.firstMs) tally.firstMs = t;
        if (t > tally.lastMs) tally.lastMs = t;
      }
      (cur as MinuteTally).total++;
    }
    let slot = -1;
    if (q.targetStart >= 0) {
      slot = table.slot(buf, q.targetStart, q.targetEnd);
      table.requests[slot] = (table.requests[slot] as number) + 1;
    }
    if (q.decode) decodeLine(buf, s, e, slot);
    else if (slot >= 0) {
      table.lastSeenMs[slot] = t;
      table.prevOk[slot] = 1;
      table.failStreak[slot] = 0;
    }
  }

  return {
    feed(buf, start, end) {
      ft.bytes += end - start;
      let pos = start;
      while (pos < end) {
        let nl = buf.indexOf(10, pos);
        if (nl < 0 || nl >= end) nl = end;
        let le = nl;
        if (le > pos && buf[le - 1] === 13) le--;
        lineNo++;
        if (le > pos) line(buf, pos, le);
        pos = nl + 1;
      }
    },
    finish() {
      // Track the last minute's bounds too (first/last are updated on minute change only).
      tally.lines = ft.lines + ft.malformed;
      tally.bytes = ft.bytes;
      const names = table.names();
      const addTarget = (i: number) => {
        const name = names[i];
        const n = table.requests[i] as number;
        if (name === undefined || n === 0) return;
        const tt = targetTally(tally, name);
        tt.requests += n;
        tt.afterIdle += table.afterIdle[i] as number;
      };
      // The used slots, then the overflow slot (the last): reading the holes between is slow.
      for (let i = 0; i < table.size; i++) addTarget(i);
      addTarget(table.requests.length - 1);
      if (cur !== null && Number.isFinite(curMinute)) {
        tally.lastMs = Math.max(tally.lastMs, curMinute * 60000 + 59999);
      }
      return tally;
    },
    get lines() {
      return lineNo;
    },
  };
}
