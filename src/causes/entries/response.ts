// Causes of the response group. Content: DESIGN §3, enriched from peers' docs.
import { defineCause } from '../define.ts';

const pending = { seen: false, why: 'to be written' } as const;

export const responseCauses = {
  upstream_bad_response: defineCause({
    id: 'upstream_bad_response',
title: 'The target sent a malformed response head',
    outcome: { kind: 'respond', status: 502 },
    phases: ['headers'],
    culprits: ['target'],
    proxyStatus: 'http_protocol_error',
explanation: 'The target sent a malformed response head.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_bad_framing: defineCause({
    id: 'upstream_bad_framing',
title: 'The target\'s response framing is missing, ambiguous or conflicting',
    outcome: { kind: 'respond', status: 502 },
    phases: ['headers'],
    culprits: ['target'],
    proxyStatus: 'http_response_transfer_coding',
explanation: 'The target\'s response framing is missing, ambiguous or conflicting.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_headers_too_large: defineCause({
    id: 'upstream_headers_too_large',
title: 'The target\'s response head is larger than the gateway\'s limit',
    outcome: { kind: 'respond', status: 502 },
    phases: ['headers'],
    culprits: ['target'],
    proxyStatus: 'http_response_header_section_size',
explanation: 'The target\'s response head is larger than the gateway\'s limit.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_5xx: defineCause({
    id: 'upstream_5xx',
title: 'The target answered with its own 5xx',
    outcome: { kind: 'pass-through' },
    phases: ['headers'],
    culprits: ['target'],
    proxyStatus: null,
explanation: 'The target answered with its own 5xx.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
} as const;
