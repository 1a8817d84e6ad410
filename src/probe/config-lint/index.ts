// The proxy-config checkers as `gatewise check` runs them: findings formatted one per line,
// `FILE:LINE: rule: message [cause]. Fix: …`, errors apart from warnings.
import { readListeners } from '../listeners/proc-net-tcp.ts';
import { NODE_KEEPALIVE_MS, type LintFinding, type LintOptions } from './finding.ts';
import { lintHaproxyFile } from './haproxy/lint.ts';
import { lintNginxFile } from './nginx/lint.ts';
import { NginxSyntaxError } from './nginx/tokenize.ts';

export type { LintFinding, LintOptions } from './finding.ts';
export { lintNginxDump, lintNginxFile } from './nginx/lint.ts';
export { lintHaproxyFile } from './haproxy/lint.ts';

export interface FormattedFindings {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

export function formatFinding(finding: LintFinding): string {
  const cause = finding.cause ? ` [${finding.cause}]` : '';
  return `${finding.file}:${finding.line}: ${finding.rule}: ${finding.message}${cause}. Fix: ${finding.fix}`;
}

function split(findings: readonly LintFinding[]): FormattedFindings {
  return {
    errors: findings.filter((f) => f.severity === 'error').map(formatFinding),
    warnings: findings.filter((f) => f.severity === 'warning').map(formatFinding),
  };
}

/** Defaults for the CLI: this host's sockets, Node's 5 s keep-alive for targets, ALB's 60 s idle in front. */
export async function defaultLintOptions(overrides: Partial<LintOptions> = {}): Promise<LintOptions> {
  return {
    targetKeepAliveMs: NODE_KEEPALIVE_MS,
    targetKeepAliveMeasured: false,
    observedHeadBytes: null,
    listeners: await readListeners(),
    lbIdleMs: 60_000,
    ...overrides,
  };
}

export async function checkNginxConfig(path: string, overrides: Partial<LintOptions> = {}): Promise<FormattedFindings> {
  try {
    return split(lintNginxFile(path, await defaultLintOptions(overrides)).findings);
  } catch (error) {
    if (error instanceof NginxSyntaxError) return { errors: [error.message], warnings: [] };
    throw error;
  }
}

export async function checkHaproxyConfig(path: string, overrides: Partial<LintOptions> = {}): Promise<FormattedFindings> {
  return split(lintHaproxyFile(path, await defaultLintOptions(overrides)));
}
