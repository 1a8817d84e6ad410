// Envoy's default access log format (Envoy docs, "Access logging" → "Default format string"):
// [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
// %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
// "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%"
// "%UPSTREAM_HOST%"
import { emptyEvent } from '../event.ts';
import { DASH, findByte, parseIsoTime, parseSeconds, parseUint, QUOTE, SP } from '../engine/bytes.ts';
import { createFieldSpans, field, optField, splitFields, statusOrNull } from './fields.ts';
import type { LineFormat } from './format.ts';

export function createEnvoyFormat(): LineFormat {
  const spans = createFieldSpans(20);
  return {
    id: 'envoy',
    quick(buf, start, end, out) {
      if (buf[start] !== 0x5b) return false;
      const close = findByte(buf, 0x5d, start + 1, end);
      if (close < 0 || buf[close + 2] !== QUOTE) return false;
      out.timeMs = parseIsoTime(buf, start + 1, close);
      const q2 = findByte(buf, QUOTE, close + 3, end);
      if (q2 < 0 || Number.isNaN(out.timeMs)) return false;
      const ss = q2 + 2;
      const se = findByte(buf, SP, ss, end);
      if (se < 0) return false;
      const status = parseUint(buf, ss, se);
      if (status < 0) return false;
      out.status = status;
      out.decode = status >= 500 || status === 0 || buf[se + 1] !== DASH;
      // %UPSTREAM_HOST% is the last quoted field.
      let te = end - 1;
      while (te > se && buf[te] !== QUOTE) te--;
      let ts = te - 1;
      while (ts > se && buf[ts] !== QUOTE) ts--;
      const dash = te - ts === 2 && buf[ts + 1] === DASH;
      out.targetStart = dash || ts <= se ? -1 : ts + 1;
      out.targetEnd = dash || ts <= se ? -1 : te;
      return true;
    },
    decode(buf, start, end, file, line) {
      if (!splitFields(buf, start, end, spans) || spans.count < 12) return null;
      const e = emptyEvent('envoy', file, line);
      const s = spans.spans;
      // "[time]" is one field; the request line is the quoted field after it.
      e.timeMs = parseIsoTime(buf, (s[0] as number) + 1, (s[1] as number) - 1);
      e.request = optField(buf, spans, 1);
      e.status = statusOrNull(field(buf, spans, 2)) ?? 0;
      const flags = optField(buf, spans, 3);
      e.flags = flags;
      // %DURATION% and x-envoy-upstream-service-time are milliseconds.
      const duration = parseSeconds(field(buf, spans, 6));
      const service = parseSeconds(field(buf, spans, 7));
      e.times = { request: null, connect: null, header: service === null ? null : service / 1000, response: null, total: duration === null ? null : duration / 1000 };
      e.requestId = optField(buf, spans, 10);
      const host = optField(buf, spans, 12);
      e.target = host === null ? null : host.replace(/^tcp:\/\//, '');
      e.targets = e.target === null ? [] : [e.target];
      // Envoy logs one code; a non-5xx code with an upstream host is the upstream's own answer.
      e.targetStatus = e.target !== null && flags === null ? e.status : null;
      e.targetStatuses = [e.targetStatus];
      e.noServer = e.target === null;
      return e;
    },
  };
}
