// The `alb` encoding: one line per exchange in the field order, quoting and formats of the AWS ALB
// access log ("Access logs for your Application Load Balancer", Syntax), so ALB tooling (Athena's
// regex, GoAccess, log shippers) reads it as is. AWS appends new fields at the end and tells parsers to
// ignore trailing fields they do not know; ours go after AWS's current last field, in the same way.
import type { ExchangeRecord } from '../exchange-record.ts';
import {
  elbStatus,
  endpoint,
  isoMicros,
  lastAttempt,
  requestLine,
  seconds,
  token,
  traceId,
  userAgent,
} from './fields.ts';

/** Field names in order, as AWS documents them, then ours (docs/access-log.md explains each). */
export const ALB_FIELDS = [
  'type', 'time', 'elb', 'client:port', 'target:port',
  'request_processing_time', 'target_processing_time', 'response_processing_time',
  'elb_status_code', 'target_status_code', 'received_bytes', 'sent_bytes',
  'request', 'user_agent', 'ssl_cipher', 'ssl_protocol', 'target_group_arn', 'trace_id',
  'domain_name', 'chosen_cert_arn', 'matched_rule_priority', 'request_creation_time',
  'actions_executed', 'redirect_url', 'error_reason', 'target:port_list', 'target_status_code_list',
  'classification', 'classification_reason', 'conn_trace_id',
  'transformed_host', 'transformed_uri', 'request_transform_status',
  // Gatewise's own, appended:
  'cause', 'phase', 'attempts', 'reused', 'recovered', 'request_id',
] as const;

// Fields Gatewise has no value for, fixed per ALB's "-" convention: domain_name and chosen_cert_arn
// (ACM/SNI), redirect_url, classification and its reason (desync mitigation: we refuse those
// requests outright), conn_trace_id (ALB connection logs), and the three request-transform fields.
const NO_SNI_CERT = '"-" "-"';
const AFTER_LISTS = '"-" "-" - "-" "-" "-"';

export function encodeAlbLine(r: ExchangeRecord): string {
  const last = lastAttempt(r);
  const routed = r.pool !== null;
  let targets = '-';
  let statuses = '-';
  if (r.attempts.length > 0) {
    targets = '';
    statuses = '';
    let anyStatus = false;
    for (let i = 0; i < r.attempts.length; i++) {
      const a = r.attempts[i] as (typeof r.attempts)[number];
      const sep = i === 0 ? '' : ' ';
      targets += sep + endpoint(a.target);
      statuses += sep + (a.status === null ? '-' : String(a.status));
      if (a.status !== null) anyStatus = true;
    }
    if (!anyStatus) statuses = '-';
  }
  return (
    `${r.type} ${isoMicros(r.endedAtMs)} ${token(r.listener)} ${endpoint(r.client)} ${last ? endpoint(last.target) : '-'} ` +
    `${seconds(r.requestProcessingMs)} ${seconds(r.targetProcessingMs)} ${seconds(r.responseProcessingMs)} ` +
    `${elbStatus(r)} ${last?.status ?? '-'} ${r.receivedBytes} ${r.sentBytes} ` +
    `"${requestLine(r)}" "${userAgent(r.userAgent)}" ${token(r.tlsCipher)} ${token(r.tlsProtocol)} ${token(r.pool)} ` +
    `"${traceId(r.requestId)}" ${NO_SNI_CERT} ${routed ? 0 : '-'} ${isoMicros(r.startedAtMs)} ` +
    `"${routed ? 'forward' : '-'}" "-" "${r.cause ?? '-'}" "${targets}" "${statuses}" ${AFTER_LISTS} ` +
    `${r.cause ?? '-'} ${r.phase ?? '-'} ${r.attempts.length} ${last ? (last.reused ? 1 : 0) : '-'} ${r.recovered ?? '-'} ${token(r.requestId)}\n`
  );
}
