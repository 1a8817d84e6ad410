// One HTTP/1.x exchange loop on a channel: read a head, dispatch it to a route, let the handler act
// on the wire, then read the next request if the connection is still usable (RFC 9112 §9.3).
import type { Channel } from './channel.ts';
import type { EventLog } from './event-log.ts';
import { knobDefault, type After, type KnobSpec, type LabSettings, type RequestContext } from './fault.ts';
import { createBodyDecoder, framingOf, type BodyDecoder } from './request-body.ts';
import { fieldValue, readRequestHead, wantsKeepAlive, type RequestHead } from './request-head.ts';
import { responseBytes } from './response.ts';

export interface Route {
  /** The fault id or helper name. */
  readonly id: string;
  readonly fault: string | null;
  readonly knobs: readonly KnobSpec[];
  handle(ctx: RequestContext): Promise<After>;
}

export interface SessionEnv {
  readonly listener: string;
  readonly log: EventLog;
  readonly settings: LabSettings;
  route(pathname: string, headerFault: string | undefined): Route;
  countExecution(route: Route): void;
}

/** Heads larger than this get 431 (the lab must accept what proxies send, which is far less). */
const MAX_HEAD_BYTES = 64 * 1024;

class KnobError extends Error {}

export function startSession(channel: Channel, env: SessionEnv): void {
  const conn = channel.conn;
  let buffer: Buffer = Buffer.alloc(0);
  let state: 'head' | 'body' | 'busy' | 'done' = 'head';
  let index = 0;
  let body: { decoder: BodyDecoder; resolve: (bytes: number | null) => void } | null = null;
  let idleMs: number | null = null;
  let idleTimer: NodeJS.Timeout | null = null;

  const disarmIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
  };
  const armIdle = () => {
    if (idleMs === null || idleTimer) return;
    idleTimer = setTimeout(() => {
      idleTimer = null;
      env.log.emit({ type: 'note', conn: conn.id, text: `idle for ${idleMs} ms: closing` });
      conn.close();
    }, idleMs);
  };
  conn.onClose(() => {
    disarmIdle();
    body?.resolve(null);
    body = null;
    state = 'done';
  });

  const refuse = (status: 400 | 431, reason: string) => {
    state = 'done';
    env.log.emit({ type: 'bad-request', conn: conn.id, reason });
    const text = status === 400 ? 'Bad Request' : 'Request Header Fields Too Large';
    channel.write(responseBytes({ status, reason: text, body: `${reason}\n`, keepAlive: false }));
    channel.fin();
  };

  const pump = () => {
    if (state === 'body' && body) {
      if (buffer.length === 0) return;
      const result = body.decoder.feed(buffer);
      if (result.kind === 'invalid') {
        body.resolve(null);
        body = null;
        return refuse(400, result.reason);
      }
      buffer = buffer.subarray(result.consumed);
      if (result.kind === 'done') {
        const done = body;
        body = null;
        state = 'busy';
        done.resolve(done.decoder.bodyBytes);
      }
      return;
    }
    if (state !== 'head') return;
    if (buffer.length === 0) {
      if (!conn.peerEnded) return armIdle();
      state = 'done';
      return channel.fin();
    }
    const result = readRequestHead(buffer, MAX_HEAD_BYTES);
    if (result.kind === 'incomplete') return;
    if (result.kind === 'too-large') return refuse(431, `request head larger than ${MAX_HEAD_BYTES} bytes`);
    if (result.kind === 'invalid') return refuse(400, result.reason);
    buffer = buffer.subarray(result.consumed);
    dispatch(result.head);
  };

  const dispatch = (head: RequestHead) => {
    index += 1;
    let url: URL;
    try {
      url = new URL(head.target, 'http://lab.invalid');
    } catch {
      return refuse(400, `request target "${head.target.slice(0, 80)}" is not a URL`);
    }
    const route = env.route(url.pathname, fieldValue(head.headers, 'x-lab-fault'));
    env.log.emit({
      type: 'request',
      conn: conn.id,
      listener: env.listener,
      route: route.id,
      fault: route.fault,
      index,
      method: head.method,
      target: head.target,
      version: head.version,
      headers: head.headers,
    });
    const framing = framingOf(head);
    if (framing.kind === 'invalid') return refuse(400, framing.reason);
    env.countExecution(route);
    state = 'busy';
    const expectsContinue =
      head.version === 'HTTP/1.1' && (fieldValue(head.headers, 'expect') ?? '').toLowerCase() === '100-continue';
    let replied = false;
    let bodyRead: Promise<number | null> | null = null;
    const readBody = (): Promise<number | null> => {
      bodyRead ??= new Promise<number | null>((resolve) => {
        if (framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0)) return resolve(0);
        // RFC 9110 §10.1.1: the client waits for 100 before sending the body; never after a final status.
        if (expectsContinue && !replied) channel.write('HTTP/1.1 100 Continue\r\n\r\n');
        body = { decoder: createBodyDecoder(framing), resolve };
        state = 'body';
        pump();
      }).then((bytes) => {
        if (bytes !== null) env.log.emit({ type: 'request-body', conn: conn.id, route: route.id, bodyBytes: bytes });
        return bytes;
      });
      return bodyRead;
    };
    const ctx: RequestContext = {
      head,
      url,
      index,
      channel,
      conn,
      readBody,
      knob(name) {
        const spec = route.knobs.find((k) => k.name === name);
        if (!spec) throw new Error(`route ${route.id} has no knob ${name}`);
        const raw = url.searchParams.get(name);
        if (raw === null) return knobDefault(spec, env.settings);
        if (!/^\d{1,12}$/.test(raw) || Number(raw) > spec.max) {
          throw new KnobError(`${name}=${raw}: expected an integer from 0 to ${spec.max}`);
        }
        return Number(raw);
      },
      reply(status, reason, text, headers = []) {
        replied = true;
        const keepAlive = wantsKeepAlive(head) && !conn.peerEnded;
        const omitBody = head.method === 'HEAD';
        channel.write(responseBytes({ status, reason, headers, body: text, keepAlive, omitBody }));
        if (keepAlive) return 'next';
        channel.fin();
        return 'hold';
      },
      sleep: (ms) => conn.sleep(ms),
      closeWhenIdle(ms) {
        idleMs = ms;
      },
    };
    route
      .handle(ctx)
      .catch((error: unknown) => {
        if (!(error instanceof KnobError)) throw error;
        refuse(400, error.message);
        return 'hold' as const;
      })
      .then(async (after) => {
        if (after === 'hold' || conn.closed) {
          state = 'done';
          return;
        }
        if (bodyRead === null && expectsContinue && framing.kind !== 'none') {
          state = 'done'; // the body was never asked for: closing is the only clean way on
          return channel.fin();
        }
        if ((await readBody()) === null) return;
        state = 'head';
        pump();
      })
      .catch((error: unknown) => {
        env.log.emit({ type: 'note', conn: conn.id, text: `lab bug in ${route.id}: ${String(error)}` });
        state = 'done';
        conn.reset();
      });
  };

  channel.onData((chunk) => {
    disarmIdle();
    if (state === 'done') return;
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    pump();
  });
  channel.onPeerEnd(() => {
    // A client that half-closes between requests is done with us: close like a server does.
    if (state === 'head' && buffer.length === 0) channel.fin();
  });
  pump();
}
