// Listening TCP sockets of this host's network namespace, read from /proc/net/tcp and /proc/net/tcp6
// (the data `ss -tln` shows). Addresses there are hex in host byte order per 32-bit word
// (Documentation/networking/proc_net_tcp.rst); state 0A is TCP_LISTEN.
import { readFile } from 'node:fs/promises';

export interface Listener {
  readonly family: 4 | 6;
  /** Local address as text: "127.0.0.1", "0.0.0.0", "::", "::1", "::ffff:127.0.0.1". */
  readonly address: string;
  readonly port: number;
}

const LISTEN = '0A';

function word(hex: string): number[] {
  // One 32-bit word in host byte order (little-endian on x86/arm64): bytes reversed.
  const bytes: number[] = [];
  for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

function ipv6Text(bytes: readonly number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  if (groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff') {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  // Compress the longest run of zero groups (RFC 5952 §4.2).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > bestLength && j - i > 1) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

/** Parses the text of /proc/net/tcp or /proc/net/tcp6; lines that do not parse are skipped. */
export function parseProcNetTcp(text: string, family: 4 | 6): Listener[] {
  const listeners: Listener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (local === undefined || fields[3] !== LISTEN) continue;
    const [addressHex, portHex] = local.split(':');
    if (addressHex === undefined || portHex === undefined) continue;
    const port = Number.parseInt(portHex, 16);
    if (family === 4 && addressHex.length === 8) {
      listeners.push({ family, address: word(addressHex).join('.'), port });
    } else if (family === 6 && addressHex.length === 32) {
      const bytes = [0, 8, 16, 24].flatMap((offset) => word(addressHex.slice(offset, offset + 8)));
      listeners.push({ family, address: ipv6Text(bytes), port });
    }
  }
  return listeners;
}

/** Listening sockets of this namespace, or null when /proc/net is not readable (not Linux). */
export async function readListeners(): Promise<Listener[] | null> {
  const read = async (path: string) => readFile(path, 'utf8').catch(() => null);
  const [v4, v6] = await Promise.all([read('/proc/net/tcp'), read('/proc/net/tcp6')]);
  if (v4 === null && v6 === null) return null;
  return [...parseProcNetTcp(v4 ?? '', 4), ...parseProcNetTcp(v6 ?? '', 6)];
}

/**
 * Does a listener accept connections to `address`? A wildcard 0.0.0.0 covers IPv4; `::` covers
 * IPv6 and, unless the socket is IPV6_V6ONLY (not visible in /proc), IPv4 too.
 */
export function accepts(listener: Listener, address: string, port: number): boolean {
  if (listener.port !== port) return false;
  const v6 = address.includes(':');
  const mapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : null;
  if (listener.address === '::') return true;
  if (listener.address === '0.0.0.0') return !v6 || mapped !== null;
  if (listener.address.toLowerCase() === address.toLowerCase()) return true;
  return mapped !== null && listener.address === mapped;
}
