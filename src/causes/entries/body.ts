// Causes of the body group. Content: DESIGN §3, enriched from peers' docs.
import { defineCause } from '../define.ts';

const pending = { seen: false, why: 'to be written' } as const;

export const bodyCauses = {
  upstream_closed_mid_body: defineCause({
    id: 'upstream_closed_mid_body',
title: 'The target closed the connection in the middle of the response body',
    outcome: { kind: 'abort' },
    phases: ['body'],
    culprits: ['target'],
    proxyStatus: 'http_response_incomplete',
explanation: 'The target closed the connection in the middle of the response body.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_bad_chunked_body: defineCause({
    id: 'upstream_bad_chunked_body',
title: 'The target sent an invalid chunked body',
    outcome: { kind: 'abort' },
    phases: ['body'],
    culprits: ['target'],
    proxyStatus: 'http_response_transfer_coding',
explanation: 'The target sent an invalid chunked body.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_body_timeout: defineCause({
    id: 'upstream_body_timeout',
title: 'The target stopped sending the response body',
    outcome: { kind: 'abort' },
    phases: ['body'],
    culprits: ['target'],
    proxyStatus: 'connection_read_timeout',
explanation: 'The target stopped sending the response body.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
} as const;
