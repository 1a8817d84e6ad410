// The `json` encoding: one object per line, ALB's field names (snake_case) where ALB has the field,
// typed (numbers, null for ALB's "-", lists as arrays), plus Gatewise's own: the cause and phase, every
// attempt with its per-phase times, whether the socket was reused, a recovered race, who made the
// response. Fields ALB always fills with "-" here (SNI, certificate, redirect, desync classification)
// are left out.
import type { ExchangeRecord } from '../exchange-record.ts';
import { elbStatus, endpoint, isoMicros, lastAttempt, requestText, secondsNumber } from './fields.ts';

export interface JsonAttempt {
  readonly target: string;
  readonly status: number | null;
  readonly cause: string | null;
  readonly reused: boolean;
  readonly idle_before_ms: number | null;
  readonly connect_ms: number | null;
  readonly tls_ms: number | null;
  readonly headers_ms: number | null;
  readonly error_code: string | null;
}

/** The object each `json` line holds; docs/access-log.md documents every key. */
export interface JsonAccessLine {
  readonly type: string;
  readonly time: string;
  readonly elb: string;
  readonly client_ip: string;
  readonly client_port: number;
  readonly target_ip: string | null;
  readonly target_port: number | null;
  readonly request_processing_time: number;
  readonly target_processing_time: number;
  readonly response_processing_time: number;
  readonly elb_status_code: number;
  readonly target_status_code: number | null;
  readonly received_bytes: number;
  readonly sent_bytes: number;
  readonly request: string;
  readonly user_agent: string | null;
  readonly ssl_cipher: string | null;
  readonly ssl_protocol: string | null;
  readonly target_group_arn: string | null;
  readonly trace_id: string;
  readonly request_creation_time: string;
  readonly actions_executed: readonly string[];
  readonly error_reason: string | null;
  readonly target_port_list: readonly string[];
  readonly target_status_code_list: readonly (number | null)[];
  readonly cause: string | null;
  readonly phase: string | null;
  readonly attempts: readonly JsonAttempt[];
  readonly reused: boolean;
  readonly recovered: string | null;
  readonly request_id: string;
  readonly origin: string | null;
}

export function toJsonAccessLine(r: ExchangeRecord): JsonAccessLine {
  const last = lastAttempt(r);
  return {
    type: r.type,
    time: isoMicros(r.endedAtMs),
    elb: r.listener,
    client_ip: r.client.address,
    client_port: r.client.port,
    target_ip: last ? last.target.address : null,
    target_port: last ? last.target.port : null,
    request_processing_time: secondsNumber(r.requestProcessingMs),
    target_processing_time: secondsNumber(r.targetProcessingMs),
    response_processing_time: secondsNumber(r.responseProcessingMs),
    elb_status_code: elbStatus(r),
    target_status_code: last?.status ?? null,
    received_bytes: r.receivedBytes,
    sent_bytes: r.sentBytes,
    request: requestText(r),
    user_agent: r.userAgent,
    ssl_cipher: r.tlsCipher,
    ssl_protocol: r.tlsProtocol,
    target_group_arn: r.pool,
    trace_id: r.requestId.startsWith('Root=') ? r.requestId : `Root=${r.requestId}`,
    request_creation_time: isoMicros(r.startedAtMs),
    actions_executed: r.pool !== null ? ['forward'] : [],
    error_reason: r.cause,
    target_port_list: r.attempts.map((a) => endpoint(a.target)),
    target_status_code_list: r.attempts.map((a) => a.status),
    cause: r.cause,
    phase: r.phase,
    attempts: r.attempts.map((a) => ({
      target: endpoint(a.target),
      status: a.status,
      cause: a.cause,
      reused: a.reused,
      idle_before_ms: a.idleBeforeMs,
      connect_ms: a.connectMs,
      tls_ms: a.tlsMs,
      headers_ms: a.headersMs,
      error_code: a.errorCode,
    })),
    reused: last?.reused ?? false,
    recovered: r.recovered,
    request_id: r.requestId,
    origin: r.origin,
  };
}

// Hand-written serialisation of exactly the object above (pino's approach: constant key text, strings
// escaped only when they need it); test/telemetry/access-log/encoders.test.ts proves it byte-equal
// to JSON.stringify(toJsonAccessLine(record)).
const PLAIN = /^[\u0020\u0021\u0023-\u005b\u005d-\u007e]*$/;
const str = (value: string | null): string => (value === null ? 'null' : PLAIN.test(value) ? `"${value}"` : JSON.stringify(value));
const num = (value: number | null): string => (value === null || !Number.isFinite(value) ? 'null' : String(value));

export function encodeJsonLine(r: ExchangeRecord): string {
  const last = lastAttempt(r);
  let targets = '';
  let statuses = '';
  let attempts = '';
  for (let i = 0; i < r.attempts.length; i++) {
    const a = r.attempts[i] as (typeof r.attempts)[number];
    const sep = i === 0 ? '' : ',';
    const target = str(endpoint(a.target));
    targets += sep + target;
    statuses += sep + num(a.status);
    attempts +=
      `${sep}{"target":${target},"status":${num(a.status)},"cause":${str(a.cause)},"reused":${a.reused},` +
      `"idle_before_ms":${num(a.idleBeforeMs)},"connect_ms":${num(a.connectMs)},"tls_ms":${num(a.tlsMs)},` +
      `"headers_ms":${num(a.headersMs)},"error_code":${str(a.errorCode)}}`;
  }
  return (
    `{"type":${str(r.type)},"time":"${isoMicros(r.endedAtMs)}","elb":${str(r.listener)},` +
    `"client_ip":${str(r.client.address)},"client_port":${num(r.client.port)},` +
    `"target_ip":${last ? str(last.target.address) : 'null'},"target_port":${last ? num(last.target.port) : 'null'},` +
    `"request_processing_time":${secondsNumber(r.requestProcessingMs)},"target_processing_time":${secondsNumber(r.targetProcessingMs)},` +
    `"response_processing_time":${secondsNumber(r.responseProcessingMs)},"elb_status_code":${elbStatus(r)},` +
    `"target_status_code":${num(last?.status ?? null)},"received_bytes":${num(r.receivedBytes)},"sent_bytes":${num(r.sentBytes)},` +
    `"request":${str(requestText(r))},"user_agent":${str(r.userAgent)},"ssl_cipher":${str(r.tlsCipher)},` +
    `"ssl_protocol":${str(r.tlsProtocol)},"target_group_arn":${str(r.pool)},` +
    `"trace_id":${str(r.requestId.startsWith('Root=') ? r.requestId : `Root=${r.requestId}`)},` +
    `"request_creation_time":"${isoMicros(r.startedAtMs)}","actions_executed":${r.pool !== null ? '["forward"]' : '[]'},` +
    `"error_reason":${str(r.cause)},"target_port_list":[${targets}],"target_status_code_list":[${statuses}],` +
    `"cause":${str(r.cause)},"phase":${str(r.phase)},"attempts":[${attempts}],"reused":${last?.reused ?? false},` +
    `"recovered":${str(r.recovered)},"request_id":${str(r.requestId)},"origin":${str(r.origin)}}\n`
  );
}
