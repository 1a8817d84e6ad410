// A fresh connection to the target as a proxy would open it: TCP, plus TLS for https (without
// enforcing the certificate: the TLS check has judged it already, the HTTP checks look past it).
import type { Socket } from 'node:net';
import type { ProbeTarget } from '../target.ts';
import { connectTcp, type ConnectOutcome } from './connect.ts';
import { connectTls } from './tls-connect.ts';

export type OpenOutcome =
  | { readonly kind: 'open'; readonly socket: Socket; readonly ms: number }
  | { readonly kind: 'failed'; readonly text: string; readonly connect: Exclude<ConnectOutcome, { kind: 'connected' }> | null };

export async function openConnection(target: ProbeTarget, address: string, ca: string | null, timeoutMs: number): Promise<OpenOutcome> {
  if (!target.tls) {
    const tcp = await connectTcp(address, target.port, timeoutMs);
    if (tcp.kind === 'connected') return { kind: 'open', socket: tcp.socket, ms: tcp.ms };
    return { kind: 'failed', text: `connect ${tcp.kind}`, connect: tcp };
  }
  const tls = await connectTls(address, target.port, { servername: target.host, ca, timeoutMs, alpn: ['http/1.1'] });
  switch (tls.kind) {
    case 'secure':
      return { kind: 'open', socket: tls.socket, ms: tls.connectMs + tls.handshakeMs };
    case 'connect-failed':
      return { kind: 'failed', text: `connect ${tls.outcome.kind}`, connect: tls.outcome };
    case 'timeout':
      return { kind: 'failed', text: 'TLS handshake timed out', connect: null };
    case 'error':
      return { kind: 'failed', text: `TLS handshake failed: ${tls.code}`, connect: null };
  }
}
