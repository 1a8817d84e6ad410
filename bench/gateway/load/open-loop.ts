// An open-loop HTTP/1.1 load generator: sends GET requests at a FIXED rate on a fixed set of
// keep-alive connections and measures latency from each request's INTENDED send time.
//
// Why not wrk: wrk (Debian has no wrk2) is closed-loop: a connection sends its next request only when
// the previous answer arrived, so a stalled proxy is simply asked less often and its stall never shows
// in the percentiles ("coordinated omission", Gil Tene). Here request i is due at t0 + i/rate whether
// or not the proxy kept up; if no connection is free it waits in the backlog and that wait counts.
// Requests are never pipelined: one in flight per connection, like browsers and wrk.
//
// The scheduler runs on every response and whenever the ticker thread (ticker.ts) says a request is
// due: Node's own timers have 1 ms resolution and would send in bursts. Nothing busy-polls: the
// backend NGINX shares this core and a spinning loop would starve it. The lag between a request's due
// time and its actual write is recorded separately, so generator lag can be told from proxy latency.
//
// Usage: node open-loop.ts --port P --rate R --duration S [--connections N] [--host H] [--path /]
//        [--timeout S] [--warmup S]. Prints one JSON object on stdout.
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { createHistogram } from './histogram.ts';
import { openLoopOptions } from './open-loop-options.ts';
import { parseResponseHead, type ResponseFrame } from './response-frame.ts';

const { host, port, path, rate, durationS, connectionCount, timeoutNs, warmupS } = openLoopOptions();
const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`, 'latin1');

const total = Math.floor(rate * (warmupS + durationS));
const intervalNs = 1e9 / rate;
const latency = createHistogram(); // due → response complete (the honest figure)
const service = createHistogram(); // write → response complete
const lag = createHistogram(); // due → write, for requests that had a free connection: generator delay
const errors = { connect: 0, closed: 0, timeout: 0, invalid: 0, unsent: 0 };
let non2xx = 0;
let completed = 0;
let next = 0;
let t0 = 0;
let measureFromNs = 0;
let measuredCompleted = 0;
let backlogUpTo = -1; // highest request index that found no free connection when due
let queued = 0; // measured requests that waited for a free connection
let reconnectBudget = connectionCount * 20;
let finished = false;

const now = (): number => Number(process.hrtime.bigint());

interface Conn {
  socket: net.Socket;
  busy: boolean;
  dueNs: number;
  sentNs: number;
  buffered: Buffer | null;
  frame: ResponseFrame | null;
  queued: boolean; // waited for a free connection
}

const idle: Conn[] = [];
const all = new Set<Conn>();

// The ticker's shared cells: see ticker.ts.
const shared = new SharedArrayBuffer(24);
const cells = new Int32Array(shared, 0, 4);
const dueCell = new BigInt64Array(shared, 16, 1);
let published = -1;
const ticker = new Worker(new URL('./ticker.ts', import.meta.url), { workerData: { buffer: shared } });

/** Wake-ups from the ticker: cell 3 is bumped and notified whenever a request is due. */
async function listenToTicker(): Promise<void> {
  while (!finished) {
    const wait = Atomics.waitAsync(cells, 3, Atomics.load(cells, 3), 100);
    if (wait.async) await wait.value;
    Atomics.store(cells, 1, 0);
    pump();
  }
}

/** Tell the ticker when the next request is due (−1: none can be sent until a response frees a connection). */
function publish(): void {
  const value = !finished && next < total && idle.length > 0 ? Math.round(t0 + next * intervalNs) : -1;
  if (value === published) return;
  const earlier = value >= 0 && (published < 0 || value < published);
  published = value;
  Atomics.store(dueCell, 0, BigInt(value));
  if (earlier) {
    Atomics.add(cells, 0, 1);
    Atomics.notify(cells, 0);
  }
}

const readBuffer = Buffer.allocUnsafe(64 * 1024);

function connect(): Promise<void> {
  return new Promise((resolve) => {
    // `onread` hands us each read in one reused buffer, skipping the stream machinery ('data'
    // events, a new Buffer per read): leftovers are copied out before the next read.
    const onread = {
      buffer: readBuffer,
      callback(n: number, buf: Uint8Array): boolean {
        onData(conn, Buffer.from(buf.buffer, buf.byteOffset, n));
        return true;
      },
    };
    const socket = net.connect({ host, port, noDelay: true, onread });
    const conn: Conn = { socket, busy: false, dueNs: 0, sentNs: 0, buffered: null, frame: null, queued: false };
    let ready = false;
    socket.on('connect', () => {
      ready = true;
      all.add(conn);
      idle.push(conn);
      resolve();
    });
    socket.on('error', () => {
      if (!ready) errors.connect++;
    });
    socket.on('close', () => {
      all.delete(conn);
      const at = idle.indexOf(conn);
      if (at >= 0) idle.splice(at, 1);
      if (conn.busy) errors.closed++;
      conn.busy = false;
      if (!ready) resolve();
      if (!finished && reconnectBudget-- > 0) void connect().then(pump);
    });
  });
}

function onData(conn: Conn, chunk: Buffer): void {
  let data = conn.buffered ? Buffer.concat([conn.buffered, chunk]) : chunk;
  conn.buffered = null;
  while (data.length > 0) {
    if (!conn.busy) {
      errors.invalid++; // bytes nobody asked for
      conn.socket.destroy();
      return;
    }
    if (!conn.frame) {
      const head = parseResponseHead(data);
      if (head === 'incomplete') break;
      if (head === 'invalid') {
        errors.invalid++;
        conn.busy = false;
        conn.socket.destroy();
        return;
      }
      conn.frame = head;
      data = data.subarray(head.headBytes);
    }
    const consumed = conn.frame.consume(data);
    if (consumed === 'invalid') {
      errors.invalid++;
      conn.busy = false;
      conn.socket.destroy();
      return;
    }
    data = data.subarray(consumed);
    if (!conn.frame.done) break;
    complete(conn, conn.frame.status, conn.frame.close);
    if (conn.frame.close) return;
    conn.frame = null;
  }
  if (data.length > 0) conn.buffered = Buffer.from(data);
  pump();
}

function complete(conn: Conn, status: number, close: boolean): void {
  const at = now();
  completed++;
  if (status < 200 || status > 299) non2xx++;
  if (conn.dueNs >= measureFromNs) {
    measuredCompleted++;
    latency.record((at - conn.dueNs) / 1000);
    service.record((at - conn.sentNs) / 1000);
    if (conn.queued) queued++;
    else lag.record((conn.sentNs - conn.dueNs) / 1000);
  }
  conn.busy = false;
  if (close) conn.socket.destroy();
  else idle.push(conn);
}

function pump(): void {
  if (finished || t0 === 0) return;
  const at = now();
  while (next < total) {
    const due = t0 + next * intervalNs;
    if (due > at) break;
    const conn = idle.pop();
    if (!conn) {
      // Every connection is waiting on the proxy: the requests due by now queue for one (and that
      // wait is the proxy's doing, so it is kept out of the generator's lag figure).
      backlogUpTo = Math.max(backlogUpTo, Math.min(total - 1, Math.floor((at - t0) / intervalNs)));
      break;
    }
    conn.busy = true;
    conn.dueNs = due;
    conn.sentNs = at;
    conn.queued = next <= backlogUpTo;
    conn.frame = null;
    conn.socket.write(request);
    next++;
  }
  publish();
}

function expireStalled(): void {
  const at = now();
  for (const conn of all) {
    if (conn.busy && at - conn.sentNs > timeoutNs) {
      errors.timeout++;
      conn.busy = false;
      conn.socket.destroy();
    }
  }
}

async function main(): Promise<void> {
  await new Promise((resolve) => ticker.once('online', resolve));
  await Promise.all(Array.from({ length: connectionCount }, () => connect()));
  if (all.size === 0) {
    process.stdout.write(JSON.stringify({ error: `could not connect to ${host}:${port}`, errors }) + '\n');
    process.exitCode = 1;
    await ticker.terminate();
    return;
  }
  t0 = now();
  measureFromNs = t0 + warmupS * 1e9;
  void listenToTicker();
  pump();
  const endNs = measureFromNs + durationS * 1e9;
  const deadlineNs = endNs + timeoutNs + 1e9;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      pump();
      expireStalled();
      const at = now();
      const drained = next >= total && [...all].every((c) => !c.busy);
      if (drained || at > deadlineNs) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
  const elapsedS = (now() - measureFromNs) / 1e9;
  finished = true;
  Atomics.store(cells, 2, 1);
  Atomics.notify(cells, 0);
  Atomics.notify(cells, 3);
  await ticker.terminate();
  errors.unsent = total - next;
  for (const conn of all) {
    if (conn.busy) errors.timeout++;
    conn.socket.destroy();
  }
  const us = (h: ReturnType<typeof createHistogram>) => h.summary();
  const cpu = process.cpuUsage();
  const result = {
    rate,
    durationS,
    connections: connectionCount,
    scheduled: total,
    sent: next,
    completed,
    measured: measuredCompleted,
    queued,
    achievedRate: measuredCompleted / elapsedS,
    non2xx,
    errors,
    latencyUs: us(latency),
    serviceUs: us(service),
    lagUs: us(lag),
    // The generator's own CPU (both threads, start-up included) per request: its cost on the load core.
    generatorCpuUsPerRequest: completed > 0 ? (cpu.user + cpu.system) / completed : null,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
await main();
