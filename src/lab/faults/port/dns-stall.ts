// A resolver that reads queries and never answers: the proxy's resolver timeout fires (NGINX
// resolver_timeout: "… could not be resolved (110: Operation timed out)").
import { definePortFault } from '../../fault.ts';
import { startDnsServer } from './dns-server.ts';

export const dnsStall = definePortFault({
  id: 'dns-stall',
  expectCause: 'upstream_dns_timeout',
  scheme: 'http',
  dns: { hostname: 'stall.gatewise-lab.invalid' },
  description: 'a UDP resolver on loopback that reads every query and never answers; the url\'s host is resolved with it',
  trigger: { method: 'GET', proxyTimeouts: { resolveMs: 1000 } },
  start: (env) => startDnsServer(env, 'dns-stall', 'none'),
});
