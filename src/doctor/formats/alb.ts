// AWS Application Load Balancer access logs, field order from "Access log entries" in the ELB user
// guide: type time elb client:port target:port request_processing_time target_processing_time
// response_processing_time elb_status_code target_status_code received_bytes sent_bytes "request"
// "user_agent" ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name" "chosen_cert_arn"
// matched_rule_priority request_creation_time "actions_executed" "redirect_url" "error_reason"
// "target:port_list" "target_status_code_list" "classification" "classification_reason"
// conn_trace_id — and AWS appends new fields at the end ("transformed_host", …), so anything past
// the known ones is tolerated. Older ALBs log fewer fields; every field after the status is optional.
// Our gateway's `alb` encoding is this order with the cause id in error_reason and extra trailing
// `key=value` fields (phase, attempts, reused, request_id).
// ids.ts only: the worker threads need the ids, not the catalogue's texts.
import { isCauseId } from '../../causes/ids.ts';
import { emptyEvent, methodOf, type LogEvent } from '../event.ts';
import { createIsoTimeParser, DASH, parseIsoTime, parseSeconds, parseUint, SP } from '../engine/bytes.ts';
import { createFieldSpans, field, optField, splitFields, statusOrNull } from './fields.ts';
import type { LineFormat, QuickLine } from './format.ts';

export const ALB_FIELDS = [
  'type', 'time', 'elb', 'client:port', 'target:port', 'request_processing_time', 'target_processing_time',
  'response_processing_time', 'elb_status_code', 'target_status_code', 'received_bytes', 'sent_bytes',
  'request', 'user_agent', 'ssl_cipher', 'ssl_protocol', 'target_group_arn', 'trace_id', 'domain_name',
  'chosen_cert_arn', 'matched_rule_priority', 'request_creation_time', 'actions_executed', 'redirect_url',
  'error_reason', 'target:port_list', 'target_status_code_list', 'classification', 'classification_reason',
  'conn_trace_id',
] as const;

/** Index of our first own field in our `alb` encoding (after AWS's three request-transform fields). */
const OURS_FIRST = 33;

const F = Object.fromEntries(ALB_FIELDS.map((name, i) => [name, i])) as Record<(typeof ALB_FIELDS)[number], number>;

/**
 * Decode errors, answers no target gave (target status "-": the load balancer's own 4xx, redirects,
 * fixed responses, or an abort after the head), and lines of our own encoding that carry a cause
 * (its 6th field from the end is an unquoted cause id; AWS's fields there are quoted).
 */
function needsDecode(status: number, targetDash: boolean, buf: Uint8Array, start: number, end: number): boolean {
  if (status >= 500 || status === 0 || targetDash) return true;
  let i = end - 1;
  for (let spaces = 0; i > start; i--) if (buf[i] === SP && ++spaces === 6) break;
  const c = buf[i + 1];
  return c === 0x75 /* u */ || c === 0x63 /* c */ || c === 0x6e /* n */ || c === 0x70 /* p */;
}

/**
 * "-1", "0.012", "12.5" → the number Number() gives: an integer mantissa of at most 15 digits
 * divided by a power of ten is correctly rounded, as Number() is. NaN for anything else ("-", "",
 * exponents, long fractions), which the caller reads the slow way.
 */
function decimalAt(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = buf[i] === DASH;
  if (negative) i++;
  if (i >= end || end - i > 16) return Number.NaN;
  let n = 0;
  let digits = 0;
  let scale = 1;
  let dot = false;
  for (; i < end; i++) {
    const c = buf[i] as number;
    if (c === 0x2e && !dot) {
      dot = true;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
    digits++;
    if (dot) scale *= 10;
  }
  if (digits === 0 || digits > 15 || (dot && buf[end - 1] === 0x2e) || (dot && buf[negative ? start + 1 : start] === 0x2e)) return Number.NaN;
  const v = n / scale;
  return negative ? -v : v;
}

export function createAlbFormat(): LineFormat {
  const spans = createFieldSpans(48);
  const time = createIsoTimeParser();
  return {
    id: 'alb',
    quick(buf, start, end, out: QuickLine) {
      // Fields 0..9 are never quoted: step over them with tight byte loops.
      let i = start;
      while (i < end && buf[i] !== SP) i++; // type
      const ts = ++i;
      // time is 27 bytes ("2018-07-02T22:23:00.186641Z") on every ALB line: jump when it is.
      if (buf[ts + 27] === SP) i = ts + 27;
      else while (i < end && buf[i] !== SP) i++;
      const te = i++;
      // elb ("app/name/id") is long: a native search beats a byte loop.
      i = (buf as Buffer).indexOf(SP, i);
      if (i < 0) return false;
      i++;
      while (i < end && buf[i] !== SP) i++; // client:port
      const gs = ++i;
      while (i < end && buf[i] !== SP) i++; // target:port
      const ge = i++;
      for (let k = 0; k < 3; k++) {
        while (i < end && buf[i] !== SP) i++; // the three processing times
        i++;
      }
      const ss = i;
      while (i < end && buf[i] !== SP) i++; // elb_status_code
      const se = i++;
      if (i >= end) return false;
      const status = se - ss === 1 && buf[ss] === DASH ? 0 : parseUint(buf, ss, se);
      if (status < 0) return false;
      const t = time(buf, ts, te);
      if (!(t === t)) return false;
      out.timeMs = t;
      out.status = status;
      if (ge - gs === 1 && buf[gs] === DASH) {
        out.targetStart = -1;
        out.targetEnd = -1;
      } else {
        out.targetStart = gs;
        out.targetEnd = ge;
      }
      out.decode = needsDecode(status, buf[i] === DASH, buf, start, end);
      return true;
    },
    decode(buf, start, end, file, line) {
      if (!splitFields(buf, start, end, spans) || spans.count < 12) return null;
      return albEvent(buf, file, line);
    },
  };

  /** statusOrNull(field(…)) read from the bytes: plain digits need no string. */
  function statusAt(buf: Buffer, index: number): number | null {
    if (index >= spans.count) return null;
    const n = parseUint(buf, spans.spans[index * 2] as number, spans.spans[index * 2 + 1] as number);
    if (n >= 0 && n <= Number.MAX_SAFE_INTEGER) return n > 0 ? n : null;
    return statusOrNull(field(buf, spans, index));
  }

  /** parseSeconds(field(…)) read from the bytes for the usual "-1", "0.012": no string. */
  function secondsAt(buf: Buffer, index: number): number | null {
    if (index >= spans.count) return null;
    const v = decimalAt(buf, spans.spans[index * 2] as number, spans.spans[index * 2 + 1] as number);
    return v === v ? v : parseSeconds(field(buf, spans, index));
  }

  function albEvent(buf: Buffer, file: string, line: number): LogEvent {
    const e = emptyEvent('alb', file, line);
    const s = spans.spans;
    e.timeMs = parseIsoTime(buf, s[F.time * 2] as number, s[F.time * 2 + 1] as number);
    const client = optField(buf, spans, F['client:port']);
    e.client = client;
    const target = optField(buf, spans, F['target:port']);
    e.target = target;
    e.status = statusAt(buf, F.elb_status_code) ?? 0;
    e.targetStatus = statusAt(buf, F.target_status_code);
    e.times = {
      request: secondsAt(buf, F.request_processing_time),
      connect: null,
      header: secondsAt(buf, F.target_processing_time),
      response: secondsAt(buf, F.response_processing_time),
      total: null,
    };
    e.request = optField(buf, spans, F.request);
    e.method = methodOf(e.request);
    e.bytesSent = statusAt(buf, F.sent_bytes);
    const reason = optField(buf, spans, F.error_reason);
    e.errorReason = reason;
    if (reason !== null && isCauseId(reason)) e.cause = reason;
    const list = optField(buf, spans, F['target:port_list']);
    e.targets = list === null ? (target === null ? [] : [target]) : list.split(' ');
    const statuses = optField(buf, spans, F['target_status_code_list']);
    e.targetStatuses = statuses === null ? [e.targetStatus] : statuses.split(' ').map((x) => statusOrNull(x));
    e.classification = optField(buf, spans, F.classification);
    e.requestId = optField(buf, spans, F.trace_id);
    // Our gateway's encoding appends, after AWS's transformed_host, transformed_uri and
    // request_transform_status: cause phase attempts reused recovered request_id (positional).
    if (spans.count >= OURS_FIRST + 6) {
      const cause = field(buf, spans, OURS_FIRST) ?? '-';
      if (cause === '-' || isCauseId(cause)) {
        if (cause !== '-') e.cause = cause;
        e.phase = optField(buf, spans, OURS_FIRST + 1);
        e.attempts = statusOrNull(field(buf, spans, OURS_FIRST + 2));
        const reused = field(buf, spans, OURS_FIRST + 3);
        e.reused = reused === '1' ? true : reused === '0' ? false : null;
        e.requestId = optField(buf, spans, OURS_FIRST + 5) ?? e.requestId;
        return e;
      }
    }
    for (let k = ALB_FIELDS.length; k < spans.count; k++) {
      const extra = field(buf, spans, k) ?? '';
      const eq = extra.indexOf('=');
      if (eq <= 0) continue;
      const key = extra.slice(0, eq);
      const value = extra.slice(eq + 1);
      if (key === 'request_id' && value !== '-') e.requestId = value;
      else if (key === 'phase' && value !== '-') e.phase = value;
      else if (key === 'attempts') e.attempts = Number(value) || null;
      else if (key === 'reused') e.reused = value === 'true' || value === '1';
      else if (key === 'cause' && isCauseId(value)) e.cause = value;
    }
    return e;
  }
}
