// Field formatting shared by the access-log encoders, written for the hot path: one string build
// per line, the date part of timestamps cached per second (pino's lesson: pre-compute what repeats),
// escaping only when a value needs it.
import type { Attempt, Endpoint, ExchangeRecord } from '../exchange-record.ts';

// Two slots: a line formats both its start and its end, often in different seconds.
let secondA = -1;
let prefixA = '';
let secondB = -1;
let prefixB = '';

function datePrefix(second: number): string {
  if (second === secondA) return prefixA;
  if (second === secondB) return prefixB;
  const prefix = new Date(second * 1000).toISOString().slice(0, 19);
  secondB = secondA;
  prefixB = prefixA;
  secondA = second;
  prefixA = prefix;
  return prefix;
}

/** ISO 8601 in UTC with microseconds, as ALB writes `time`: `2018-07-02T22:23:00.186000Z`. */
export function isoMicros(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  const micros = Math.min(Math.round((epochMs - second * 1000) * 1000), 999_999);
  return `${datePrefix(second)}.${micros < 100_000 ? String(micros).padStart(6, '0') : micros}Z`;
}

/**
 * A processing time in seconds with millisecond precision, or -1 when the phase never happened.
 * AWS: "The total time elapsed (in seconds, with millisecond precision)"; its examples read `0.048`.
 */
export function seconds(ms: number): string {
  if (ms < 0) return '-1';
  // Integer arithmetic instead of toFixed(3): the same digits, a fraction of the cost per line.
  const whole = Math.round(ms);
  const s = Math.floor(whole / 1000);
  const frac = whole - s * 1000;
  return `${s}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}`;
}

/** For JSON: the same value as a number, kept to the microsecond (JSON is ours: no need to round). */
export function secondsNumber(ms: number): number {
  return ms < 0 ? -1 : Math.round(ms * 1000) / 1_000_000;
}

export function endpoint(e: Endpoint): string {
  return `${e.address}:${e.port}`;
}

// Anything that would break a quoted field or a line: quote, backslash, controls, non-ASCII.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/;

/**
 * The inside of a quoted field. A `"`, `\`, control or non-ASCII character becomes `\xHH` (NGINX's
 * escaping), so `"([^"]*)"` parsers such as Athena's ALB regex never split a field and a request can
 * never forge a second log line.
 */
export function escapeQuoted(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x22 || code === 0x5c || code < 0x20 || code >= 0x7f) {
      out += code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else {
      out += value[i];
    }
  }
  return out;
}

const NOT_TOKEN = /[\s"\\\u0000-\u001f\u007f-\uffff]/;
const NOT_TOKEN_ALL = new RegExp(NOT_TOKEN.source, 'g'); // a separate /g object: .test() on /g is stateful

/** An unquoted field: never empty, never containing a space, quote or control character. */
export function token(value: string | null): string {
  if (value === null || value === '') return '-';
  return NOT_TOKEN.test(value) ? value.replace(NOT_TOKEN_ALL, '_') : value;
}

/** ALB truncates the user agent at 8 KB. */
const MAX_USER_AGENT = 8192;

export function userAgent(value: string | null): string {
  if (value === null || value === '') return '-';
  return escapeQuoted(value.length > MAX_USER_AGENT ? value.slice(0, MAX_USER_AGENT) : value);
}

/**
 * ALB's request field: `METHOD scheme://host:port/uri VERSION`. The port comes from the Host header,
 * or the scheme's default (the record does not carry the listener's port).
 */
export function requestText(r: ExchangeRecord): string {
  const secure = r.type === 'https' || r.type === 'wss';
  const scheme = secure ? 'https' : 'http';
  let uri: string;
  if (r.target.startsWith('/')) {
    let host = r.host ?? '-';
    const bracket = host.lastIndexOf(']');
    const colon = host.lastIndexOf(':');
    if (colon <= bracket) host = `${host}:${secure ? 443 : 80}`;
    uri = `${scheme}://${host}${r.target}`;
  } else {
    uri = r.target; // absolute-form or `*`: as sent
  }
  return `${r.method} ${uri} ${r.httpVersion}`;
}

/** The request field escaped for its quotes. */
export function requestLine(r: ExchangeRecord): string {
  return escapeQuoted(requestText(r));
}

export function lastAttempt(r: ExchangeRecord): Attempt | undefined {
  return r.attempts[r.attempts.length - 1];
}

/**
 * ALB's `elb_status_code` is always a number. A client that went away before any response is what
 * ALB logs as 460 ("the client closed the connection before the load balancer could respond").
 */
export const CLIENT_CLOSED_STATUS = 460;

export function elbStatus(r: ExchangeRecord): number {
  return r.status ?? CLIENT_CLOSED_STATUS;
}

/** `Root=…` as in X-Amzn-Trace-Id: the request id, which may already be one from an ALB in front. */
export function traceId(requestId: string): string {
  return requestId.startsWith('Root=') ? escapeQuoted(requestId) : `Root=${escapeQuoted(requestId)}`;
}
