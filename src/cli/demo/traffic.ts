// Bounded client traffic for the demo: a fixed rate for a fixed duration (both capped by the
// command), over keep-alive connections, two GETs for every POST. What the clients saw is counted
// here; what the gateway did is counted from its records (tally.ts).
import { Agent, request } from 'node:http';

export interface TrafficOptions {
  /** 'http://127.0.0.1:PORT' of the gateway. */
  readonly origin: string;
  readonly ratePerSec: number;
  readonly durationMs: number;
  /** Stops sending early (SIGINT). */
  readonly signal: AbortSignal;
}

export interface ClientCounts {
  sent: number;
  /** Responses by status, as the clients received them. */
  readonly byStatus: Map<number, number>;
  /** Requests that ended without a complete response, by error code (e.g. ECONNRESET). */
  readonly errors: Map<string, number>;
  /** Ticks where the in-flight cap was reached and a request was not sent. */
  skipped: number;
  inFlight: number;
}

export interface Traffic {
  readonly counts: ClientCounts;
  readonly startedAt: number;
  /** Resolves when sending stopped and every request in flight ended (or REQUEST_TIMEOUT_MS passed). */
  readonly done: Promise<void>;
}

const TICK_MS = 10;
/** Keeps a slow gateway from piling up requests: the load stays bounded whatever happens. */
const MAX_IN_FLIGHT = 64;
const REQUEST_TIMEOUT_MS = 10_000;
const POST_BODY = JSON.stringify({ order: 'demo', items: [{ sku: 'gw-1', qty: 1 }] });

function bump(map: Map<string | number, number>, key: string | number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function startTraffic(options: TrafficOptions): Traffic {
  const counts: ClientCounts = { sent: 0, byStatus: new Map(), errors: new Map(), skipped: 0, inFlight: 0 };
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const url = new URL(options.origin);
  const startedAt = performance.now();
  let idle: (() => void) | null = null;

  const send = (index: number) => {
    const post = index % 3 === 2;
    counts.sent += 1;
    counts.inFlight += 1;
    let ended = false;
    const end = (outcome: { status: number } | { error: string }) => {
      if (ended) return;
      ended = true;
      counts.inFlight -= 1;
      if ('status' in outcome) bump(counts.byStatus, outcome.status);
      else bump(counts.errors, outcome.error);
      if (counts.inFlight === 0) idle?.();
    };
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: post ? 'POST' : 'GET',
        path: post ? '/orders' : `/products/${index % 50}`,
        headers: post
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(POST_BODY), 'user-agent': 'gatewise-demo' }
          : { 'user-agent': 'gatewise-demo' },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.on('error', (error: NodeJS.ErrnoException) => end({ error: error.code ?? 'ERR_RESPONSE' }));
        res.on('aborted', () => end({ error: 'ECONNRESET' }));
        res.on('end', () => end({ status: res.statusCode ?? 0 }));
        res.resume();
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => end({ error: error.code ?? 'ERR_REQUEST' }));
    req.end(post ? POST_BODY : undefined);
  };

  const done = new Promise<void>((resolve) => {
    let index = 0;
    const stop = () => {
      clearInterval(timer);
      options.signal.removeEventListener('abort', stop);
      const finish = () => {
        clearTimeout(guard);
        agent.destroy();
        resolve();
      };
      // Bounded wait for what is in flight: every request has its own timeout, this is the backstop.
      const guard = setTimeout(finish, REQUEST_TIMEOUT_MS + 1_000);
      if (counts.inFlight === 0) finish();
      else idle = finish;
    };
    const timer = setInterval(() => {
      const elapsed = performance.now() - startedAt;
      if (elapsed >= options.durationMs) return stop();
      // Catch up to the schedule: as many requests as the rate says by now.
      const due = Math.min(Math.floor((elapsed / 1000) * options.ratePerSec) + 1, Math.ceil((options.durationMs / 1000) * options.ratePerSec));
      while (index < due) {
        if (counts.inFlight >= MAX_IN_FLIGHT) {
          counts.skipped += due - index;
          index = due;
          break;
        }
        send(index);
        index += 1;
      }
    }, TICK_MS);
    if (options.signal.aborted) stop();
    else options.signal.addEventListener('abort', stop, { once: true });
  });
  return { counts, startedAt, done };
}
