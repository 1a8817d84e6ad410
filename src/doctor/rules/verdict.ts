// What a rule concludes about one log event: a cause, how sure, what else it could be and why.
import type { CauseId } from '../../causes/index.ts';
import type { LogEvent } from '../event.ts';

export interface Alternative {
  readonly cause: CauseId;
  /** Probability in [0, 1]; the alternatives of a verdict, its own cause first, sum to 1. */
  readonly p: number;
}

export interface Verdict {
  readonly cause: CauseId;
  readonly confidence: number;
  readonly alternatives: readonly Alternative[];
  readonly evidence: readonly string[];
  /** When the log cannot separate the alternatives: what would. */
  readonly howToTell: string | null;
  /** Name of the rule that decided (for --per-request and tests). */
  readonly rule: string;
}

/** Facts about the same target before this line (engine/target-table.ts). */
export interface RuleContext {
  /** Milliseconds since the previous request to this target ended; NaN when none seen. */
  readonly gapMs: number;
  /** Consecutive no-answer failures on this target right before this line. */
  readonly failStreak: number;
  /** The previous request to this target got an answer. */
  readonly prevOk: boolean;
  /** The target was deregistered shortly before (CloudTrail). */
  readonly draining: boolean;
}

export const NO_CONTEXT: RuleContext = { gapMs: Number.NaN, failStreak: 0, prevOk: false, draining: false };

export interface Rule {
  readonly name: string;
  apply(e: LogEvent, ctx: RuleContext): Verdict | null;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** A verdict from weighted candidates: normalised, sorted, the first is the cause. */
export function weigh(
  rule: string,
  weights: Partial<Record<CauseId, number>>,
  evidence: readonly string[],
  howToTell: string | null = null,
): Verdict {
  const entries = (Object.entries(weights) as [CauseId, number][]).filter(([, w]) => w > 0);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const alternatives = entries
    .map(([cause, w]) => ({ cause, p: Math.round((w / total) * 1000) / 1000 }))
    .sort((a, b) => b.p - a.p);
  const top = alternatives[0] as Alternative;
  return { cause: top.cause, confidence: top.p, alternatives, evidence, howToTell: alternatives.length > 1 ? howToTell : null, rule };
}

export function sure(rule: string, cause: CauseId, confidence: number, evidence: readonly string[]): Verdict {
  return { cause, confidence, alternatives: [{ cause, p: confidence }], evidence, howToTell: null, rule };
}

/** Who made the status the client got. */
export type Origin = 'target' | 'gateway' | 'client' | 'ok';

export function originOf(e: LogEvent): Origin {
  if (e.status >= 500) return e.targetStatus !== null && e.targetStatus === e.status ? 'target' : 'gateway';
  // NGINX logs "009" when it relayed an answer without an HTTP head (HTTP/0.9): broken for the client.
  if (e.status > 0 && e.status < 100) return 'gateway';
  if (e.status === 0 || e.status === 499 || e.status === 460) return 'client';
  if (e.status >= 400 && e.targetStatus === null) return 'client';
  return 'ok';
}

export function fmtTimes(e: LogEvent): string {
  const t = e.times;
  const f = (v: number | null) => (v === null ? '-' : String(v));
  return `request/target/response processing times ${f(t.request)} ${f(t.header)} ${f(t.response)}`;
}
