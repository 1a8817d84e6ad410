// Causes of the resolve group. Content: DESIGN §3, enriched from peers' docs.
import { defineCause } from '../define.ts';

const pending = { seen: false, why: 'to be written' } as const;

export const resolveCauses = {
  upstream_dns_failed: defineCause({
    id: 'upstream_dns_failed',
title: 'The target\'s host name could not be resolved',
    outcome: { kind: 'respond', status: 502 },
    phases: ['resolve'],
    culprits: ['config'],
    proxyStatus: 'dns_error',
explanation: 'The target\'s host name could not be resolved.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_dns_timeout: defineCause({
    id: 'upstream_dns_timeout',
title: 'The DNS lookup for the target timed out',
    outcome: { kind: 'respond', status: 504 },
    phases: ['resolve'],
    culprits: ['network'],
    proxyStatus: 'dns_timeout',
explanation: 'The DNS lookup for the target timed out.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
} as const;
