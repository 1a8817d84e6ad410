// Does every response byte reach the client intact now that plain upstream sockets read into one
// shared, reused buffer (`onread`)? A body kept or written later without a copy would be
// overwritten by the next read: a slow client (the gateway's writes then stay queued) with varied
// bytes, content-length, chunked and de-chunked for HTTP/1.0, on two connections at once, shows it.
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
