// Example ExchangeRecords, one per situation the access log must tell apart (shared by the encoder
// tests and bench/telemetry/access-log.ts).
import type { Attempt, ExchangeRecord } from '../../../src/telemetry/exchange-record.ts';

export const STARTED = Date.UTC(2026, 10, 21, 17, 0, 0, 123);

const attempt = (fields: Partial<Attempt> & Pick<Attempt, 'target'>): Attempt => ({
  status: null,
  cause: null,
  reused: false,
  idleBeforeMs: null,
  connectMs: null,
  tlsMs: null,
  headersMs: null,
  errorCode: null,
  ...fields,
});

const base: ExchangeRecord = {
  type: 'http',
  startedAtMs: STARTED,
  endedAtMs: STARTED + 5,
  listener: 'main',
  client: { address: '192.0.2.10', port: 51234 },
  requestId: 'k3x9a0b1c2-1f',
  method: 'GET',
  target: '/api/users?id=7',
  httpVersion: 'HTTP/1.1',
  host: 'api.example.com',
  userAgent: 'curl/8.5.0',
  tlsCipher: null,
  tlsProtocol: null,
  requestProcessingMs: 0.2,
  targetProcessingMs: 3.456,
  responseProcessingMs: 0.1,
  status: 200,
  origin: 'target',
  receivedBytes: 120,
  sentBytes: 532,
  cause: null,
  phase: null,
  recovered: null,
  pool: 'api',
  attempts: [],
};

/** A clean 200 from a reused keep-alive socket. */
export const CLEAN_200: ExchangeRecord = {
  ...base,
  attempts: [attempt({ target: { address: '10.0.0.1', port: 9000 }, status: 200, reused: true, idleBeforeMs: 1200, headersMs: 3.4 })],
};

/** The target refused the connection: a gateway-made 502, no target answer, ALB's -1 times. */
export const REFUSED_502: ExchangeRecord = {
  ...base,
  target: '/',
  requestProcessingMs: -1,
  targetProcessingMs: -1,
  responseProcessingMs: -1,
  status: 502,
  origin: 'gateway',
  receivedBytes: 80,
  sentBytes: 310,
  cause: 'upstream_connect_refused',
  phase: 'connect',
  attempts: [attempt({ target: { address: '10.0.0.2', port: 9000 }, cause: 'upstream_connect_refused', connectMs: 0.4, errorCode: 'ECONNREFUSED' })],
};

/** A keep-alive race on a reused socket, retried on another target: recovered, 200. */
export const RETRIED_200: ExchangeRecord = {
  ...base,
  targetProcessingMs: 2.5,
  recovered: 'upstream_keepalive_race',
  attempts: [
    attempt({ target: { address: '10.0.0.1', port: 9000 }, cause: 'upstream_keepalive_race', reused: true, idleBeforeMs: 4900, errorCode: 'ECONNRESET' }),
    attempt({ target: { address: '10.0.0.3', port: 9000 }, status: 200, connectMs: 0.3, headersMs: 2.1 }),
  ],
};

/** The client went away while the target was still thinking: no response, logged as ALB's 460. */
export const CLIENT_ABORT: ExchangeRecord = {
  ...base,
  endedAtMs: STARTED + 1500,
  method: 'POST',
  target: '/upload',
  targetProcessingMs: -1,
  responseProcessingMs: -1,
  status: null,
  origin: null,
  receivedBytes: 4096,
  sentBytes: 0,
  cause: 'client_aborted',
  phase: 'headers',
  attempts: [attempt({ target: { address: '10.0.0.1', port: 9000 }, connectMs: 0.5 })],
};

/** HTTPS, a hostile user agent and a request that never reached routing (400). */
export const HOSTILE_400: ExchangeRecord = {
  ...base,
  type: 'https',
  host: null,
  target: '/a"b',
  userAgent: 'evil" "agent\n\u00e9',
  tlsCipher: 'TLS_AES_128_GCM_SHA256',
  tlsProtocol: 'TLSv1.3',
  requestProcessingMs: 0.05,
  targetProcessingMs: -1,
  responseProcessingMs: -1,
  status: 400,
  origin: 'gateway',
  cause: 'client_request_invalid',
  phase: 'accept',
  pool: null,
  requestId: 'Root=1-67890abc-0123456789abcdef01234567',
};

export const ALL_RECORDS = [CLEAN_200, REFUSED_502, RETRIED_200, CLIENT_ABORT, HOSTILE_400] as const;
