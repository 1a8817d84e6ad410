// Does the upstream pool retire idle connections before the target would close them — after
// keepAlive.idleMs, and before the target's Keep-Alive hint minus the margin — reuse the most
// recent one first, and drop a connection the target closes while it is idle?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pool } from '../../src/gateway/pool.ts';
import { UpstreamConnection, type UpstreamUser } from '../../src/gateway/upstream-connection.ts';
import { testConfig, rawBackend } from './support.ts';

const user: UpstreamUser = {
  onUpstreamConnect: (c) => c.markReady(),
  onUpstreamSecure() {},
  onUpstreamData() {},
  onUpstreamEnd() {},
  onUpstreamError() {},
  onUpstreamDrain() {},
};

async function setup(keepAlive = { idleMs: 4_000, hintMarginMs: 1_000, maxIdlePerTarget: 2 }) {
  const sockets: import('node:net').Socket[] = [];
  const be = await rawBackend((s) => sockets.push(s));
  const pool = new Pool(testConfig({ upstreams: [be.url], pool: { keepAlive } }).pools.get('default')!);
  const target = pool.targets[0]!;
  const open = async () => {
    const conn = new UpstreamConnection(target, user, { maxResponseHeadBytes: 1024 }, { lookup: undefined });
    for (let i = 0; i < 100 && conn.state !== 'ready'; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(conn.state, 'ready');
    return conn;
  };
  return { be, pool, target, open, sockets };
}

test('idle limit and Keep-Alive hint decide when a connection is retired', async () => {
  const { be, pool, target, open } = await setup();
  try {
    const a = await open();
    pool.release(a, 10_000, -1);
    assert.equal(a.retireAt, 14_000, 'idleMs without a hint');
    assert.equal(pool.takeIdle(target, 13_999), a);
    pool.release(a, 20_000, 2);
    assert.equal(a.retireAt, 21_000, 'hint 2 s minus the 1 s margin');
    assert.equal(pool.takeIdle(target, 21_000), null, 'due: not reused');
    assert.equal(a.state, 'closed');
    const b = await open();
    pool.release(b, 0, 1);
    assert.equal(b.state, 'closed', 'a hint of 1 s with a 1 s margin: never pooled');
  } finally {
    pool.close();
    await be.close();
  }
});

test('most recent first; at most maxIdlePerTarget kept; sweep closes the due ones', async () => {
  const { be, pool, target, open } = await setup();
  try {
    const [a, b, c] = [await open(), await open(), await open()];
    pool.release(a, 0, -1);
    pool.release(b, 100, -1);
    pool.release(c, 200, -1);
    assert.equal(c.state, 'closed', 'over maxIdlePerTarget (2)');
    assert.equal(pool.idleCount(target), 2);
    assert.equal(pool.takeIdle(target, 300), b, 'LIFO');
    pool.release(b, 1_000, -1);
    pool.sweep(4_500);
    assert.equal(a.state, 'closed', 'idle since 0, due at 4000');
    assert.equal(pool.idleCount(target), 1);
  } finally {
    pool.close();
    await be.close();
  }
});

test('a connection the target closes while idle leaves the pool at once', async () => {
  const { be, pool, target, open, sockets } = await setup();
  try {
    const a = await open();
    pool.release(a, Date.now(), -1);
    assert.equal(pool.idleCount(target), 1);
    sockets[0]!.end(); // the target's FIN
    for (let i = 0; i < 100 && pool.idleCount(target) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(pool.idleCount(target), 0);
    assert.equal(a.state, 'closed');
  } finally {
    pool.close();
    await be.close();
  }
});
