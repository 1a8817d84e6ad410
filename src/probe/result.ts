// What one probe check reports. A check names the cause it rules in (at most one: the finding) and
// the causes its evidence rules out, so a reader can follow the troubleshooting method step by step.
import type { CauseId } from '../causes/index.ts';

export const CHECK_NAMES = [
  'dns',
  'tcp',
  'listeners',
  'tls',
  'protocol',
  'http',
  'framing',
  'head-size',
  'keep-alive',
  'via',
  'proxy-config',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'skip'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckResult {
  readonly check: CheckName;
  readonly status: CheckStatus;
  /** One-line summary shown next to the mark. */
  readonly summary: string;
  /** The facts observed, one per line, in the order they were seen. */
  readonly evidence: readonly string[];
  /** The cause this check rules in; null when it passed or when nothing in the catalogue fits. */
  readonly cause: CauseId | null;
  /** Causes the observed facts exclude for this target. */
  readonly rulesOut: readonly CauseId[];
  /** What to do about a warn or fail; null on pass and skip. */
  readonly fix: string | null;
  /** Numbers a machine may want (connectMs, handshakeMs, headBytes, idleTimeoutMs…), by name. */
  readonly measured?: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

/** A result before its duration is stamped by the runner. */
export type Verdict = Omit<CheckResult, 'durationMs'>;

export function pass(check: CheckName, summary: string, evidence: readonly string[], rulesOut: readonly CauseId[] = []): Verdict {
  return { check, status: 'pass', summary, evidence, cause: null, rulesOut, fix: null };
}

export function skip(check: CheckName, summary: string, evidence: readonly string[] = []): Verdict {
  return { check, status: 'skip', summary, evidence, cause: null, rulesOut: [], fix: null };
}

export function problem(
  check: CheckName,
  status: 'warn' | 'fail',
  summary: string,
  detail: { evidence: readonly string[]; cause: CauseId | null; fix: string; rulesOut?: readonly CauseId[] },
): Verdict {
  return { check, status, summary, evidence: detail.evidence, cause: detail.cause, rulesOut: detail.rulesOut ?? [], fix: detail.fix };
}

/** The probe's exit rule: any failed check means problems found. */
export function anyFailed(results: readonly CheckResult[]): boolean {
  return results.some((r) => r.status === 'fail');
}
