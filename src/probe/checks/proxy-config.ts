// --proxy-config: lint the NGINX or HAProxy config in front of the target with what the probe just
// measured — the target's real keep-alive idle timeout instead of Node's assumed 5 s, and the
// response head size it saw — so "keepalive_timeout 60s against a 5 s target" is a fact, not a guess.
import { readFileSync } from 'node:fs';
import { defaultLintOptions, formatFinding, lintHaproxyFile, lintNginxFile } from '../config-lint/index.ts';
import { NginxSyntaxError } from '../config-lint/nginx/tokenize.ts';
import type { LintFinding } from '../config-lint/finding.ts';
import type { ProbeFacts, ProbeOptions } from '../context.ts';
import { formatMs } from '../duration.ts';
import { pass, problem, skip, type CheckResult, type Verdict } from '../result.ts';

export function proxyConfigKind(path: string, text: string): 'nginx' | 'haproxy' {
  // NGINX first: its `listen` directive would look like an HAProxy section keyword.
  if (/^\s*(http|server|upstream|events)\s*\{/m.test(text) || /^# configuration file /m.test(text)) return 'nginx';
  return /haproxy/i.test(path) || /^(frontend|backend|listen|defaults|global)\b/m.test(text) ? 'haproxy' : 'nginx';
}

export async function checkProxyConfig(options: ProbeOptions, facts: ProbeFacts, keepAlive: CheckResult | undefined): Promise<Verdict> {
  const path = options.proxyConfig;
  if (path === null) return skip('proxy-config', 'no --proxy-config given');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return problem('proxy-config', 'fail', `cannot read ${path}`, { evidence: [`${path}: ${(error as NodeJS.ErrnoException).code}`], cause: null, fix: 'Check the path; for NGINX, `nginx -T > dump.txt` gives one file with every include.' });
  }
  const measuredIdle = keepAlive?.measured?.idleTimeoutMs;
  const headBytes = facts.exchange?.kind === 'response' ? facts.exchange.head.headBytes : null;
  const lintOptions = await defaultLintOptions({
    ...(measuredIdle !== undefined ? { targetKeepAliveMs: measuredIdle, targetKeepAliveMeasured: true } : {}),
    observedHeadBytes: headBytes,
    lbIdleMs: options.lbIdleMs,
  });
  const kind = proxyConfigKind(path, text);
  let findings: readonly LintFinding[];
  try {
    findings = kind === 'nginx' ? lintNginxFile(path, lintOptions).findings : lintHaproxyFile(path, lintOptions);
  } catch (error) {
    if (error instanceof NginxSyntaxError) return problem('proxy-config', 'fail', 'the NGINX config does not parse', { evidence: [error.message], cause: null, fix: 'nginx -t shows the same place.' });
    throw error;
  }
  const inputs = `${kind} config ${path}; target keep-alive ${formatMs(lintOptions.targetKeepAliveMs)} (${measuredIdle !== undefined ? 'measured' : 'assumed: Node default'}), response head ${headBytes ?? '?'} bytes, LB idle ${formatMs(options.lbIdleMs)}`;
  if (findings.length === 0) return pass('proxy-config', `no mistake found in ${path}`, [inputs]);
  const errors = findings.filter((f) => f.severity === 'error');
  const first = errors[0] ?? findings[0] as LintFinding;
  return problem('proxy-config', errors.length > 0 ? 'fail' : 'warn', `${errors.length} error(s), ${findings.length - errors.length} warning(s) in ${path}`, {
    evidence: [inputs, ...findings.map(formatFinding)],
    cause: first.cause,
    fix: `Change the lines listed (each with its fix); then run the probe again. First: ${first.fix}`,
  });
}
