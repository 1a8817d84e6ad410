// Which peers may speak for the client: their X-Forwarded-For / Forwarded / X-Request-Id are
// extended or kept; anyone else's are replaced (NGINX realip's set_real_ip_from, HAProxy's
// `option forwardfor` with `except`). Matching uses node:net BlockList (addresses and CIDRs, v4 and v6).
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export class ERR_CONFIG_TRUSTED_PROXY extends Error {
  readonly code = 'ERR_CONFIG_TRUSTED_PROXY';
  constructor(entry: string) {
    super(`trustedProxies: "${entry}" is not an IP address or CIDR. Write e.g. 10.0.0.0/8, 127.0.0.1 or ::1.`);
  }
}

export interface TrustedProxies {
  /** Whether the peer at this address is trusted (IPv4-mapped IPv6 addresses count as IPv4). */
  has(address: string): boolean;
  readonly empty: boolean;
}

function unmap(address: string): string {
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

export function createTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip = '', bits] = entry.split('/');
    const type = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : null;
    if (type === null) throw new ERR_CONFIG_TRUSTED_PROXY(entry);
    if (bits === undefined) list.addAddress(ip, type);
    else {
      const prefix = Number(bits);
      const max = type === 'ipv4' ? 32 : 128;
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new ERR_CONFIG_TRUSTED_PROXY(entry);
      list.addSubnet(ip, prefix, type);
    }
  }
  const empty = entries.length === 0;
  const cache = new Map<string, boolean>();
  return {
    empty,
    has(address: string): boolean {
      if (empty) return false;
      let hit = cache.get(address);
      if (hit === undefined) {
        const a = unmap(address);
        hit = list.check(a, isIPv4(a) ? 'ipv4' : 'ipv6');
        if (cache.size > 4096) cache.clear();
        cache.set(address, hit);
      }
      return hit;
    },
  };
}
