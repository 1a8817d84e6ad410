// A connect that never completes. A listener whose owner never calls accept(2) keeps completed
// handshakes in its accept queue; once that queue is full, Linux drops further SYNs (tcp_v4_conn_request:
// "sk_acceptq_is_full → drop"), so a client's SYN is retransmitted until its connect timeout. Node
// accepts as soon as it can, so the listener lives in a worker thread whose event loop is kept
// blocked (Atomics.wait); the lab then fills the queue (backlog 1 holds 2) with its own connections
// and checks that one more connect does not complete.
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { LabError } from '../../errors.ts';
import { definePortFault } from '../../fault.ts';

// Plain JS: the worker only binds, reports its port and blocks until told to close.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer();
server.on('error', (error) => parentPort.postMessage({ error: error.code || String(error) }));
server.listen({ host: workerData.host, port: workerData.port, backlog: 1 }, () => {
  parentPort.postMessage({ port: server.address().port });
  const flag = new Int32Array(workerData.flag);
  while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0, 1000);
  server.close();
});
`;

// Linux queues backlog + 1 connections, so backlog 1 is full after 2: those are awaited generously
// (a loaded machine must not stop the filling early); beyond that a probe that does not connect
// within FILL_PROBE_MS is taken as dropped (other kernels size the queue differently).
const EXPECTED_QUEUE = 2;
const FILL_MS = 5000;
const FILL_PROBE_MS = 250;
const MAX_FILLERS = 16;

function tryConnect(host: string, port: number, timeoutMs: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

export const blackhole = definePortFault({
  id: 'blackhole',
  expectCause: 'upstream_connect_timeout',
  scheme: 'http',
  description: 'a listener that never accepts and whose accept queue the lab keeps full: SYNs are dropped, connects hang',
  trigger: { method: 'GET', proxyTimeouts: { connectMs: 1000 } },
  async start(env) {
    const flagBuffer = new SharedArrayBuffer(4);
    const flag = new Int32Array(flagBuffer);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { host: env.host, port: env.port, flag: flagBuffer } });
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const ready = await new Promise<{ port?: number; error?: string }>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (error) => resolve({ error: String(error) }));
    });
    const release = async () => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      await exited;
    };
    if (ready.port === undefined) {
      await release();
      throw new LabError('ERR_LAB_LISTEN', `lab listener "blackhole" cannot bind ${env.host}:${env.port} (${ready.error}): choose another --listen port`);
    }
    const port = ready.port;
    const fillers: Socket[] = [];
    let verified = false;
    while (fillers.length < MAX_FILLERS) {
      const socket = await tryConnect(env.host, port, fillers.length < EXPECTED_QUEUE ? FILL_MS : FILL_PROBE_MS);
      if (!socket) {
        verified = fillers.length > 0; // a connect that failed outright proves nothing
        break;
      }
      socket.on('error', () => {});
      fillers.push(socket);
    }
    env.log.emit({
      type: 'note',
      conn: null,
      text: verified
        ? `blackhole: ${env.host}:${port} accept queue full with ${fillers.length} connections; further SYNs are dropped`
        : `blackhole: ${env.host}:${port} still completes connects after ${MAX_FILLERS} fillers: this kernel does not drop SYNs on a full queue`,
    });
    return {
      port,
      async close() {
        for (const socket of fillers) socket.destroy();
        await release();
      },
    };
  },
});
