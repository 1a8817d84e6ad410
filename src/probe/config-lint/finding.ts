// One mistake found in a proxy config: where it is (file and line), which cause it leads to, and
// the change that removes it.
import type { CauseId } from '../../causes/index.ts';
import type { Listener } from '../listeners/proc-net-tcp.ts';

export interface LintFinding {
  readonly file: string;
  readonly line: number;
  /** Stable rule id, e.g. "nginx/upstream-port-closed". */
  readonly rule: string;
  /** error: produces 502s as configured; warning: a risk under conditions the message names. */
  readonly severity: 'error' | 'warning';
  /** The cause the mistake produces; null when it costs performance or safety but makes no error by itself. */
  readonly cause: CauseId | null;
  readonly message: string;
  readonly fix: string;
}

export interface LintOptions {
  /** The keep-alive idle timeout assumed for targets (Node's default 5 s) unless measured by the probe. */
  readonly targetKeepAliveMs: number;
  /** Whether targetKeepAliveMs was measured (gatewise probe) or assumed: a measured race is an error. */
  readonly targetKeepAliveMeasured: boolean;
  /** The largest response head seen from the targets (gatewise probe's head-size check), if known. */
  readonly observedHeadBytes: number | null;
  /** This host's listening sockets; null skips the "nothing listens" rule (not on the proxy's host). */
  readonly listeners: readonly Listener[] | null;
  /** Idle timeout of a load balancer in front of this proxy (ALB default 60 s): the proxy's client-side keep-alive must outlast it. */
  readonly lbIdleMs: number;
}

export const NODE_KEEPALIVE_MS = 5000;

export function byPosition(a: LintFinding, b: LintFinding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
}
