// TCP: connect to every resolved address, as `nc -zv` would. Refused means the host answered with a
// RST (up, but nothing listens); a timeout means SYNs vanish (a firewall or security group drops
// them); unreachable means an ICMP error or no route. A proxy tries addresses in resolver order.
import type { CauseId } from '../../causes/index.ts';
import type { ProbeFacts, ProbeOptions } from '../context.ts';
import { formatMs } from '../duration.ts';
import { connectCause, connectTcp, type ConnectOutcome } from '../net/connect.ts';
import { pass, problem, skip, type Verdict } from '../result.ts';

const CONNECT_CAUSES: readonly CauseId[] = ['upstream_connect_refused', 'upstream_connect_timeout', 'upstream_unreachable'];
// A reset right after the handshake is not a connect failure for the rulesOut list: it is its own cause.

function describe(address: string, port: number, outcome: ConnectOutcome): string {
  const where = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  switch (outcome.kind) {
    case 'connected':
      return `${where} connected in ${formatMs(outcome.ms)}`;
    case 'refused':
      return `${where} refused (${outcome.code}, RST after ${formatMs(outcome.ms)}): the host is up, nothing accepts on this port`;
    case 'timeout':
      return `${where} no answer to SYN within ${formatMs(outcome.ms)}: packets are dropped (firewall, security group) or the host is down`;
    case 'unreachable':
      return `${where} unreachable (${outcome.code}): no route to the host`;
    case 'reset':
      return `${where} accepted, then reset (${outcome.code}) after ${formatMs(outcome.ms)}: the process accepts and drops connections`;
    case 'error':
      return `${where} failed (${outcome.code})`;
  }
}

const FIXES: Record<'refused' | 'timeout' | 'unreachable' | 'reset' | 'error', string> = {
  reset: 'Something accepts the connection and resets it at once: a crashing or overloaded worker, a full accept queue with tcp_abort_on_overflow, or a proxy/sidecar on that port without a backend. Check the process listening there (ss -tlnp) and its logs.',
  refused: 'Start the app or point the proxy at the port it listens on: ss -tlnp; check the app binds the address the proxy uses (0.0.0.0 / :: rather than 127.0.0.1 when the proxy is elsewhere).',
  timeout: 'Something drops the SYNs: allow the proxy to reach this port (security group inbound rule, iptables/nftables, network ACL), or check the host is up.',
  unreachable: 'No route to the target: check the address is right, the subnet route tables and that the host exists.',
  error: 'The connect failed in an unusual way: check the address and the local network configuration.',
};

export async function checkTcp(options: ProbeOptions, facts: ProbeFacts): Promise<Verdict> {
  const { port } = options.target;
  if (facts.addresses.length === 0) return skip('tcp', 'no address to connect to');
  const outcomes = await Promise.all(facts.addresses.map((a) => connectTcp(a.address, port, options.timeoutMs)));
  for (const outcome of outcomes) if (outcome.kind === 'connected') outcome.socket.destroy();
  const evidence = facts.addresses.map((a, i) => describe(a.address, port, outcomes[i] as ConnectOutcome));
  const firstOk = outcomes.findIndex((o) => o.kind === 'connected');
  facts.reachable = firstOk >= 0 ? (facts.addresses[firstOk] ?? null) : null;
  const first = outcomes[0];
  if (first === undefined) return skip('tcp', 'no address to connect to');
  if (first.kind === 'connected') {
    const others = outcomes.filter((o) => o.kind !== 'connected').length;
    if (others === 0) return { ...pass('tcp', `connected in ${formatMs(first.ms)}`, evidence, CONNECT_CAUSES), measured: { connectMs: Math.round(first.ms) } };
    return problem('tcp', 'warn', `first address connects; ${others} other address(es) fail`, {
      evidence,
      cause: null,
      fix: 'A proxy that spreads load over every address (NGINX does, for a name in proxy_pass or upstream) sends part of the traffic to the failing ones: remove them from DNS or make the app listen there.',
    });
  }
  const cause = connectCause(first);
  if (firstOk > 0) {
    return problem('tcp', 'warn', `first address ${facts.addresses[0]?.address} fails; ${facts.reachable?.address} connects`, {
      evidence,
      cause,
      fix: `A proxy trying addresses in order hits the failing one first (NGINX logs an error and tries the next; a client without fallback fails). Point the proxy at ${facts.reachable?.address} explicitly, or make the app listen on both.`,
    });
  }
  return problem('tcp', 'fail', summaryOf(first), {
    evidence,
    cause,
    fix: FIXES[first.kind],
    rulesOut: first.kind === 'reset' ? ['upstream_connect_refused', 'upstream_connect_timeout', 'upstream_unreachable'] : CONNECT_CAUSES.filter((c) => c !== cause),
  });
}

function summaryOf(outcome: Exclude<ConnectOutcome, { kind: 'connected' }>): string {
  switch (outcome.kind) {
    case 'refused':
      return 'connection refused: nothing listens there';
    case 'timeout':
      return `connect timed out after ${formatMs(outcome.ms)}: SYNs are dropped`;
    case 'unreachable':
      return `unreachable (${outcome.code})`;
    case 'reset':
      return 'accepted, then reset at once';
    case 'error':
      return `connect failed (${outcome.code})`;
  }
}
