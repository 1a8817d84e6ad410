// Does the gateway stream 100 MiB bodies both ways with backpressure, instead of buffering them?
// Client, gateway and target share this process, so a whole-body buffer anywhere would show in
// its RSS: the growth must stay under 64 MiB while 100 MiB go through each way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { rawBackend, startGateway, testConfig } from './support.ts';

const TOTAL = 100 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x62);
const LIMIT = 64 * 1024 * 1024;

async function writeAll(socket: Socket, bytes: number): Promise<void> {
  let left = bytes;
  while (left > 0 && !socket.destroyed) {
    const n = Math.min(left, CHUNK.length);
    left -= n;
    if (!socket.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) {
      await new Promise<void>((resolve) => {
        socket.once('drain', resolve);
        socket.once('close', resolve);
      });
    }
  }
}

// Collect garbage while sampling, so the figures are what is held (buffers in flight), not
// 64 KiB read buffers waiting for a lazy collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function rssSampler() {
  gc();
  const base = process.memoryUsage.rss();
  let peak = base;
  let peakAb = 0;
  const timer = setInterval(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage.rss());
    peakAb = Math.max(peakAb, process.memoryUsage().arrayBuffers);
  }, 20);
  return {
    get peakArrayBuffers() {
      return peakAb;
    },
    stop() {
      clearInterval(timer);
      return peak - base;
    },
  };
}

test('100 MiB request body streams to the target with bounded memory', async (t) => {
  const be = await rawBackend((socket) => {
    let head = true;
    let got = 0;
    socket.on('data', (c) => {
      let body = c;
      if (head) {
        const i = c.indexOf('\r\n\r\n');
        if (i < 0) return;
        head = false;
        body = c.subarray(i + 4);
      }
      got += body.length;
      if (got >= TOTAL) socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${String(got).length}\r\n\r\n${got}`);
    });
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  const rss = rssSampler();
  try {
    const socket = connect({ host: '127.0.0.1', port: gw.port });
    let answer = '';
    socket.on('data', (c) => (answer += c));
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within 60 s; got ${JSON.stringify(answer)}`)), 60_000);
      socket.on('data', () => {
        if (answer.endsWith(String(TOTAL))) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    socket.write(`POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: ${TOTAL}\r\n\r\n`);
    await writeAll(socket, TOTAL);
    await done;
    socket.destroy();
    const growth = rss.stop();
    t.diagnostic(`RSS growth during a 100 MiB upload: ${(growth / 1048576).toFixed(1)} MiB (peak array buffers ${(rss.peakArrayBuffers / 1048576).toFixed(1)} MiB)`);
    assert.match(answer, /^HTTP\/1\.1 200 /);
    assert.ok(growth < LIMIT, `RSS grew by ${(growth / 1048576).toFixed(1)} MiB`);
    assert.equal(gw.records[0]?.receivedBytes, TOTAL + `POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: ${TOTAL}\r\n\r\n`.length);
  } finally {
    rss.stop();
    await gw.close();
    await be.close();
  }
});

test('100 MiB response body streams to a client with bounded memory', async (t) => {
  const be = await rawBackend((socket) => {
    socket.once('data', async () => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${TOTAL}\r\n\r\n`);
      await writeAll(socket, TOTAL);
    });
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  const rss = rssSampler();
  try {
    const socket = connect({ host: '127.0.0.1', port: gw.port });
    let got = 0;
    let headDone = false;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${got} body bytes within 60 s`)), 60_000);
      socket.on('data', (c) => {
        let body = c;
        if (!headDone) {
          const i = c.indexOf('\r\n\r\n');
          headDone = true;
          body = c.subarray(i + 4);
        }
        got += body.length;
        if (got >= TOTAL) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    socket.write('GET /download HTTP/1.1\r\nHost: a\r\n\r\n');
    await done;
    socket.destroy();
    const growth = rss.stop();
    t.diagnostic(`RSS growth during a 100 MiB download: ${(growth / 1048576).toFixed(1)} MiB`);
    assert.equal(got, TOTAL);
    assert.ok(growth < LIMIT, `RSS grew by ${(growth / 1048576).toFixed(1)} MiB`);
  } finally {
    rss.stop();
    await gw.close();
    await be.close();
  }
});

test('a slow reader pauses the target: the gateway holds little while the client does not read', async () => {
  let written = 0;
  const be = await rawBackend((socket) => {
    socket.once('data', async () => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${TOTAL}\r\n\r\n`);
      let left = TOTAL;
      while (left > 0 && !socket.destroyed) {
        left -= CHUNK.length;
        written += CHUNK.length;
        if (!socket.write(CHUNK)) await new Promise<void>((r) => (socket.once('drain', r), socket.once('close', r)));
      }
    });
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const socket = connect({ host: '127.0.0.1', port: gw.port });
    socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    socket.pause(); // never read
    await new Promise((r) => setTimeout(r, 800));
    assert.ok(written < 32 * 1024 * 1024, `the target could write ${(written / 1048576).toFixed(1)} MiB into a client that reads nothing`);
    socket.destroy();
  } finally {
    await gw.close();
    await be.close();
  }
});
