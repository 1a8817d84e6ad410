// Name resolution for targets. By default Node's getaddrinfo (the system resolver, like NGINX
// without `resolver`). With explicit DNS servers (NGINX's `resolver 10.0.0.2 valid=30s`) the
// gateway asks them directly through c-ares with its own timeout, so a resolver that does not
// answer is `upstream_dns_timeout` (ETIMEOUT) and NXDOMAIN is `upstream_dns_failed` (ENOTFOUND).
import { Resolver } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

export interface ResolverOptions {
  /** `host:port` of each DNS server. */
  readonly servers: readonly string[];
  readonly timeoutMs: number;
}

export function createLookup(options: ResolverOptions): LookupFunction {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  resolver.setServers([...options.servers]);
  return (hostname, lookupOptions, callback) => {
    const all = typeof lookupOptions === 'object' && lookupOptions !== null && (lookupOptions as { all?: boolean }).all === true;
    const family = isIP(hostname);
    if (family !== 0) {
      if (all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: hostname, family }]);
      else callback(null, hostname, family);
      return;
    }
    resolver.resolve4(hostname, (error, addresses) => {
      if (error) {
        callback(error, '', 4);
        return;
      }
      const first = addresses[0];
      if (first === undefined) {
        callback(Object.assign(new Error(`no A record for ${hostname}`), { code: 'ENODATA' }), '', 4);
        return;
      }
      if (all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, addresses.map((address) => ({ address, family: 4 })));
      else callback(null, first, 4);
    });
  };
}
