// Is the gateway safe from the keep-alive race (DESIGN §1, §4)? Against a target that closes idle
// connections after ~1 s, requests every ~1 s must see zero errors, for GET and for POST, when the
// target's Keep-Alive hint is honoured or the gateway's idle timeout is below the target's. A race
// on a reused connection is retried once on a fresh one for GET (and logged as recovered), never
// for a POST whose bytes were sent — the lab's execution counter proves no POST ran twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { createLab, type Lab } from '../../src/lab/index.ts';
import { parseResponse, startGateway, testConfig, type RawResponse } from './support.ts';

let lab: Lab;
before(async () => {
  lab = await createLab({ idleMs: 1_000 });
});
after(async () => {
  await lab.close();
});

/** One client connection sending requests one after another, each awaited (bounded waits). */
function client(port: number) {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  let buf: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  let waiter: (() => void) | null = null;
  socket.on('data', (c) => {
    buf = Buffer.concat([buf, c]);
    waiter?.();
  });
  socket.on('error', () => {});
  socket.on('close', () => waiter?.());
  return {
    async send(method: 'GET' | 'POST', path: string): Promise<RawResponse | null> {
      const body = method === 'POST' ? 'x'.repeat(64) : '';
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: lab\r\n${body ? `Content-Length: ${body.length}\r\n` : ''}\r\n${body}`);
      const deadline = Date.now() + 5_000;
      for (;;) {
        const parsed = parseResponse(buf);
        if (parsed !== null) {
          buf = parsed.rest;
          return parsed.response;
        }
        if (socket.destroyed || Date.now() > deadline) return null;
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => socket.destroy(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const [name, path, keepAlive] of [
  ['the Keep-Alive hint is honoured (gateway idle 4 s, target 1 s with timeout=1)', '/fault/short-keepalive-hinted', { idleMs: 4_000, hintMarginMs: 1_000, maxIdlePerTarget: 8 }],
  ['the gateway idle timeout is below the target\'s (500 ms < 1 s, no hint)', '/fault/short-keepalive', { idleMs: 500, hintMarginMs: 1_000, maxIdlePerTarget: 8 }],
] as const) {
  test(`zero errors every ~1 s when ${name}`, async () => {
    const gw = await startGateway(testConfig({ upstreams: [lab.origin], pool: { keepAlive } }));
    const faultId = path.split('/').pop()!;
    const executedBefore = lab.executions(faultId);
    const c = client(gw.port);
    try {
      const statuses: Array<number | null> = [];
      for (let i = 0; i < 8; i++) {
        const method = i % 2 === 0 ? 'GET' : 'POST';
        statuses.push((await c.send(method, path))?.status ?? null);
        await sleep(950 + (i % 3) * 50);
      }
      assert.deepEqual(statuses, statuses.map(() => 200), `statuses: ${statuses}`);
      assert.equal(lab.executions(faultId) - executedBefore, 8, 'each request executed exactly once');
      assert.ok(gw.records.every((r) => r.cause === null && r.attempts.length === 1), JSON.stringify(gw.records.map((r) => [r.cause, r.attempts.length])));
    } finally {
      c.close();
      await gw.close();
    }
  });
}

test('a race on a reused connection: GET retried once on a fresh connection (recovered), POST not retried', async () => {
  const gw = await startGateway(testConfig({ upstreams: [lab.origin] }));
  try {
    const executed = () => lab.executions('keepalive-race');
    const start = executed();
    const c1 = client(gw.port);
    assert.equal((await c1.send('GET', '/fault/keepalive-race'))?.status, 200);
    await sleep(50);
    const get = await c1.send('GET', '/fault/keepalive-race');
    assert.equal(get?.status, 200, 'the GET recovered');
    const rec = gw.records[1]!;
    assert.equal(rec.recovered, 'upstream_keepalive_race');
    assert.equal(rec.cause, null);
    assert.deepEqual(rec.attempts.map((a) => [a.reused, a.cause]), [[true, 'upstream_keepalive_race'], [false, null]]);
    c1.close();

    const c2 = client(gw.port);
    assert.equal((await c2.send('GET', '/fault/keepalive-race'))?.status, 200);
    await sleep(50);
    const beforePost = executed();
    const post = await c2.send('POST', '/fault/keepalive-race');
    assert.equal(post?.status, 502);
    assert.match(post?.headers.get('proxy-status') ?? '', /details="upstream_keepalive_race"/);
    assert.equal(executed() - beforePost, 1, 'the POST reached the target once, never twice');
    assert.equal(gw.records.at(-1)?.attempts.length, 1);
    c2.close();
    assert.ok(executed() - start >= 4);
  } finally {
    await gw.close();
  }
});
