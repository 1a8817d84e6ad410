// Causes of the connect group. Content: DESIGN §3, enriched from peers' docs.
import { defineCause } from '../define.ts';

const pending = { seen: false, why: 'to be written' } as const;

export const connectCauses = {
  upstream_connect_refused: defineCause({
    id: 'upstream_connect_refused',
title: 'The target refused the connection',
    outcome: { kind: 'respond', status: 502 },
    phases: ['connect'],
    culprits: ['target'],
    proxyStatus: 'connection_refused',
explanation: 'The target refused the connection.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_unreachable: defineCause({
    id: 'upstream_unreachable',
title: 'The target\'s address is unreachable',
    outcome: { kind: 'respond', status: 502 },
    phases: ['connect'],
    culprits: ['network'],
    proxyStatus: 'destination_ip_unroutable',
explanation: 'The target\'s address is unreachable.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_connect_timeout: defineCause({
    id: 'upstream_connect_timeout',
title: 'Connecting to the target timed out',
    outcome: { kind: 'respond', status: 504 },
    phases: ['connect'],
    culprits: ['network'],
    proxyStatus: 'connection_timeout',
explanation: 'Connecting to the target timed out.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
} as const;
