// Keep-alive: measure how long the target keeps an idle connection open after a response (the
// connection the HTTP check left idle), and compare it with the load balancer's idle timeout. When
// the target closes first, the balancer may send the next request on a socket the target just
// closed: upstream_keepalive_race (ALB 502 with target status "-", NGINX "upstream prematurely
// closed connection", HAProxy SH--). AWS: the target's keep-alive must exceed the ALB idle timeout.
import type { Socket } from 'node:net';
import type { ProbeFacts, ProbeOptions } from '../context.ts';
import { formatMs } from '../duration.ts';
import { exchange } from '../net/exchange.ts';
import { pass, problem, skip, type Verdict } from '../result.ts';

/** The target must outlast the balancer's idle timeout by this much for the probe to call it safe. */
export const KEEPALIVE_MARGIN_MS = 1000;

export const KEEPALIVE_FIX =
  'Make the target keep idle connections longer than the load balancer (or lower the balancer\'s idle timeout below the target\'s): ' +
  'Node: server.keepAliveTimeout = 65_000 and server.headersTimeout = 66_000; ' +
  'gunicorn: --keep-alive 65; uvicorn: --timeout-keep-alive 65; ' +
  'Go: http.Server{IdleTimeout: 65 * time.Second}; Apache: KeepAliveTimeout 65; NGINX as target: keepalive_timeout 65s; ' +
  'behind NGINX set the upstream keepalive_timeout below the target\'s.';

type Closed = { kind: 'fin' | 'rst' | 'data'; ms: number; bytes?: number } | { kind: 'open'; ms: number };

function waitForClose(socket: Socket, since: number, boundMs: number, signal?: AbortSignal): Promise<Closed> {
  return new Promise((resolve) => {
    const elapsed = () => performance.now() - since;
    const done = (closed: Closed) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('data');
      socket.removeAllListeners('end');
      socket.removeAllListeners('close');
      socket.on('error', () => {});
      socket.destroy();
      resolve(closed);
    };
    const onAbort = () => done({ kind: 'open', ms: elapsed() });
    const timer = setTimeout(() => done({ kind: 'open', ms: elapsed() }), Math.max(0, boundMs - elapsed()));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => done({ kind: 'data', ms: elapsed(), bytes: chunk.length }));
    socket.on('end', () => done({ kind: 'fin', ms: elapsed() }));
    socket.on('error', (error: NodeJS.ErrnoException) => done({ kind: error.code === 'ECONNRESET' ? 'rst' : 'fin', ms: elapsed() }));
    socket.on('close', () => done({ kind: 'fin', ms: elapsed() }));
    if (socket.destroyed) done({ kind: 'fin', ms: elapsed() });
    else socket.resume();
  });
}

export async function checkKeepAlive(options: ProbeOptions, facts: ProbeFacts): Promise<Verdict> {
  const result = facts.exchange;
  if (result === null || result.kind !== 'response') return skip('keep-alive', 'no complete response: see the http check');
  const { head } = result;
  const lb = options.lbIdleMs;
  const hint = head.keepAliveTimeoutSec >= 0 ? `Keep-Alive: timeout=${head.keepAliveTimeoutSec}` : null;
  const evidence: string[] = hint ? [`the target announces ${hint}`] : [];
  if (!result.idleSocket) {
    if (head.connectionClose || !head.keepAlive) {
      return pass('keep-alive', 'the target closes after each response: no idle connection to race on', [
        ...evidence,
        `response says ${head.connectionClose ? 'Connection: close' : head.version === 10 ? 'HTTP/1.0 without keep-alive' : 'no reusable framing'}: a proxy opens a new connection per request`,
      ], ['upstream_keepalive_race']);
    }
    return skip('keep-alive', 'the response did not complete cleanly: see the framing check', evidence);
  }
  // Reuse first: a second request on the same connection must be answered (a target that drops
  // reused connections races at any idle time), then the idle time is measured after that answer.
  const request = { method: 'GET', path: options.target.path, authority: options.target.authority } as const;
  const reused = await exchange(result.idleSocket, request, { timeoutMs: options.timeoutMs });
  if (reused.kind !== 'response') {
    const how = reused.kind === 'closed' ? `${reused.reset ? 'RST' : 'FIN'} after ${formatMs(reused.ms)}, ${reused.bytes} bytes` : reused.kind === 'timeout' ? `no answer within ${formatMs(reused.ms)}` : `a malformed head (${reused.error.code})`;
    return problem('keep-alive', 'fail', 'the target drops a second request on a kept-alive connection', {
      evidence: [...evidence, `the first response kept the connection open; the second request on it got ${how}`],
      cause: 'upstream_keepalive_race',
      fix: 'The target must either answer every request on a connection it keeps open or say "Connection: close" on the response before: a proxy reusing the connection gets no answer (NGINX "upstream prematurely closed connection", HAProxy SH--).',
    });
  }
  evidence.push(`a second request on the same connection was answered (${reused.head.status}) after ${formatMs(reused.totalMs)}`);
  if (!reused.idleSocket) {
    return pass('keep-alive', 'the target closes the connection after the second response', [...evidence, 'no idle connection left to race on'], ['upstream_keepalive_race']);
  }
  const bound = Math.min(options.maxKeepAliveWaitMs, lb + KEEPALIVE_MARGIN_MS);
  const closed = await waitForClose(reused.idleSocket, reused.completedAt, bound, options.signal);
  evidence.push(`load balancer idle timeout ${formatMs(lb)}${options.lbIdleMs === 60_000 ? ' (ALB default; NGINX upstream keepalive_timeout default)' : ''}`);
  if (closed.kind === 'data') {
    return problem('keep-alive', 'fail', `the target sent ${closed.bytes} unsolicited bytes on the idle connection`, {
      evidence: [...evidence, `${closed.bytes} bytes arrived ${formatMs(closed.ms)} after the response ended, with no request`],
      cause: 'upstream_bad_framing',
      fix: 'The previous response was longer than its framing said, or the target writes stray bytes: a proxy would read them as the next response.',
    });
  }
  if (closed.kind === 'open') {
    if (closed.ms >= lb + KEEPALIVE_MARGIN_MS - 5) {
      return pass('keep-alive', `idle connection still open after ${formatMs(closed.ms)} > LB idle ${formatMs(lb)}`, [...evidence, `no FIN or RST within ${formatMs(closed.ms)} of idleness`], ['upstream_keepalive_race']);
    }
    return problem('keep-alive', 'warn', `not measured past ${formatMs(closed.ms)} (below the LB idle ${formatMs(lb)})`, {
      evidence: [...evidence, `still open when the wait bound (--max-keepalive-wait) ended at ${formatMs(closed.ms)}`],
      cause: null,
      fix: `Run again with --max-keepalive-wait above ${formatMs(lb + KEEPALIVE_MARGIN_MS)} to prove the target outlasts the balancer.`,
    });
  }
  const how = closed.kind === 'rst' ? 'RST' : 'FIN';
  evidence.unshift(`the target closed the idle connection (${how}) after ${formatMs(closed.ms)}`);
  if (closed.ms < lb + KEEPALIVE_MARGIN_MS) {
    return {
      ...problem('keep-alive', 'fail', `target closes idle connections after ${formatMs(closed.ms)}, before the LB's ${formatMs(lb)}`, {
        evidence: [...evidence, `the balancer may reuse the connection for up to ${formatMs(lb)}: requests sent after ${formatMs(closed.ms)} of idleness meet a closed socket`],
        cause: 'upstream_keepalive_race',
        fix: KEEPALIVE_FIX,
      }),
      measured: { idleTimeoutMs: Math.round(closed.ms) },
    };
  }
  return { ...pass('keep-alive', `target keeps idle connections ${formatMs(closed.ms)} > LB idle ${formatMs(lb)}`, evidence, ['upstream_keepalive_race']), measured: { idleTimeoutMs: Math.round(closed.ms) } };
}

