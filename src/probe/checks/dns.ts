// DNS: every address the name resolves to, in resolver order (the order a proxy tries them), and the
// localhost trap: `localhost` resolves to ::1 first while the app listens on 127.0.0.1 only (or the
// reverse), so a proxy whose first try is the wrong family gets connection refused.
import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ProbeFacts, ProbeOptions, ResolvedAddress } from '../context.ts';
import { formatMs } from '../duration.ts';
import { accepts, readListeners } from '../listeners/proc-net-tcp.ts';
import { pass, problem, type Verdict } from '../result.ts';
import { isLocalAddress } from '../target.ts';

type Lookup = { kind: 'ok'; addresses: ResolvedAddress[] } | { kind: 'error'; code: string } | { kind: 'timeout' };

/** Asks one DNS server directly (A and AAAA), as NGINX's `resolver` or HAProxy's `resolvers` do. */
async function askServer(host: string, server: string, timeoutMs: number): Promise<Lookup> {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([server]);
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  const addresses: ResolvedAddress[] = [
    ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
    ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
  ];
  if (addresses.length > 0) return { kind: 'ok', addresses };
  const codes = [v4, v6].map((r) => (r.status === 'rejected' ? ((r.reason as NodeJS.ErrnoException).code ?? 'UNKNOWN') : 'ENODATA'));
  if (codes.includes('ETIMEOUT')) return { kind: 'timeout' };
  return { kind: 'error', code: codes.find((c) => c !== 'ENODATA') ?? 'ENODATA' };
}

async function resolve(host: string, timeoutMs: number, server: string | null): Promise<Lookup> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Lookup>((done) => {
    timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs + 100);
  });
  // getaddrinfo cannot be cancelled; the race bounds how long we wait for it.
  const answer = server !== null ? askServer(host, server, timeoutMs) : lookup(host, { all: true, order: 'verbatim' }).then(
    (list): Lookup => ({ kind: 'ok', addresses: list.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })) }),
    (error: NodeJS.ErrnoException): Lookup => ({ kind: 'error', code: error.code ?? 'UNKNOWN' }),
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkDns(options: ProbeOptions, facts: ProbeFacts): Promise<Verdict> {
  const { host, port } = options.target;
  const literal = isIP(host);
  if (literal !== 0) {
    facts.addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
    return pass('dns', `${host} is an address: no lookup`, [`address literal ${host}`], ['upstream_dns_failed', 'upstream_dns_timeout']);
  }
  const started = performance.now();
  const found = await resolve(host, options.timeoutMs, options.resolver);
  const asked = options.resolver === null ? 'getaddrinfo' : `DNS server ${options.resolver}`;
  const ms = performance.now() - started;
  if (found.kind === 'timeout') {
    return problem('dns', 'fail', `no answer for ${host} within ${formatMs(options.timeoutMs)}`, {
      evidence: [`${asked} gave no answer for "${host}" within ${formatMs(options.timeoutMs)}`],
      cause: 'upstream_dns_timeout',
      fix: 'Check the resolvers in /etc/resolv.conf answer (dig @RESOLVER NAME); a proxy resolving at run time needs a reachable resolver.',
    });
  }
  if (found.kind === 'error') {
    return problem('dns', 'fail', `${host} does not resolve (${found.code})`, {
      evidence: [`${asked} for "${host}" failed with ${found.code} after ${formatMs(ms)}`],
      cause: 'upstream_dns_failed',
      fix: `Fix the name in the proxy config, or add the record: dig ${host}; getent hosts ${host}`,
      rulesOut: ['upstream_dns_timeout'],
    });
  }
  facts.addresses = found.addresses;
  const list = found.addresses.map((a) => a.address).join(', ');
  const evidence = [`${host} → ${list} (${options.resolver === null ? 'resolver order' : `from ${options.resolver}`}, ${formatMs(ms)})`];
  const rulesOut = ['upstream_dns_failed', 'upstream_dns_timeout'] as const;
  const families = new Set(found.addresses.map((a) => a.family));
  if (families.size > 1 && found.addresses.every((a) => isLocalAddress(a.address))) {
    facts.listeners = await readListeners();
    const trap = localhostTrap(found.addresses, port, facts);
    if (trap) {
      return problem('dns', 'warn', `${host} resolves to ${trap.first} first, but the target listens on ${trap.served.join(', ')} only`, {
        evidence: [...evidence, `nothing listens on ${trap.first} port ${port}; ${trap.served.join(', ')} port ${port} is served (the localhost trap)`],
        cause: 'upstream_connect_refused',
        fix: `Point the proxy at ${trap.served[0]}:${port} instead of ${host}, or make the app listen on both families (e.g. "::" with dual-stack).`,
        rulesOut,
      });
    }
  }
  return pass('dns', `${host} → ${list}`, evidence, [...rulesOut]);
}

function localhostTrap(addresses: readonly ResolvedAddress[], port: number, facts: ProbeFacts): { first: string; served: string[] } | null {
  const listeners = facts.listeners;
  const first = addresses[0];
  if (!listeners || !first) return null;
  const served = addresses.filter((a) => listeners.some((l) => accepts(l, a.address, port))).map((a) => a.address);
  if (served.length === 0 || served.includes(first.address)) return null;
  return { first: first.address, served };
}
