// Our gateway's `json` access-log encoding: one object per line with the ALB field names plus
// `cause`, `phase`, `attempts`, `reused`, `request_id` (DESIGN §5). The hot path finds the status
// and time by byte search; only error lines are JSON.parse'd.
// ids.ts only: the worker threads need the ids, not the catalogue's texts.
import { isCauseId } from '../../causes/ids.ts';
import { emptyEvent, methodOf, type LogEvent } from '../event.ts';
import { parseIsoTime, parseUint } from '../engine/bytes.ts';
import type { LineFormat } from './format.ts';

const STATUS_KEY = Buffer.from('"elb_status_code":');
const TIME_KEY = Buffer.from('"time":"');
const TARGET_KEY = Buffer.from('"target_ip":"');
const CAUSE_NULL = Buffer.from('"cause":null');
const CAUSE_KEY = Buffer.from('"cause":');

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v !== '' && v !== '-' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' && v !== '-' ? v : null;
}

export function createGatewiseJsonFormat(): LineFormat {
  return {
    id: 'gatewise-json',
    quick(buf, start, end, out) {
      if (buf[start] !== 0x7b) return false;
      const b = buf as Buffer;
      const sk = b.indexOf(STATUS_KEY, start);
      if (sk < 0 || sk >= end) return false;
      let s = sk + STATUS_KEY.length;
      if (buf[s] === 0x22) s++;
      let e = s;
      while (e < end && (buf[e] as number) >= 0x30 && (buf[e] as number) <= 0x39) e++;
      const st = parseUint(buf, s, e);
      if (st < 0) return false;
      out.status = st;
      const tk = b.indexOf(TIME_KEY, start);
      out.timeMs = tk >= 0 && tk < end ? parseIsoTime(buf, tk + TIME_KEY.length, end) : Number.NaN;
      const gk = b.indexOf(TARGET_KEY, start);
      out.targetStart = -1;
      out.targetEnd = -1;
      if (gk >= 0 && gk < end) {
        const ts = gk + TARGET_KEY.length;
        let te = ts;
        while (te < end && buf[te] !== 0x22) te++;
        if (te > ts && !(te - ts === 1 && buf[ts] === 0x2d)) {
          out.targetStart = ts;
          out.targetEnd = te;
        }
      }
      const ck = b.indexOf(CAUSE_KEY, start);
      const hasCause = ck >= 0 && ck < end && b.indexOf(CAUSE_NULL, ck) !== ck;
      out.decode = st >= 400 || st === 0 || hasCause;
      return true;
    },
    decode(buf, start, end, file, line) {
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(buf.toString('utf8', start, end)) as Record<string, unknown>;
      } catch {
        return null;
      }
      const e = emptyEvent('gatewise-json', file, line);
      e.timeMs = typeof o.time === 'string' ? Date.parse(o.time) : Number.NaN;
      const ip = str(o.target_ip);
      e.client = str(o.client_ip);
      e.target = ip === null ? null : num(o.target_port) === null ? ip : `${ip}:${num(o.target_port)}`;
      const list = Array.isArray(o.target_port_list) ? o.target_port_list.filter((x): x is string => typeof x === 'string') : null;
      e.targets = list ?? (e.target === null ? [] : [e.target]);
      e.status = num(o.elb_status_code) ?? 0;
      e.targetStatus = num(o.target_status_code);
      e.targetStatuses = Array.isArray(o.target_status_code_list) ? o.target_status_code_list.map((c) => num(c)) : [e.targetStatus];
      e.request = str(o.request);
      e.method = methodOf(e.request);
      e.bytesSent = num(o.sent_bytes);
      e.times = {
        request: num(o.request_processing_time),
        connect: null,
        header: num(o.target_processing_time),
        response: num(o.response_processing_time),
        total: null,
      };
      e.errorReason = str(o.error_reason);
      const cause = str(o.cause) ?? e.errorReason;
      e.cause = cause !== null && isCauseId(cause) ? cause : null;
      e.phase = str(o.phase);
      e.attempts = Array.isArray(o.attempts) ? o.attempts.length : num(o.attempts);
      e.reused = typeof o.reused === 'boolean' ? o.reused : null;
      e.requestId = str(o.request_id) ?? str(o.trace_id);
      return e as LogEvent;
    },
  };
}
