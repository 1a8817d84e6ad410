// AWS Classic Load Balancer access logs ("Access log entries", CLB user guide): timestamp elb
// client:port backend:port request_processing_time backend_processing_time
// response_processing_time elb_status_code backend_status_code received_bytes sent_bytes
// "request" "user_agent" ssl_cipher ssl_protocol. When no backend answered CLB logs `-1` times
// and a backend status of `0` or `-`.
import { emptyEvent } from '../event.ts';
import { DASH, parseIsoTime, parseSeconds, parseUint, SP } from '../engine/bytes.ts';
import { createFieldSpans, field, optField, splitFields, statusOrNull } from './fields.ts';
import type { LineFormat } from './format.ts';

export function createClbFormat(): LineFormat {
  const spans = createFieldSpans(20);
  return {
    id: 'clb',
    quick(buf, start, end, out) {
      let i = start;
      let fieldIndex = 0;
      let fs = start;
      let timeEnd = -1;
      let status = -1;
      let targetDash = false;
      out.targetStart = -1;
      out.targetEnd = -1;
      for (; i <= end && fieldIndex <= 8; i++) {
        if (i === end || buf[i] === SP) {
          if (fieldIndex === 0) timeEnd = i;
          else if (fieldIndex === 3 && !(i - fs === 1 && buf[fs] === DASH)) {
            out.targetStart = fs;
            out.targetEnd = i;
          } else if (fieldIndex === 7) status = buf[fs] === DASH ? 0 : parseUint(buf, fs, i);
          else if (fieldIndex === 8) targetDash = buf[fs] === DASH || (i - fs === 1 && buf[fs] === 0x30);
          fieldIndex++;
          fs = i + 1;
        }
      }
      if (fieldIndex < 9 || status < 0) return false;
      out.timeMs = parseIsoTime(buf, start, timeEnd);
      if (Number.isNaN(out.timeMs)) return false;
      out.status = status;
      out.decode = status >= 500 || status === 0 || (status >= 400 && targetDash);
      return true;
    },
    decode(buf, start, end, file, line) {
      if (!splitFields(buf, start, end, spans) || spans.count < 11) return null;
      const e = emptyEvent('clb', file, line);
      e.timeMs = parseIsoTime(buf, spans.spans[0] as number, spans.spans[1] as number);
      e.client = optField(buf, spans, 2);
      e.target = optField(buf, spans, 3);
      e.targets = e.target === null ? [] : [e.target];
      e.status = statusOrNull(field(buf, spans, 7)) ?? 0;
      e.targetStatus = statusOrNull(field(buf, spans, 8));
      e.targetStatuses = [e.targetStatus];
      e.times = {
        request: parseSeconds(field(buf, spans, 4)),
        connect: null,
        header: parseSeconds(field(buf, spans, 5)),
        response: parseSeconds(field(buf, spans, 6)),
        total: null,
      };
      e.request = optField(buf, spans, 11);
      return e;
    },
  };
}
