// One TCP connect, classified the way the troubleshooting guides read `nc -zv`: refused (RST: the
// host is up, nothing listens), timed out (SYNs dropped: firewall or security group), unreachable
// (ICMP: no route), or connected, with the connect time.
import { Socket } from 'node:net';
import type { CauseId } from '../../causes/index.ts';

export type ConnectOutcome =
  | { readonly kind: 'connected'; readonly socket: Socket; readonly ms: number }
  | { readonly kind: 'refused'; readonly ms: number; readonly code: string }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'unreachable'; readonly ms: number; readonly code: string }
  /** The handshake completed and the peer reset at once, before Node saw the connect: accepted, then dropped. */
  | { readonly kind: 'reset'; readonly ms: number; readonly code: string }
  | { readonly kind: 'error'; readonly ms: number; readonly code: string };

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ENETDOWN', 'EHOSTDOWN']);

export function connectTcp(address: string, port: number, timeoutMs: number): Promise<ConnectOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    const elapsed = () => performance.now() - started;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ kind: 'timeout', ms: elapsed() });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // The caller attaches its own handlers; until then an RST must not become an uncaught error.
      socket.on('error', () => {});
      resolve({ kind: 'connected', socket, ms: elapsed() });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      const code = error.code ?? 'UNKNOWN';
      if (code === 'ECONNREFUSED') resolve({ kind: 'refused', ms: elapsed(), code });
      else if (code === 'ECONNRESET') resolve({ kind: 'reset', ms: elapsed(), code });
      else if (code === 'ETIMEDOUT') resolve({ kind: 'timeout', ms: elapsed() });
      else if (UNREACHABLE.has(code)) resolve({ kind: 'unreachable', ms: elapsed(), code });
      else resolve({ kind: 'error', ms: elapsed(), code });
    });
    socket.setNoDelay(true);
    socket.connect({ host: address, port });
  });
}

/** The cause a failed connect rules in. */
export function connectCause(outcome: Exclude<ConnectOutcome, { kind: 'connected' }>): CauseId {
  switch (outcome.kind) {
    case 'refused':
      return 'upstream_connect_refused';
    case 'timeout':
      return 'upstream_connect_timeout';
    case 'reset':
      return 'upstream_reset_before_response';
    case 'unreachable':
    case 'error':
      return 'upstream_unreachable';
  }
}
