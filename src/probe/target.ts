// The URL being probed, split into what each check needs, and whether it lives on this host (the
// listening-socket check and the localhost trap only make sense there).
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface ProbeTarget {
  readonly url: URL;
  readonly tls: boolean;
  /** Host name or address as written, without IPv6 brackets. */
  readonly host: string;
  readonly port: number;
  /** Request target: path and query. */
  readonly path: string;
  /** The Host header to send. */
  readonly authority: string;
}

export class ProbeTargetError extends Error {
  readonly code = 'ERR_PROBE_TARGET';
}

export function parseTarget(text: string): ProbeTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProbeTargetError(`"${text}" is not a URL; write it as http://host:port/path or https://host/path`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProbeTargetError(`"${text}" uses ${url.protocol}; the probe speaks http: and https: only`);
  }
  const tls = url.protocol === 'https:';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? (tls ? 443 : 80) : Number(url.port);
  return { url, tls, host, port, path: `${url.pathname}${url.search}`, authority: url.host };
}

/** True for loopback addresses of either family. */
export function isLoopback(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  const lower = address.toLowerCase();
  return lower === '::1' || lower.startsWith('::ffff:127.');
}

/** True when the address belongs to this host: loopback, unspecified, or one of its interfaces. */
export function isLocalAddress(address: string): boolean {
  if (isLoopback(address) || address === '0.0.0.0' || address === '::') return true;
  const lower = address.toLowerCase();
  return Object.values(networkInterfaces()).some((list) => (list ?? []).some((i) => i.address.toLowerCase() === lower));
}
