// Does nothing a client or a target sends crash the gateway or make it answer 500? Random bytes,
// truncated heads and abrupt closes on both sides, bounded in count; afterwards a plain request
// still works, no bug was caught (internal errors = 0) and no cause was unclassified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { rawBackend, rawRequest, startGateway, testConfig } from './support.ts';

/** A small deterministic PRNG so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const PIECES = [
  'HTTP/1.1 200 OK\r\n', 'Content-Length: 5\r\n', 'Transfer-Encoding: chunked\r\n', '\r\n', 'hello', '5\r\nabcde\r\n', '0\r\n\r\n',
  'HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 101 Switching\r\n\r\n', 'X: \u0000\r\n', ' folded\r\n', '\n', '\r', '\u0016\u0003\u0001', 'zz\r\n',
  'Content-Length: -1\r\n', 'Connection: close\r\n', 'Keep-Alive: timeout=0\r\n', 'HTTP/1.1 502 Bad\r\nContent-Length: 0\r\n\r\n',
];

test('random target bytes and closes: every answer is classified, nothing crashes', async (t) => {
  const rnd = prng(42);
  const be = await rawBackend((socket) => {
    socket.on('data', () => {
      const n = 1 + Math.floor(rnd() * 6);
      let out = '';
      for (let i = 0; i < n; i++) out += PIECES[Math.floor(rnd() * PIECES.length)];
      const how = rnd();
      if (how < 0.3) socket.end(out);
      else if (how < 0.45) socket.resetAndDestroy();
      else socket.write(out);
    });
  });
  const gw = await startGateway(
    testConfig({ upstreams: [be.url], pool: { timeouts: { headersMs: 300, bodyIdleMs: 300, sendMs: 300, connectMs: 300, tlsMs: 300 } } }),
  );
  try {
    for (let i = 0; i < 60; i++) {
      const method = rnd() < 0.5 ? 'GET' : 'POST';
      await rawRequest(gw.port, `${method} /${i} HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n`, { timeoutMs: 1_500 });
    }
    const seen = new Map<string, number>();
    for (const r of gw.records) seen.set(String(r.cause), (seen.get(String(r.cause)) ?? 0) + 1);
    t.diagnostic(`causes seen: ${[...seen].map(([c, n]) => `${c}×${n}`).join(' ')}`);
    assert.ok(seen.size >= 4, 'the random target exercised several causes');
    assert.deepEqual(gw.errors, []);
    const bad = gw.records.filter((r) => r.cause === 'proxy_unclassified_error' || r.cause === 'proxy_internal_error');
    assert.deepEqual(bad.map((r) => r.attempts.map((a) => a.errorCode)), []);
    assert.deepEqual([...gw.gateway.stats.unclassifiedCodes], []);
  } finally {
    await gw.close();
    await be.close();
  }
});

test('random client bytes and abrupt closes: nothing crashes, the gateway keeps serving', async () => {
  const rnd = prng(7);
  const be = await rawBackend((socket) => socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')));
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  const CLIENT = ['GET / HTTP/1.1\r\n', 'Host: a\r\n', '\r\n', 'Content-Length: 3\r\n', 'abc', 'Transfer-Encoding: chunked\r\n', '3\r\nabc\r\n0\r\n\r\n', '\u0000', ' x\r\n', 'GET', '\n'];
  try {
    for (let i = 0; i < 80; i++) {
      const socket = connect({ host: '127.0.0.1', port: gw.port });
      socket.on('error', () => {});
      let out = '';
      const n = 1 + Math.floor(rnd() * 8);
      for (let k = 0; k < n; k++) out += CLIENT[Math.floor(rnd() * CLIENT.length)];
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(out);
      await new Promise((r) => setTimeout(r, Math.floor(rnd() * 10)));
      if (rnd() < 0.5) socket.resetAndDestroy();
      else socket.end();
    }
    await new Promise((r) => setTimeout(r, 100));
    const ok = await rawRequest(gw.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    assert.equal(ok.responses[0]?.status, 200);
    assert.deepEqual(gw.errors, []);
    assert.ok(gw.records.every((r) => r.cause !== 'proxy_internal_error' && r.cause !== 'proxy_unclassified_error'), JSON.stringify(gw.records.filter((r) => r.cause?.startsWith('proxy_'))));
  } finally {
    await gw.close();
    await be.close();
  }
});
