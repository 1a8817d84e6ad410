// Does every byte arrive intact now that plain sockets, upstream and client side, read into shared,
// reused buffers (`onread`)? Bytes kept or written later without a copy would be overwritten by
// the next read. Responses: a slow client (the gateway's writes then stay queued) with varied
// bytes, content-length, chunked and de-chunked for HTTP/1.0, on several connections at once.
// Requests: large varied bodies to a slow target, and pipelined requests whose heads are read
// after later bytes have arrived.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { rawBackend, startGateway, testConfig } from './support.ts';

// Larger than loopback's socket buffers (several MiB), so the gateway's writes to the client do queue.
const SIZE = 12 * 1024 * 1024;
const PIECE = 16 * 1024;

function sha(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

type Framing = 'length' | 'chunked';

/** A target that answers with `body` in 16 KiB writes, framed as asked by the request path. */
async function variedBackend(body: Buffer) {
  return rawBackend((socket) => {
    let seen = '';
    socket.on('data', (c: Buffer) => {
      seen += c.toString('latin1');
      if (!seen.includes('\r\n\r\n')) return;
      const framing: Framing = seen.startsWith('GET /chunked') ? 'chunked' : 'length';
      seen = '';
      socket.write(framing === 'length' ? `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n` : 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      for (let i = 0; i < body.length; i += PIECE) {
        const piece = body.subarray(i, i + PIECE);
        socket.write(framing === 'length' ? piece : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]));
      }
      if (framing === 'chunked') socket.write('0\r\n\r\n');
    });
  });
}

/** GET through the gateway, reading slowly (paused 10 ms every 64 KiB); returns the body bytes (de-chunked when asked). */
function slowGet(port: number, path: string, version: '1.0' | '1.1'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const parts: Buffer[] = [];
    let total = 0;
    let sincePause = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete response for ${path} (HTTP/${version}) within 20 s; got ${total} bytes`));
    }, 20_000);
    socket.write(`GET ${path} HTTP/${version}\r\nHost: test.local\r\n${version === '1.0' ? '' : 'Connection: close\r\n'}\r\n`);
    socket.on('data', (c: Buffer) => {
      parts.push(c);
      total += c.length;
      sincePause += c.length;
      if (sincePause >= 64 * 1024) {
        sincePause = 0;
        socket.pause();
        setTimeout(() => socket.resume(), 10);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(parts);
      const end = raw.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no response head for ${path}`));
      const head = raw.subarray(0, end).toString('latin1');
      const rest = raw.subarray(end + 4);
      try {
        resolve(/transfer-encoding: chunked/i.test(head) ? dechunk(rest) : rest);
      } catch (error) {
        reject(error);
      }
    });
  });
}

function dechunk(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', i);
    const line = buf.subarray(i, eol).toString('latin1');
    if (eol < 0 || !/^[0-9a-f]+$/i.test(line)) throw new Error(`bad chunk size line ${JSON.stringify(line.slice(0, 20))} at byte ${i}: the chunked framing was corrupted`);
    const size = parseInt(line, 16);
    if (size === 0) return Buffer.concat(out);
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
}

test('bodies read through the shared upstream buffer arrive intact at slow clients', async (t) => {
  const body = randomBytes(SIZE);
  const be = await variedBackend(body);
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  t.after(async () => {
    await gw.close();
    await be.close();
  });
  const want = sha(body);
  const cases: Array<[string, '1.0' | '1.1']> = [
    ['/length', '1.1'],
    ['/chunked', '1.1'],
    ['/chunked', '1.0'], // de-chunked by the gateway
    ['/length', '1.0'],
  ];
  const got = await Promise.all(cases.map(([path, version]) => slowGet(gw.port, path, version)));
  got.forEach((b, i) => {
    const [path, version] = cases[i]!;
    assert.equal(b.length, SIZE, `${path} HTTP/${version}: body length`);
    assert.equal(sha(b), want, `${path} HTTP/${version}: body bytes differ from the target's`);
  });
  assert.deepEqual(gw.errors, []);
});

/** A target that reads slowly and answers each request with its path, its User-Agent and the sha256 of its body. */
async function hashingBackend() {
  return rawBackend((socket) => {
    let buf = Buffer.alloc(0);
    let body: ReturnType<typeof createHash> | null = null;
    let left = 0;
    let path = '';
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      for (;;) {
        if (body === null) {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buf.subarray(0, end).toString('latin1');
          path = `${head.split(' ')[1] ?? ''} ${/user-agent: *(\S*)/i.exec(head)?.[1] ?? '-'}`;
          left = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
          body = createHash('sha256');
          buf = buf.subarray(end + 4);
        }
        const n = Math.min(left, buf.length);
        body.update(buf.subarray(0, n));
        buf = buf.subarray(n);
        left -= n;
        if (left > 0) return;
        const answer = `${path} ${body.digest('hex')}`;
        body = null;
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${answer.length}\r\n\r\n${answer}`);
      }
    };
    socket.on('data', (c: Buffer) => {
      onData(c);
      socket.pause();
      setTimeout(() => socket.resume(), 2); // slow reader: the gateway's writes to it queue
    });
  });
}

/** Send `data` on one connection (in 64 KiB writes) and collect `count` responses' bodies. */
function exchange(port: number, data: Buffer, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = Buffer.alloc(0);
    const bodies: string[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${bodies.length} of ${count} responses within 20 s`));
    }, 20_000);
    socket.on('error', reject);
    socket.on('data', (c: Buffer) => {
      raw = Buffer.concat([raw, c]);
      for (;;) {
        const end = raw.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/content-length: *(\d+)/i.exec(raw.subarray(0, end).toString('latin1'))?.[1] ?? -1);
        if (len < 0 || raw.length < end + 4 + len) return;
        bodies.push(raw.subarray(end + 4, end + 4 + len).toString('latin1'));
        raw = raw.subarray(end + 4 + len);
        if (bodies.length === count) {
          clearTimeout(timer);
          socket.end();
          resolve(bodies);
          return;
        }
      }
    });
    (async () => {
      for (let i = 0; i < data.length; i += 64 * 1024) {
        if (!socket.write(data.subarray(i, i + 64 * 1024))) await new Promise((r) => socket.once('drain', r));
      }
    })().catch(reject);
  });
}

test('request bodies and pipelined heads read through the shared client buffer arrive intact', async (t) => {
  const be = await hashingBackend();
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  t.after(async () => {
    await gw.close();
    await be.close();
  });
  const big = randomBytes(SIZE);
  const post = (path: string, body: Buffer) => Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: test.local\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
  const getReq = (path: string) => Buffer.from(`GET ${path} HTTP/1.1\r\nHost: test.local\r\nUser-Agent: ua-${path}\r\n\r\n`);
  const small = randomBytes(3000);
  // One connection: pipelined GETs and small POSTs in one write, then a large POST, then a GET.
  const pipelined = Buffer.concat([getReq('/a'), post('/b', small), getReq('/c'), getReq('/d'), post('/e', big), getReq('/f')]);
  const [got, alone] = await Promise.all([exchange(gw.port, pipelined, 6), exchange(gw.port, post('/solo', big), 1)]);
  const empty = sha(Buffer.alloc(0));
  // The forwarded heads (path, User-Agent) are serialized from the parsed head, possibly after other
  // reads: they must still be the client's.
  assert.deepEqual(got, [`/a ua-/a ${empty}`, `/b - ${sha(small)}`, `/c ua-/c ${empty}`, `/d ua-/d ${empty}`, `/e - ${sha(big)}`, `/f ua-/f ${empty}`]);
  assert.deepEqual(alone, [`/solo - ${sha(big)}`]);
  assert.deepEqual(gw.errors, []);
});
