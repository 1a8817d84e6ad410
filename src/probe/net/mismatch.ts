// The two protocol mismatches, each tried only after the expected protocol failed: plain HTTP sent
// to a TLS port, and TLS sent to a plain port. Each helper answers with a line of evidence when the
// other protocol works, else null.
import type { ProbeTarget } from '../target.ts';
import { connectTcp } from './connect.ts';
import { exchange } from './exchange.ts';
import { connectTls } from './tls-connect.ts';

/** A short description of the plain HTTP answer on this port, or null when there is none. */
export async function speaksPlainHttp(address: string, port: number, target: ProbeTarget, timeoutMs: number): Promise<string | null> {
  const tcp = await connectTcp(address, port, timeoutMs);
  if (tcp.kind !== 'connected') return null;
  const result = await exchange(tcp.socket, { method: 'GET', path: target.path, authority: target.authority }, { timeoutMs });
  if (result.kind === 'response') {
    result.idleSocket?.destroy();
    return `HTTP/${result.head.version === 11 ? '1.1' : '1.0'} ${result.head.status} ${result.head.reason}`.trim();
  }
  if (result.kind === 'parse-error' && result.firstBytes.subarray(0, 5).toString('latin1') === 'HTTP/') {
    return `an HTTP response (malformed: ${result.error.code})`;
  }
  return null;
}

/** A short description of the TLS session this port offers, or null when no handshake completes. */
export async function speaksTls(address: string, port: number, target: ProbeTarget, timeoutMs: number): Promise<string | null> {
  const outcome = await connectTls(address, port, { servername: target.host, ca: null, timeoutMs, alpn: ['http/1.1'] });
  if (outcome.kind !== 'secure') return null;
  const text = `${outcome.socket.getProtocol() ?? 'TLS'} handshake completed in ${outcome.handshakeMs.toFixed(0)} ms`;
  outcome.socket.destroy();
  return text;
}
