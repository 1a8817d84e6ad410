// A TLS handshake over an already connected TCP socket, so the handshake time is measured apart from
// the connect time (load balancers give a target 10 s for the handshake). Certificates are not
// enforced here: the TLS check judges them itself and reports every problem, not just the first.
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { connectTcp, type ConnectOutcome } from './connect.ts';

export type TlsOutcome =
  | { readonly kind: 'secure'; readonly socket: TLSSocket; readonly connectMs: number; readonly handshakeMs: number }
  | { readonly kind: 'connect-failed'; readonly outcome: Exclude<ConnectOutcome, { kind: 'connected' }> }
  | { readonly kind: 'error'; readonly code: string; readonly message: string; readonly connectMs: number; readonly handshakeMs: number }
  | { readonly kind: 'timeout'; readonly connectMs: number; readonly handshakeMs: number };

export interface TlsOptions {
  /** SNI and the name checked against the certificate; none for an address literal (RFC 6066 §3). */
  readonly servername: string;
  readonly ca: string | null;
  readonly timeoutMs: number;
  readonly alpn?: readonly string[];
}

export async function connectTls(address: string, port: number, options: TlsOptions): Promise<TlsOutcome> {
  const tcp = await connectTcp(address, port, options.timeoutMs);
  if (tcp.kind !== 'connected') return { kind: 'connect-failed', outcome: tcp };
  return handshake(tcp.socket, tcp.ms, options);
}

function handshake(socket: Socket, connectMs: number, options: TlsOptions): Promise<TlsOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const tls = tlsConnect({
      socket,
      servername: isIP(options.servername) === 0 ? options.servername : undefined,
      ALPNProtocols: [...(options.alpn ?? ['h2', 'http/1.1'])],
      rejectUnauthorized: false,
      ...(options.ca === null ? {} : { ca: options.ca }),
    });
    const elapsed = () => performance.now() - started;
    let settled = false;
    const settle = (outcome: TlsOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      tls.removeAllListeners('error');
      if (outcome.kind === 'secure') tls.on('error', () => {});
      else tls.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ kind: 'timeout', connectMs, handshakeMs: elapsed() }), options.timeoutMs);
    tls.once('secureConnect', () => settle({ kind: 'secure', socket: tls, connectMs, handshakeMs: elapsed() }));
    tls.once('error', (error: NodeJS.ErrnoException) =>
      settle({ kind: 'error', code: error.code ?? 'UNKNOWN', message: error.message, connectMs, handshakeMs: elapsed() }),
    );
  });
}

/**
 * Did the peer answer a TLS ClientHello with plain text? OpenSSL reports a non-TLS record as
 * "wrong version number" or "packet length too long" (an HTTP server's "HTTP/1.1 400" read as a
 * record header).
 */
export function looksLikePlainPeer(code: string, message: string): boolean {
  return /WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|RECORD_LAYER_FAILURE/i.test(`${code} ${message}`) || /wrong version number|packet length too long/i.test(message);
}
