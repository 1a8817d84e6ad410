// Question: do consecutive gateway-side failures of real requests eject a target (passive health),
// for a time that grows with each ejection, never past max_ejection_percent of the pool — and does
// slow start give a returning target a small, growing share of the requests?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { get, poolWith, sleep, startControlled, startTarget, waitFor } from './support.ts';

/** A target that accepts and resets every connection as soon as the request arrives. */
async function resettingTarget(): Promise<{ url: string; server: Server }> {
  const server = createServer((s) => {
    s.on('error', () => {});
    s.once('data', () => s.resetAndDestroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('consecutive failures eject a target; the ejection time grows; at most max_ejection_percent of the pool', async () => {
  const a = await startTarget();
  const bad1 = await resettingTarget();
  const bad2 = await resettingTarget();
  const passive = { consecutiveFailures: 3, baseEjectionMs: 3_000, maxEjectionMs: 20_000, maxEjectionPercent: 34 };
  const gw = await startControlled({ upstreams: [a.url, bad1.url, bad2.url], pool: { health: poolWith({ passive }), retries: { attempts: 3, budgetPercent: 100 } } });
  try {
    for (let i = 0; i < 20; i++) {
      const r = await get(gw.port, `/?i=${i}`);
      // The retry budget lets some failures through as 502; what matters here is the ejection.
      assert.ok(r.status === 200 || r.status === 502, `status ${r.status}`);
    }
    const ejected = gw.events.filter((e) => e.kind === 'ejected');
    assert.equal(ejected.length, 1, `one ejection (events: ${JSON.stringify(gw.events)})`);
    assert.equal(ejected[0]!.cause, 'upstream_reset_before_response');
    assert.match(ejected[0]!.detail, /out for 3000 ms \(ejection 1\)/);
    const targets = gw.control.pools()[0]!.targets;
    const other = targets.find((t) => t.url !== ejected[0]!.target && t.url !== a.url)!;
    assert.deepEqual(targets.map((t) => t.state).sort(), ['ejected', 'healthy', 'healthy']);
    assert.ok(other.consecutiveFailures >= 3, `the other failing target is over the threshold (${other.consecutiveFailures}) but stays in: 34% of 3 targets is 1`);
    // Keep failing: ejections alternate (never two at once) and the second one of a target lasts twice as long.
    const second = await waitFor('a second ejection of a target', async () => {
      await get(gw.port, '/again');
      return gw.events.find((e) => e.kind === 'ejected' && /ejection 2/.test(e.detail));
    }, 15_000, 10);
    assert.match(second.detail, /out for 6000 ms/);
    let out = 0;
    for (const e of gw.events) {
      if (e.kind === 'ejected') out += 1;
      if (e.kind === 'returned') out -= 1;
      assert.ok(out <= 1, `two targets out at once: ${JSON.stringify(gw.events)}`);
    }
  } finally {
    await gw.close();
    await a.stop();
    bad1.server.close();
    bad2.server.close();
  }
});

test('slow start: a target that becomes healthy gets a small share first, then its full share', async () => {
  const a = await startTarget();
  const b = await startTarget();
  b.healthStatus = 500;
  const gw = await startControlled({ upstreams: [a.url, b.url], pool: { health: poolWith({ check: {}, slowStartMs: 2_000 }) } });
  try {
    await waitFor('b unhealthy', () => gw.events.find((e) => e.kind === 'unhealthy' && e.target === b.url));
    b.healthStatus = 200;
    await waitFor('b healthy', () => gw.events.find((e) => e.kind === 'healthy' && e.target === b.url));
    const share = async (n: number) => {
      const before = b.served;
      for (let i = 0; i < n; i++) assert.equal((await get(gw.port, '/')).status, 200);
      return (b.served - before) / n;
    };
    const early = await share(40);
    await sleep(2_100);
    const late = await share(40);
    console.log(`# slow start share of the returning target: ${(early * 100).toFixed(0)}% in its first moments, ${(late * 100).toFixed(0)}% after slow_start`);
    assert.ok(early < 0.3, `early share ${early}`);
    assert.ok(late >= 0.4, `late share ${late}`);
  } finally {
    await gw.close();
    await a.stop();
    await b.stop();
  }
});
