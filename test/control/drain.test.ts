// Question: through the admin API, does deregistering a target drain it like an ALB target group —
// no new requests at once, in-flight ones finish within the deregistration delay, and what is left
// at the delay is cut as upstream_draining_expired (502 before the response started, an abort
// after)? Do registration and the token rule work?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminJson, get, poolWith, sleep, startControlled, startTarget, waitFor } from './support.ts';

test('register then deregister through the admin API; in-flight requests finish within the delay', async () => {
  const a = await startTarget();
  const b = await startTarget();
  const gw = await startControlled({ upstreams: [a.url], pool: { health: poolWith({}), deregistrationDelayMs: 3_000 } });
  try {
    const reg = await adminJson(gw.admin, '/api/pools/default/targets', 'POST', { url: b.url });
    assert.equal(reg.status, 201, reg.body);
    const dup = await adminJson(gw.admin, '/api/pools/default/targets', 'POST', { url: b.url });
    assert.equal(dup.status, 409);
    const bad = await adminJson(gw.admin, '/api/pools/default/targets', 'POST', { url: 'ftp://x:1' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /scheme/);
    for (let i = 0; i < 4; i++) await get(gw.port, '/');
    assert.ok(b.served >= 1, 'the registered target takes requests');
    const listed = await adminJson(gw.admin, '/api/pools');
    assert.deepEqual(listed.json.pools[0].targets.map((t: { url: string; dynamic: boolean }) => [t.url, t.dynamic]), [[a.url, false], [b.url, true]]);

    // A slow request in flight on b, then deregister b.
    const before = b.served;
    let slow: Promise<{ status: number }> = Promise.resolve({ status: 0 });
    for (let i = 0; i < 2 && b.served === before; i++) {
      slow = get(gw.port, '/?delay_ms=600');
      await sleep(100);
    }
    await waitFor('a request in flight on b', () => gw.control.pools()[0]!.targets.find((t) => t.url === b.url && t.inFlight === 1));
    const dereg = await adminJson(gw.admin, `/api/pools/default/targets?url=${encodeURIComponent(b.url)}`, 'DELETE');
    assert.equal(dereg.status, 200, dereg.body);
    const draining = gw.control.pools()[0]!.targets.find((t) => t.url === b.url)!;
    assert.equal(draining.state, 'draining');
    const servedAtDrain = b.served;
    for (let i = 0; i < 5; i++) assert.equal((await get(gw.port, '/')).status, 200);
    assert.equal(b.served, servedAtDrain, 'no new request reaches a draining target');
    assert.equal((await slow).status, 200, 'the in-flight request finished');
    const drained = await waitFor('drained event', () => gw.events.find((e) => e.kind === 'drained'));
    assert.equal(drained.target, b.url);
    assert.equal(gw.control.pools()[0]!.targets.length, 1);
  } finally {
    await gw.close();
    await a.stop();
    await b.stop();
  }
});

test('at the deregistration delay, in-flight requests are cut: 502 before the response, abort after', async () => {
  const a = await startTarget();
  const gw = await startControlled({ upstreams: [a.url], pool: { health: poolWith({}), deregistrationDelayMs: 300 } });
  try {
    const waiting = get(gw.port, '/?delay_ms=5000');
    const streaming = get(gw.port, '/stream?delay_ms=5000').then(
      (r) => ({ ok: true as const, r }),
      (e: Error) => ({ ok: false as const, e }),
    );
    await waitFor('two requests in flight', () => gw.control.pools()[0]!.targets[0]!.inFlight === 2);
    await sleep(50); // the streaming response's head is out
    const started = Date.now();
    const dereg = await adminJson(gw.admin, '/api/pools/default/targets/deregister', 'POST', { url: a.url });
    assert.equal(dereg.status, 200);
    const cut = await waiting;
    const cutMs = Date.now() - started;
    assert.equal(cut.status, 502);
    assert.match(String(cut.headers['proxy-status']), /details="upstream_draining_expired"/);
    assert.ok(cutMs >= 250 && cutMs < 2_000, `cut after ${cutMs} ms (delay 300 ms)`);
    const s = await streaming;
    assert.equal(s.ok, false, 'a response under way is aborted, never completed');
    const expired = await waitFor('drain_expired event', () => gw.events.find((e) => e.kind === 'drain_expired'));
    assert.equal(expired.cause, 'upstream_draining_expired');
    assert.match(expired.detail, /2 in-flight request\(s\) cut/);
    await waitFor('two records with the cause', () => gw.records.filter((r) => r.cause === 'upstream_draining_expired').length === 2);
    const statuses = gw.records.filter((r) => r.cause === 'upstream_draining_expired').map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 502], 'the aborted one keeps the status already sent; the other is a gateway 502');
  } finally {
    await gw.close();
    await a.stop();
  }
});

test('the admin API requires the token when one is set; state-changing requests must be JSON', async () => {
  const a = await startTarget();
  const gw = await startControlled({ upstreams: [a.url] }, 's3cret-token');
  try {
    assert.equal((await adminJson(gw.admin, '/api/pools')).status, 401);
    assert.equal((await adminJson(gw.admin, '/api/pools', 'GET', undefined, 'wrong')).status, 401);
    assert.equal((await adminJson(gw.admin, '/api/pools', 'GET', undefined, 's3cret-token')).status, 200);
    assert.equal((await get(gw.admin.port, '/metrics?token=s3cret-token')).status, 200);
    const form = await get(gw.admin.port, '/api/pools/default/targets/deregister', { method: 'POST', body: `url=${a.url}`, headers: { Authorization: 'Bearer s3cret-token', 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415, 'a cross-site form post cannot drain a target');
  } finally {
    await gw.close();
    await a.stop();
  }
});
