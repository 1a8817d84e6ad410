// Listening sockets on this host (what `ss -tlnp` shows), when the target is local: is anything
// listening on the port, on which addresses, and which ports nearby are listening — the
// "the app is on 3000, the proxy points at 5000" mistake.
import type { ProbeFacts, ProbeOptions } from '../context.ts';
import { accepts, readListeners, type Listener } from '../listeners/proc-net-tcp.ts';
import { pass, problem, skip, type Verdict } from '../result.ts';
import { isLocalAddress } from '../target.ts';

const NEARBY_RANGE = 1000;
const NEARBY_SHOWN = 5;

function where(listener: Listener): string {
  return listener.family === 6 ? `[${listener.address}]:${listener.port}` : `${listener.address}:${listener.port}`;
}

/** Listening ports close to `port` (by distance), one entry per port, for the "wrong port" hint. */
export function nearbyPorts(listeners: readonly Listener[], port: number): Listener[] {
  const byPort = new Map<number, Listener>();
  for (const l of listeners) if (l.port !== port && Math.abs(l.port - port) <= NEARBY_RANGE && !byPort.has(l.port)) byPort.set(l.port, l);
  return [...byPort.values()].sort((a, b) => Math.abs(a.port - port) - Math.abs(b.port - port) || a.port - b.port).slice(0, NEARBY_SHOWN);
}

export async function checkListeners(options: ProbeOptions, facts: ProbeFacts): Promise<Verdict> {
  const { port } = options.target;
  const local = facts.addresses.filter((a) => isLocalAddress(a.address));
  if (facts.addresses.length === 0) return skip('listeners', 'no address to look up');
  if (local.length === 0) return skip('listeners', 'the target is not on this host', [`${facts.addresses.map((a) => a.address).join(', ')} is not a local address`]);
  facts.listeners ??= await readListeners();
  const listeners = facts.listeners;
  if (listeners === null) return skip('listeners', '/proc/net/tcp is not readable here');
  const onPort = listeners.filter((l) => l.port === port);
  const nearby = nearbyPorts(listeners, port);
  const nearbyText = nearby.length > 0 ? `listening nearby: ${nearby.map(where).join(', ')}` : `nothing listens within ±${NEARBY_RANGE} ports`;
  if (onPort.length === 0) {
    return problem('listeners', 'fail', `nothing listens on port ${port} on this host`, {
      evidence: [`no socket in LISTEN state on port ${port} (/proc/net/tcp, /proc/net/tcp6)`, nearbyText],
      cause: 'upstream_connect_refused',
      fix: nearby.length > 0
        ? `Start the app on port ${port}, or point the proxy at the port the app uses (${nearby.map((l) => l.port).join(', ')}?): ss -tlnp`
        : `Start the app on port ${port} (is it running? systemctl status / docker ps), then: ss -tlnp 'sport = :${port}'`,
    });
  }
  const evidence = [`listening on port ${port}: ${onPort.map(where).join(', ')}`];
  const unserved = local.filter((a) => !onPort.some((l) => accepts(l, a.address, port)));
  if (unserved.length === 0) return pass('listeners', `listening on ${onPort.map(where).join(', ')}`, evidence, ['upstream_connect_refused']);
  const served = local.filter((a) => !unserved.includes(a));
  return problem('listeners', served.length === 0 ? 'fail' : 'warn', `port ${port} listens on ${onPort.map((l) => l.address).join(', ')} but not on ${unserved.map((a) => a.address).join(', ')}`, {
    evidence: [...evidence, `not accepted on ${unserved.map((a) => a.address).join(', ')}`, nearbyText],
    cause: 'upstream_connect_refused',
    fix: `Make the app listen on ${unserved.some((a) => a.family === 6) ? '"::" (both families)' : '"0.0.0.0"'} or point the proxy at ${onPort[0]?.address === '0.0.0.0' || onPort[0]?.address === '::' ? 'the address it listens on' : onPort[0]?.address}.`,
  });
}
