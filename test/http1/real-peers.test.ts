// Do the parsers read what real peers actually send, with no warning: requests from Node's http
// client and from curl (head, chunked body, pipelined reuse), and responses from a real NGINX
// (Content-Length and gzip-chunked bodies, keep-alive reuse of one socket)?
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChunkedDecoder, createLengthBody, createRequestParser, createResponseParser, type RequestHead, type ResponseHead } from '../../src/http1/index.ts';
import { requireBinary } from '../support/binaries.ts';

const WAIT_MS = 5000;

interface SeenRequest {
  method: string;
  target: string;
  framing: string;
  warnings: number;
  body: string;
  userAgent: string | undefined;
}

/** A raw TCP server that reads requests with our parser and answers each with a fixed response. */
async function rawServer(): Promise<{ server: Server; port: number; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const parser = createRequestParser();
    const chunked = createChunkedDecoder();
    const length = createLengthBody(0);
    let head: Omit<SeenRequest, 'body'> | null = null;
    let framing = '';
    let body: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        if (head === null) {
          const st = parser.execute(chunk, at);
          if (st === 'error') return socket.destroy(new Error(`${parser.error!.code}: ${parser.error!.detail}`));
          at += parser.consumed;
          if (st === 'more') return;
          const h: RequestHead = parser.head;
          head = { method: h.method, target: h.target, framing: h.framing, warnings: h.warnings, userAgent: h.get('user-agent') };
          framing = h.framing;
          body = [];
          if (framing === 'length') length.reset(h.contentLength);
          if (framing === 'chunked') chunked.reset();
        }
        let done = framing === 'none';
        if (framing === 'length') {
          done = length.execute(chunk, at) === 'done';
          body.push(chunk.subarray(at, at + length.consumed));
          at += length.consumed;
        } else if (framing === 'chunked') {
          const st = chunked.execute(chunk, at);
          if (st === 'error') return socket.destroy(new Error(chunked.error!.code));
          body.push(chunk.subarray(at, at + chunked.consumed));
          at += chunked.consumed;
          done = st === 'done';
        }
        if (!done) return;
        seen.push({ ...head, body: Buffer.concat(body).toString('latin1') });
        head = null;
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      }
    });
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  openSockets.set(server, sockets);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

const openSockets = new Map<Server, Set<Socket>>();

function closeServer(server: Server): Promise<void> {
  for (const s of openSockets.get(server) ?? []) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

test('requests from Node http client: plain, Content-Length, chunked, on one kept-alive socket', async () => {
  const { server, port, seen } = await rawServer();
  try {
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, write: (req: ReturnType<typeof request>) => void): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path, agent, timeout: WAIT_MS }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('timeout', () => req.destroy(new Error(`no response to ${method} ${path} within ${WAIT_MS} ms`)));
        req.on('error', reject);
        write(req);
      });
    assert.equal(await send('GET', '/a?b=1', (r) => r.end()), 200);
    assert.equal(await send('POST', '/len', (r) => { r.setHeader('Content-Length', 5); r.end('hello'); }), 200);
    assert.equal(await send('PUT', '/chunks', (r) => { r.write('abc'); setTimeout(() => r.end('defg'), 20); }), 200);
    agent.destroy();
    assert.deepEqual(
      seen.map((s) => [s.method, s.target, s.framing, s.body, s.warnings]),
      [
        ['GET', '/a?b=1', 'none', '', 0],
        ['POST', '/len', 'length', 'hello', 0],
        ['PUT', '/chunks', 'chunked', '3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n', 0],
      ],
    );
  } finally {
    await closeServer(server);
  }
});

test('requests from curl, two on one reused connection', async (t: TestContext) => {
  const curl = requireBinary(t, 'curl');
  if (!curl) return;
  const { server, port, seen } = await rawServer();
  try {
    const out = await run(curl, ['-s', '-o', '/dev/null', '-o', '/dev/null', '-w', '%{http_code} ', '--max-time', '5', '-H', 'X-Test: 1', '--data-binary', 'payload', `http://127.0.0.1:${port}/one`, `http://127.0.0.1:${port}/two`]);
    assert.equal(out.trim(), '200 200');
    assert.deepEqual(
      seen.map((s) => [s.method, s.target, s.framing, s.body, s.warnings, s.userAgent?.startsWith('curl/')]),
      [
        ['POST', '/one', 'length', 'payload', 0, true],
        ['POST', '/two', 'length', 'payload', 0, true],
      ],
    );
  } finally {
    await closeServer(server);
  }
});

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), WAIT_MS * 2);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} exited with ${code}`));
    });
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function startNginx(binary: string, dir: string, port: number): Promise<ChildProcess> {
  writeFileSync(join(dir, 'small.txt'), 'x'.repeat(100));
  writeFileSync(join(dir, 'big.txt'), 'The quick brown fox jumps over the lazy dog.\n'.repeat(400));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off; master_process off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  gzip on; gzip_min_length 1; gzip_types text/plain;
  server { listen 127.0.0.1:${port}; root ${dir}; }
}
`,
  );
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) return child;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${WAIT_MS} ms (see ${dir}/error.log)`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Exchange {
  status: number;
  framing: string;
  keepAlive: boolean;
  warnings: number;
  bodyBytes: number;
}

/** Send `requests` on one socket, read each response with our parser and body trackers. */
function exchanges(port: number, requests: { raw: string; head: boolean }[]): Promise<Exchange[]> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const parser = createResponseParser();
    const length = createLengthBody(0);
    const chunked = createChunkedDecoder();
    const results: Exchange[] = [];
    let head: ResponseHead | null = null;
    let current: Omit<Exchange, 'bodyBytes'> | null = null;
    let bodyBytes = 0;
    const timer = setTimeout(() => socket.destroy(new Error(`only ${results.length} of ${requests.length} responses within ${WAIT_MS} ms`)), WAIT_MS);
    const next = (): void => {
      const r = requests[results.length];
      if (!r) {
        clearTimeout(timer);
        socket.end();
        return resolve(results);
      }
      parser.startExchange(r.head);
      socket.write(r.raw);
    };
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
    socket.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        if (current === null) {
          const st = parser.execute(chunk, at);
          if (st === 'error') return socket.destroy(new Error(`${parser.error!.code}: ${parser.error!.detail}`));
          at += parser.consumed;
          if (st === 'more') return;
          head = parser.head;
          current = { status: head.status, framing: head.framing, keepAlive: head.keepAlive, warnings: head.warnings };
          bodyBytes = 0;
          if (head.framing === 'length') length.reset(head.contentLength);
          if (head.framing === 'chunked') chunked.reset();
        }
        let done = current.framing === 'none';
        if (current.framing === 'length') {
          done = length.execute(chunk, at) === 'done';
          at += length.consumed;
          bodyBytes += length.consumed;
        } else if (current.framing === 'chunked') {
          const st = chunked.execute(chunk, at);
          if (st === 'error') return socket.destroy(new Error(chunked.error!.code));
          at += chunked.consumed;
          done = st === 'done';
          if (done) bodyBytes = chunked.dataBytes;
        }
        if (!done) return;
        results.push({ ...current, bodyBytes });
        current = null;
        if (at < chunk.length) return socket.destroy(new Error(`${chunk.length - at} unexpected bytes after a response`));
        next();
      }
    });
    next();
  });
}

test('responses from a real NGINX: Content-Length, gzip chunked, HEAD, 404, on one socket', async (t: TestContext) => {
  const nginx = requireBinary(t, 'nginx', 'nginx-light');
  if (!nginx) return;
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-http1-'));
  const port = await freePort();
  const child = await startNginx(nginx, dir, port);
  try {
    const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;
    const got = await exchanges(port, [
      { raw: get('/small.txt'), head: false },
      { raw: get('/big.txt', 'Accept-Encoding: gzip\r\n'), head: false },
      { raw: `HEAD /small.txt HTTP/1.1\r\nHost: localhost\r\n\r\n`, head: true },
      { raw: get('/missing'), head: false },
    ]);
    assert.deepEqual(
      got.map((e) => [e.status, e.framing, e.keepAlive, e.warnings]),
      [
        [200, 'length', true, 0],
        [200, 'chunked', true, 0],
        [200, 'none', true, 0],
        [404, 'length', true, 0],
      ],
    );
    assert.equal(got[0]!.bodyBytes, 100);
    assert.ok(got[1]!.bodyBytes > 0 && got[1]!.bodyBytes < 18000, 'gzip-compressed body decoded to its compressed size');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
});
