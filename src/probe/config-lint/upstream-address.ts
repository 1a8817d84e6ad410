// Upstream addresses written in proxy configs ("127.0.0.1:3000", "[::1]:8080", "localhost",
// "app.internal:80"), split and judged against this host's listening sockets.
import { isIP } from 'node:net';
import { accepts, type Listener } from '../listeners/proc-net-tcp.ts';
import { isLocalAddress } from '../target.ts';

export interface HostPort {
  readonly host: string;
  readonly port: number | null;
}

export function splitHostPort(text: string): HostPort | null {
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text);
  if (v6) return { host: v6[1] as string, port: v6[2] === undefined ? null : Number(v6[2]) };
  const plain = /^([^:/\s]+)(?::(\d+))?$/.exec(text);
  if (plain) return { host: plain[1] as string, port: plain[2] === undefined ? null : Number(plain[2]) };
  return null;
}

/** `localhost` and `*.localhost` (RFC 6761 §6.3) resolve to loopback in both families. */
export function isLocalhostName(host: string): boolean {
  const lower = host.toLowerCase();
  return lower === 'localhost' || lower.endsWith('.localhost') || lower === 'ip6-localhost' || lower === 'ip6-loopback';
}

/** Addresses a host in a config stands for on this machine, or null when it is not local. */
export function localAddresses(host: string): string[] | null {
  if (isLocalhostName(host)) return ['127.0.0.1', '::1'];
  if (isIP(host) !== 0 && isLocalAddress(host)) return [host];
  return null;
}

/** For a local host:port: the listener snapshot says nothing accepts there (true), something does (false), or cannot tell (null). */
export function nothingListens(host: string, port: number, listeners: readonly Listener[] | null): boolean | null {
  const addresses = localAddresses(host);
  if (addresses === null || listeners === null) return null;
  return !addresses.some((address) => listeners.some((l) => accepts(l, address, port)));
}

/** "3000 (127.0.0.1), 8080 (*)": listening ports near `port`, for the wrong-port hint. */
export function nearbyText(port: number, listeners: readonly Listener[]): string {
  const seen = new Set<number>();
  const near = listeners
    .filter((l) => l.port !== port && Math.abs(l.port - port) <= 1000)
    .sort((a, b) => Math.abs(a.port - port) - Math.abs(b.port - port))
    .filter((l) => (seen.has(l.port) ? false : (seen.add(l.port), true)))
    .slice(0, 3);
  return near.length === 0 ? 'no listening port nearby' : `listening nearby: ${near.map((l) => `${l.port} (${l.address})`).join(', ')}`;
}
