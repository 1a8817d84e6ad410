// NGINX access logs in any `log_format` (combined by default), joined with the error log. The
// $upstream_* variables hold one value per attempt: "a, b" when NGINX moved to the next server,
// "a : b" across an internal redirect (ngx_http_upstream_module docs, $upstream_addr).
import { emptyEvent, methodOf, type LogEvent } from '../event.ts';
import { createClfTimeParser, hashBytes, parseClfTime, parseIsoWithOffset, parseUint, DASH } from '../engine/bytes.ts';
import { statusOrNull } from './fields.ts';
import type { LineFormat } from './format.ts';
import type { NginxErrorIndex } from './nginx-error.ts';
import { compileNginxFormat, NGINX_COMBINED } from './nginx-template.ts';

/** Statuses NGINX makes itself for client-side problems (ngx_http_special_response.c). */
const CLIENT_STATUSES = new Set([400, 408, 413, 414, 431, 494, 499]);

function splitList(text: string | null): string[] {
  if (text === null) return [];
  return text.split(/, | : /).map((s) => s.trim());
}

function lastNumber(text: string | null): number | null {
  const items = splitList(text);
  for (let i = items.length - 1; i >= 0; i--) {
    const n = Number(items[i]);
    if (items[i] !== '-' && Number.isFinite(n)) return n;
  }
  return null;
}

export function createNginxFormat(template = NGINX_COMBINED, errors: NginxErrorIndex | null = null): LineFormat {
  const t = compileNginxFormat(template);
  const ix = (name: string) => t.index.get(name) ?? -1;
  const status = ix('status');
  const timeLocal = ix('time_local');
  const timeIso = ix('time_iso8601');
  const msec = ix('msec');
  const addr = ix('upstream_addr');
  const request = ix('request');
  const sp = t.spans;
  const hashes = errors?.requestHashes;
  const clfTime = createClfTimeParser();
  // The hot path matches the line only up to the last field it reads; the rest (referer, user
  // agent, …) is matched when a line is decoded.
  const needed = [status, timeLocal, timeIso, msec, addr, hashes && hashes.size > 0 ? request : -1].filter((k) => k >= 0);
  const prefixTokens = Math.min(t.tokens.length, Math.max(...needed) + 2);

  // Token index per variable name, looked up once: decode reads spans without a Map or a tuple per field.
  const tokenOf = new Map<string, number>();
  const str = (buf: Buffer, name: string): string | null => {
    let k = tokenOf.get(name);
    if (k === undefined) {
      k = t.index.get(name) ?? -1;
      tokenOf.set(name, k);
    }
    if (k < 0) return null;
    const s = sp[k * 2] as number;
    const e = sp[k * 2 + 1] as number;
    if (e <= s || (e - s === 1 && buf[s] === DASH)) return null;
    return buf.toString('utf8', s, e);
  };

  return {
    id: 'nginx',
    quick(buf, start, end, out) {
      if (!t.matchPrefix(buf, start, end, prefixTokens)) return false;
      const st = parseUint(buf, sp[status * 2] as number, sp[status * 2 + 1] as number);
      if (st < 0) return false;
      out.status = st;
      if (timeLocal >= 0) out.timeMs = clfTime(buf, sp[timeLocal * 2] as number, sp[timeLocal * 2 + 1] as number);
      else if (timeIso >= 0) out.timeMs = parseIsoWithOffset(buf, sp[timeIso * 2] as number, sp[timeIso * 2 + 1] as number);
      else if (msec >= 0) out.timeMs = Number((buf as Buffer).toString('latin1', sp[msec * 2], sp[msec * 2 + 1])) * 1000;
      else out.timeMs = Number.NaN;
      out.targetStart = -1;
      out.targetEnd = -1;
      if (addr >= 0) {
        const as = sp[addr * 2] as number;
        const ae = sp[addr * 2 + 1] as number;
        let s = ae;
        while (s > as && buf[s - 1] !== 0x20) s--;
        if (ae > s && !(ae - s === 1 && buf[s] === DASH)) {
          out.targetStart = s;
          out.targetEnd = ae;
        }
      }
      // Status < 100 is NGINX passing an HTTP/0.9 answer ("009"): the target sent no HTTP head.
      let decode = st >= 500 || st < 100 || CLIENT_STATUSES.has(st);
      if (!decode && hashes !== undefined && hashes.size > 0 && request >= 0) {
        decode = hashes.has(hashBytes(buf, sp[request * 2] as number, sp[request * 2 + 1] as number));
      }
      out.decode = decode;
      return true;
    },
    decode(buf, start, end, file, line) {
      if (prefixTokens < t.tokens.length && !t.match(buf, start, end)) return null;
      const e = emptyEvent('nginx', file, line);
      e.status = parseUint(buf, sp[status * 2] as number, sp[status * 2 + 1] as number);
      if (timeLocal >= 0) e.timeMs = parseClfTime(buf, sp[timeLocal * 2] as number, sp[timeLocal * 2 + 1] as number);
      else if (timeIso >= 0) e.timeMs = parseIsoWithOffset(buf, sp[timeIso * 2] as number, sp[timeIso * 2 + 1] as number);
      else if (msec >= 0) e.timeMs = Number(str(buf, 'msec')) * 1000;
      e.client = str(buf, 'remote_addr');
      e.request = str(buf, 'request');
      e.method = str(buf, 'request_method') ?? methodOf(e.request);
      const sent = str(buf, 'body_bytes_sent') ?? str(buf, 'bytes_sent');
      e.bytesSent = sent === null ? null : Number(sent);
      e.requestId = str(buf, 'request_id') ?? str(buf, 'http_x_request_id');
      const addrs = splitList(str(buf, 'upstream_addr')).filter((a) => a !== '-');
      e.targets = addrs;
      e.target = addrs[addrs.length - 1] ?? null;
      const statusText = str(buf, 'upstream_status');
      e.targetStatuses = splitList(statusText).map((x) => statusOrNull(x));
      e.targetStatus = e.targetStatuses[e.targetStatuses.length - 1] ?? null;
      e.attempts = statusText === null ? null : e.targetStatuses.length;
      e.times = {
        request: null,
        connect: lastNumber(str(buf, 'upstream_connect_time')),
        header: lastNumber(str(buf, 'upstream_header_time')),
        response: lastNumber(str(buf, 'upstream_response_time')),
        total: lastNumber(str(buf, 'request_time')),
      };
      if (t.index.has('upstream_header_time') && e.times.header === null && e.targetStatuses.length > 0) {
        // $upstream_status holds 502/504 for attempts NGINX itself failed; no header time = no response head.
        const list = [...e.targetStatuses];
        list[list.length - 1] = null;
        e.targetStatuses = list;
        e.targetStatus = null;
      }
      e.noServer = addrs.length === 0 && statusText === null && t.index.has('upstream_addr');
      if (errors !== null && errors.size > 0) {
        e.errorLogChecked = true;
        const connText = str(buf, 'connection');
        const failed = Math.max(1, e.targetStatuses.filter((s) => s === null || s >= 500).length);
        const found = errors.take(connText === null ? null : Number(connText), e.client, e.request, failed + 1);
        if (found.length > 0) e.errorLog = found.map((f) => f.message).join(' | ');
      }
      return e as LogEvent;
    },
  };
}
