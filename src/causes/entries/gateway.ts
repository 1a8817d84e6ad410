// Causes of the gateway group. Content: DESIGN §3, enriched from peers' docs.
import { defineCause } from '../define.ts';

const pending = { seen: false, why: 'to be written' } as const;

export const gatewayCauses = {
  proxy_overloaded: defineCause({
    id: 'proxy_overloaded',
title: 'The gateway itself is at its connection or memory limit',
    outcome: { kind: 'respond', status: 503 },
    phases: ['accept'],
    culprits: ['gateway'],
    proxyStatus: 'proxy_internal_response',
explanation: 'The gateway itself is at its connection or memory limit.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  proxy_internal_error: defineCause({
    id: 'proxy_internal_error',
title: 'A bug in the gateway',
    outcome: { kind: 'respond', status: 500 },
    phases: ['accept', 'route', 'select', 'queue', 'resolve', 'connect', 'tls', 'send', 'headers', 'body'],
    culprits: ['gateway'],
    proxyStatus: 'proxy_internal_error',
explanation: 'A bug in the gateway.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  proxy_unclassified_error: defineCause({
    id: 'proxy_unclassified_error',
title: 'An error the gateway could not map to a cause',
    outcome: { kind: 'respond', status: 502 },
    phases: ['connect', 'tls', 'send', 'headers', 'body'],
    culprits: ['gateway'],
    proxyStatus: 'proxy_internal_error',
explanation: 'An error the gateway could not map to a cause.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
} as const;
