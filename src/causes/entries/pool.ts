// Causes of the pool group. Content: DESIGN §3, enriched from peers' docs.
import { defineCause } from '../define.ts';

const pending = { seen: false, why: 'to be written' } as const;

export const poolCauses = {
  upstream_draining_expired: defineCause({
    id: 'upstream_draining_expired',
title: 'The target was deregistered and its drain time ran out mid-request',
    outcome: { kind: 'respond', status: 502 },
    phases: ['body', 'headers'],
    culprits: ['config'],
    proxyStatus: 'connection_terminated',
explanation: 'The target was deregistered and its drain time ran out mid-request.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  no_healthy_upstream: defineCause({
    id: 'no_healthy_upstream',
title: 'No healthy target in the pool',
    outcome: { kind: 'respond', status: 503 },
    phases: ['select'],
    culprits: ['target'],
    proxyStatus: 'destination_unavailable',
explanation: 'No healthy target in the pool.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  no_upstream_configured: defineCause({
    id: 'no_upstream_configured',
title: 'No route or no registered target for the request',
    outcome: { kind: 'respond', status: 503 },
    phases: ['route'],
    culprits: ['config'],
    proxyStatus: 'destination_not_found',
explanation: 'No route or no registered target for the request.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_overloaded: defineCause({
    id: 'upstream_overloaded',
title: 'Every target is at its connection or queue limit',
    outcome: { kind: 'respond', status: 503 },
    phases: ['queue'],
    culprits: ['target'],
    proxyStatus: 'connection_limit_reached',
explanation: 'Every target is at its connection or queue limit.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
} as const;
