// One active health check: GET <path> on a fresh connection (plain or TLS, the pool's TLS settings),
// the response head read with the gateway's own strict parser, and any failure classified by the
// gateway's classifier, so an unhealthy target's reason is a cause id from the catalogue (e.g.
// `upstream_connect_refused`, `upstream_headers_timeout`, `upstream_bad_response`) and never a
// message. `Connection: close`: a check must not hold an idle socket the target may close under us.
import { connect as netConnect, type LookupFunction, type Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { CauseId, Phase } from '../../causes/index.ts';
import type { ActiveHealthCheck } from '../../config/model.ts';
import { createResponseParser } from '../../http1/index.ts';
import { classify } from '../classify.ts';
import { GW } from '../error-codes.ts';
import type { TargetAddress } from '../target.ts';

const TLS_ALERT = 0x15;
const TLS_HANDSHAKE = 0x16;

export interface CheckResult {
  readonly ok: boolean;
  /** Why it failed, as a cause (a status outside the range counts as `upstream_5xx` for 5xx, else null). */
  readonly cause: CauseId | null;
  readonly status: number | null;
  /** One line for the event, e.g. "status 503 outside 200-399" or "ECONNREFUSED while connecting". */
  readonly detail: string;
  readonly ms: number;
}

export interface ProbeOptions {
  readonly check: ActiveHealthCheck;
  readonly tls: ConnectionOptions | null;
  readonly lookup: LookupFunction | undefined;
}

export function probeTarget(address: TargetAddress, options: ProbeOptions): Promise<CheckResult> {
  const { check } = options;
  const started = performance.now();
  return new Promise((resolve) => {
    let phase: Phase = 'connect';
    let bytesWritten = 0;
    let bytesRead = 0;
    let done = false;
    let socket: Socket;
    const finish = (result: Omit<CheckResult, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...result, ms: Math.round(performance.now() - started) });
    };
    const fail = (code: string) => {
      const cause = classify({ errorCode: code, phase, socketFacts: { reused: false, idleMs: 0, requestBytesWritten: bytesWritten, responseBytesRead: bytesRead, sawRst: code === 'ECONNRESET' } });
      finish({ ok: false, cause, status: null, detail: `${code} while ${phase === 'headers' ? 'waiting for the response head' : phase === 'send' ? 'sending' : phase === 'tls' ? 'in the TLS handshake' : 'connecting'}` });
    };
    const timer = setTimeout(() => fail(GW.timeout), check.timeoutMs);
    const host = address.host;
    const connectOptions = { host, port: address.port, ...(options.lookup ? { lookup: options.lookup } : {}) };
    const raw = netConnect(connectOptions);
    socket = raw;
    raw.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? GW.internal));
    const hostHeader = host.includes(':') ? `[${host}]:${address.port}` : `${host}:${address.port}`;
    const request = Buffer.from(`GET ${check.path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: gatewise-health-check\r\nAccept: */*\r\nConnection: close\r\n\r\n`, 'latin1');
    const parser = createResponseParser({ maxHeadBytes: 32 * 1024 });
    parser.startExchange(false);
    const onData = (chunk: Buffer) => {
      // Plain HTTP to a TLS port: the answer is a TLS record (RFC 8446 §5.1), as the gateway checks too.
      if (bytesRead === 0 && !address.tls && (chunk[0] === TLS_HANDSHAKE || chunk[0] === TLS_ALERT)) {
        bytesRead += chunk.length;
        fail(GW.tlsRecord);
        return;
      }
      bytesRead += chunk.length;
      const st = parser.execute(chunk, 0);
      if (st === 'more') return;
      if (st === 'error') {
        fail(parser.error!.code);
        return;
      }
      const status = parser.head.status;
      if (status < 200) return; // interim 1xx: the final head follows
      const { min, max } = check.expectStatus;
      const range = min === max ? `${min}` : `${min}-${max}`;
      if (status >= min && status <= max) finish({ ok: true, cause: null, status, detail: `status ${status}` });
      else finish({ ok: false, cause: status >= 500 ? 'upstream_5xx' : null, status, detail: `status ${status} outside ${range}` });
    };
    const send = (s: Socket) => {
      phase = 'send';
      s.write(request, () => {
        if (phase === 'send') phase = 'headers';
      });
      bytesWritten = request.length;
      s.on('data', onData);
      s.on('end', () => fail(GW.eof));
    };
    raw.once('connect', () => {
      if (!address.tls) {
        send(raw);
        return;
      }
      phase = 'tls';
      const secure = process.getBuiltinModule('node:tls').connect({ ...(options.tls ?? {}), socket: raw });
      socket = secure;
      secure.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? GW.internal));
      secure.once('secureConnect', () => send(secure));
    });
  });
}
