// Does each upstream timeout (short values, 200 ms) map to exactly its cause? connect →
// upstream_connect_timeout, tls → upstream_tls_timeout, send → upstream_send_timeout, headers →
// upstream_headers_timeout (all 504), body idle → upstream_body_timeout (an abort: the head was sent).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLab, type Lab } from '../../src/lab/index.ts';
import { rawBackend, rawRequest, startGateway, testConfig } from './support.ts';
import type { UpstreamTimeouts } from '../../src/config/model.ts';

let lab: Lab;
before(async () => {
  lab = await createLab({});
});
after(async () => {
  await lab.close();
});

const SHORT: UpstreamTimeouts = { connectMs: 200, tlsMs: 200, sendMs: 200, headersMs: 200, bodyIdleMs: 200 };

async function through(upstream: string, request: string | Buffer) {
  const gw = await startGateway(testConfig({ upstreams: [upstream], pool: { timeouts: SHORT, retries: { attempts: 1, budgetPercent: 0 }, tls: { verify: false, caFile: null, serverName: null, certFile: null, keyFile: null } } }));
  try {
    const t0 = Date.now();
    const ex = await rawRequest(gw.port, request, { timeoutMs: 4_000 });
    return { ex, ms: Date.now() - t0, record: gw.records[0] };
  } finally {
    await gw.close();
  }
}

function expect504(r: Awaited<ReturnType<typeof through>>, cause: string) {
  assert.equal(r.ex.responses[0]?.status, 504, r.ex.raw.toString('latin1').slice(0, 200));
  assert.match(r.ex.responses[0]?.headers.get('proxy-status') ?? '', new RegExp(`details="${cause}"`));
  assert.equal(r.record?.cause, cause);
  assert.ok(r.ms >= 180 && r.ms < 2_000, `took ${r.ms} ms`);
}

const get = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';

test('connect timeout (the lab\'s blackhole port) → upstream_connect_timeout', async () => {
  const blackhole = lab.faults.find((f) => f.id === 'blackhole')!;
  expect504(await through(blackhole.url.replace(/\/$/, ''), get), 'upstream_connect_timeout');
});

test('TLS handshake timeout (a port that accepts and stays silent) → upstream_tls_timeout', async () => {
  const be = await rawBackend(() => {});
  try {
    expect504(await through(`https://127.0.0.1:${be.port}`, get), 'upstream_tls_timeout');
  } finally {
    await be.close();
  }
});

test('send timeout (a target that stops reading) → upstream_send_timeout', async () => {
  const be = await rawBackend((socket) => socket.once('data', () => socket.pause()));
  try {
    const big = 32 * 1024 * 1024;
    const req = Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${big}\r\n\r\n`), Buffer.alloc(big, 0x61)]);
    expect504(await through(be.url, req), 'upstream_send_timeout');
  } finally {
    await be.close();
  }
});

test('headers timeout (request read, no answer) → upstream_headers_timeout', async () => {
  const be = await rawBackend(() => {});
  try {
    expect504(await through(be.url, get), 'upstream_headers_timeout');
  } finally {
    await be.close();
  }
});

test('body idle timeout (half a body, then silence) → the client connection is aborted, upstream_body_timeout', async () => {
  const be = await rawBackend((socket) => socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf')));
  try {
    const r = await through(be.url, get);
    assert.equal(r.ex.responses.length, 0, 'no complete response');
    assert.match(r.ex.raw.toString('latin1'), /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nhalf$/);
    assert.notEqual(r.ex.ended, 'open');
    assert.equal(r.record?.cause, 'upstream_body_timeout');
    assert.equal(r.record?.phase, 'body');
    assert.equal(r.record?.status, 200, 'the status the client got');
  } finally {
    await be.close();
  }
});
