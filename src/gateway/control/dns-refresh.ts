// DNS re-resolution of targets named by DNS (issue 5 §2: the stale-IP 502 after a redeploy): every
// pool's `dns_refresh`, each named target is resolved again — with the gateway's explicit DNS
// servers when configured, else getaddrinfo. When the answer changes, the target's idle connections
// are closed and connections to old addresses are no longer kept (`target.resolved`), so traffic
// follows the name instead of sticking to pooled sockets to the old address.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { Pool } from '../pool.ts';
import type { Target } from '../target.ts';
import type { TargetControl } from './target-control.ts';

export interface DnsDeps {
  pools(): ReadonlyMap<string, Pool> | null;
  lookup(): LookupFunction | undefined;
  controlOf(target: Target): TargetControl | undefined;
  event(kind: 'dns_changed', pool: string, target: string, detail: string): void;
}

export interface DnsRefresher {
  /** Resolve this pool's named targets now and then every dns_refresh (no-op when already scheduled). */
  ensure(pool: string): void;
  /** Forget pools that no longer exist. */
  prune(): void;
  stop(): void;
}

function resolveAll(host: string, lookup: LookupFunction | undefined): Promise<string[]> {
  if (lookup === undefined) return dnsLookup(host, { all: true }).then((list) => list.map((a) => a.address));
  return new Promise((resolve, reject) =>
    lookup(host, { all: true }, (error, list) => (error ? reject(error) : resolve((list as unknown as { address: string }[]).map((a) => a.address)))),
  );
}

export function createDnsRefresher(deps: DnsDeps): DnsRefresher {
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  async function refresh(name: string, pool: Pool): Promise<void> {
    for (const target of pool.targets) {
      const host = target.address.host;
      if (isIP(host) !== 0) continue;
      const ctl = deps.controlOf(target);
      if (ctl === undefined) continue;
      let addresses: string[];
      try {
        addresses = (await resolveAll(host, deps.lookup())).sort();
      } catch {
        continue; // a failed lookup changes nothing: the connect phase reports it per request
      }
      const before = ctl.addresses;
      ctl.addresses = addresses;
      target.resolved = addresses;
      if (before.length > 0 && before.join(',') !== addresses.join(',')) {
        pool.dropIdle(target);
        deps.event('dns_changed', name, target.config.url, `${host}: ${before.join(', ')} → ${addresses.join(', ')}; idle connections to the old addresses closed`);
      }
    }
  }

  function schedule(name: string, delayMs: number): void {
    if (stopped || timers.has(name)) return;
    const pool = deps.pools()?.get(name);
    if (pool === undefined || !pool.targets.some((t) => isIP(t.address.host) === 0)) return;
    const timer = setTimeout(() => {
      const current = deps.pools()?.get(name);
      if (current === undefined) {
        timers.delete(name);
        return;
      }
      void refresh(name, current).finally(() => {
        timers.delete(name);
        schedule(name, deps.pools()?.get(name)?.config.dnsRefreshMs ?? current.config.dnsRefreshMs);
      });
    }, delayMs);
    timer.unref();
    timers.set(name, timer);
  }

  return {
    ensure: (name) => schedule(name, 0),
    prune() {
      const pools = deps.pools();
      for (const [name, timer] of timers) {
        if (pools?.has(name) !== true) {
          clearTimeout(timer);
          timers.delete(name);
        }
      }
    },
    stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
