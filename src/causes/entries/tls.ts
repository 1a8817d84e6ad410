// Causes of the tls group. Content: DESIGN §3, enriched from peers' docs.
import { defineCause } from '../define.ts';

const pending = { seen: false, why: 'to be written' } as const;

export const tlsCauses = {
  upstream_tls_failed: defineCause({
    id: 'upstream_tls_failed',
title: 'The TLS handshake with the target failed',
    outcome: { kind: 'respond', status: 502 },
    phases: ['tls'],
    culprits: ['config'],
    proxyStatus: 'tls_protocol_error',
explanation: 'The TLS handshake with the target failed.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_tls_timeout: defineCause({
    id: 'upstream_tls_timeout',
title: 'The TLS handshake with the target timed out',
    outcome: { kind: 'respond', status: 504 },
    phases: ['tls'],
    culprits: ['target'],
    proxyStatus: 'connection_timeout',
explanation: 'The TLS handshake with the target timed out.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_tls_certificate_invalid: defineCause({
    id: 'upstream_tls_certificate_invalid',
title: 'The target\'s TLS certificate was rejected',
    outcome: { kind: 'respond', status: 502 },
    phases: ['tls'],
    culprits: ['config'],
    proxyStatus: 'tls_certificate_error',
explanation: 'The target\'s TLS certificate was rejected.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
  upstream_protocol_mismatch: defineCause({
    id: 'upstream_protocol_mismatch',
title: 'Plain HTTP and TLS were mixed up between gateway and target',
    outcome: { kind: 'respond', status: 502 },
    phases: ['tls', 'headers'],
    culprits: ['config'],
    proxyStatus: 'http_protocol_error',
explanation: 'Plain HTTP and TLS were mixed up between gateway and target.',
    evidence: [],
    remedies: [],
    peers: { alb: pending, nginx: pending, haproxy: pending, envoy: pending },
  }),
} as const;
