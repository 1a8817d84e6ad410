// HAProxy HTTP logs: `option httplog` by default or any `log-format`. The termination state
// (%tsc: who ended the session and in which phase, configuration.txt §8.5) is the key signal;
// timers (%TR/%Tw/%Tc/%Tr/%Ta, -1 when the phase was never reached) back it up.
import { emptyEvent, methodOf, type LogEvent } from '../event.ts';
import { createClfTimeParser, DASH, parseClfTime, parseUint } from '../engine/bytes.ts';
import type { LineFormat } from './format.ts';
import { compileHaproxyFormat, HAPROXY_HTTPLOG } from './haproxy-template.ts';
import { spanOf } from './template.ts';

/** Length of a syslog prefix ("Feb  6 12:14:14 host haproxy[123]: ") to skip, or 0. */
export function syslogPrefix(buf: Uint8Array, start: number, end: number): number {
  const c = buf[start] as number;
  const isDigit = c >= 0x30 && c <= 0x39;
  if (isDigit) return 0;
  const limit = Math.min(end - 2, start + 160);
  for (let i = start; i < limit; i++) {
    if (buf[i] === 0x5d && buf[i + 1] === 0x3a && buf[i + 2] === 0x20) return i + 3 - start;
  }
  return 0;
}

function ms(text: string | null): number | null {
  if (text === null) return null;
  const n = Number(text.replace(/^\+/, ''));
  if (!Number.isFinite(n)) return null;
  return n < 0 ? -1 : n / 1000;
}

export function createHaproxyFormat(template = HAPROXY_HTTPLOG): LineFormat {
  const t = compileHaproxyFormat(template);
  const sp = t.spans;
  const ix = (name: string) => t.index.get(name) ?? -1;
  const status = ix('ST');
  const timeIx = [ix('tr'), ix('t'), ix('T')].find((k) => k >= 0) ?? -1;
  const term = [ix('tsc'), ix('ts')].find((k) => k >= 0) ?? -1;
  const server = ix('s');
  const serverIp = ix('si');
  let skip = 0;
  const clfTime = createClfTimeParser();

  const str = (buf: Buffer, name: string): string | null => {
    const [s, e] = spanOf(t, name);
    if (s < 0 || e <= s) return null;
    const v = buf.toString('utf8', s, e);
    return v === '-' ? null : v;
  };

  return {
    id: 'haproxy',
    quick(buf, start, end, out) {
      skip = syslogPrefix(buf, start, end);
      if (!t.match(buf, start + skip, end)) return false;
      const ss = sp[status * 2] as number;
      const se = sp[status * 2 + 1] as number;
      // %ST is -1 when no response was sent (client aborted before one).
      const st = buf[ss] === DASH ? 0 : parseUint(buf, ss, se);
      if (st < 0) return false;
      out.status = st;
      out.timeMs = timeIx >= 0 ? clfTime(buf, sp[timeIx * 2] as number, sp[timeIx * 2 + 1] as number) : Number.NaN;
      const target = serverIp >= 0 ? serverIp : server;
      out.targetStart = -1;
      out.targetEnd = -1;
      if (target >= 0) {
        const ts = sp[target * 2] as number;
        const te = sp[target * 2 + 1] as number;
        if (te > ts && buf[ts] !== 0x3c /* <NOSRV> */) {
          out.targetStart = ts;
          out.targetEnd = te;
        }
      }
      const flagged = term >= 0 && buf[sp[term * 2] as number] !== DASH;
      out.decode = st >= 500 || st === 0 || st === 400 || st === 408 || flagged;
      return true;
    },
    decode(buf, start, end, file, line) {
      void start;
      void end;
      const e = emptyEvent('haproxy', file, line);
      const [ss, se] = spanOf(t, 'ST');
      e.status = buf[ss] === DASH ? 0 : parseUint(buf, ss, se);
      e.timeMs = timeIx >= 0 ? parseClfTime(buf, sp[timeIx * 2] as number, sp[timeIx * 2 + 1] as number) : Number.NaN;
      e.client = str(buf, 'ci');
      e.request = str(buf, 'r');
      e.method = methodOf(e.request);
      const bytes = str(buf, 'B');
      e.bytesSent = bytes === null ? null : Number(bytes);
      const srv = str(buf, 's');
      e.server = srv;
      e.noServer = srv === '<NOSRV>';
      const si = str(buf, 'si');
      const sport = str(buf, 'sp');
      e.target = e.noServer ? null : si !== null ? (sport !== null ? `${si}:${sport}` : si) : srv;
      e.targets = e.target === null ? [] : [e.target];
      e.termination = term >= 0 ? buf.toString('latin1', sp[term * 2], sp[term * 2 + 1]) : null;
      const tr = ms(str(buf, 'Tr'));
      e.times = {
        request: ms(str(buf, 'TR') ?? str(buf, 'Tq')),
        connect: ms(str(buf, 'Tc')),
        header: tr,
        response: null,
        total: ms(str(buf, 'Ta') ?? str(buf, 'Tt')),
      };
      // HAProxy logs one status: the server's when it answered (Tr >= 0), else its own.
      e.targetStatus = tr !== null && tr >= 0 && e.status > 0 ? e.status : null;
      e.targetStatuses = [e.targetStatus];
      const retries = str(buf, 'rc');
      e.attempts = retries === null ? null : Number(retries.replace(/^\+/, '')) + 1;
      const hr = str(buf, 'hr');
      e.requestId = str(buf, 'ID') ?? (hr === null ? null : (hr.replace(/^\{|\}$/g, '').split('|')[0] || null));
      return e as LogEvent;
    },
  };
}
