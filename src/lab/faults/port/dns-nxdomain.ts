// A resolver that says the target's name does not exist (NXDOMAIN, RCODE 3): a typo in the
// upstream's host name, or a record deleted. NGINX: "could not be resolved (3: Host not found)";
// Envoy DF. The url's host is under .invalid (RFC 6761 §6.4), so even a proxy that ignores the
// trigger's resolver gets NXDOMAIN from any resolver.
import { definePortFault } from '../../fault.ts';
import { startDnsServer } from './dns-server.ts';

export const dnsNxdomain = definePortFault({
  id: 'dns-nxdomain',
  expectCause: 'upstream_dns_failed',
  scheme: 'http',
  dns: { hostname: 'nxdomain.gatewise-lab.invalid' },
  description: 'a UDP resolver on loopback that answers every query NXDOMAIN; the url\'s host is resolved with it',
  trigger: { method: 'GET' },
  start: (env) => startDnsServer(env, 'dns-nxdomain', 'nxdomain'),
});
