// Question: do active health checks take a dead or failing target out of rotation with the cause
// of the failing check, bring it back after healthy_threshold passes, answer 503 no_healthy_upstream
// when every target is down, and route to all of them instead with fail_open? How long does it take
// to eject a dead target (printed)?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, poolWith, startControlled, startTarget, waitFor } from './support.ts';

test('a dead target is marked unhealthy with the cause of the failing check, and returns', async () => {
  const a = await startTarget();
  const b = await startTarget();
  const gw = await startControlled({ upstreams: [a.url, b.url], pool: { health: poolWith({ check: { intervalMs: 100, unhealthyThreshold: 2, healthyThreshold: 2 } }) } });
  try {
    await waitFor('both targets checked', () => gw.control.pools()[0]!.targets.every((t) => t.lastCheckAt !== null));
    const killedAt = Date.now();
    await b.stop();
    const event = await waitFor('an unhealthy event for b', () => gw.events.find((e) => e.kind === 'unhealthy' && e.target === b.url));
    const ejectMs = event.at - killedAt;
    console.log(`# time to eject a dead target: ${ejectMs} ms (interval 100 ms ± 10%, unhealthy_threshold 2)`);
    assert.equal(event.cause, 'upstream_connect_refused');
    assert.match(event.detail, /ECONNREFUSED while connecting/);
    assert.ok(ejectMs < 1_000, `ejection took ${ejectMs} ms`);
    // Every request now goes to a; none fails.
    const before = a.served;
    for (let i = 0; i < 6; i++) assert.equal((await get(gw.port, '/')).status, 200);
    assert.equal(a.served - before, 6);
    await b.start();
    const back = await waitFor('a healthy event for b', () => gw.events.find((e) => e.kind === 'healthy' && e.target === b.url));
    assert.match(back.detail, /2 passing checks/);
    const view = gw.control.pools()[0]!.targets.find((t) => t.url === b.url)!;
    assert.equal(view.state, 'healthy');
    assert.equal(view.routable, true);
  } finally {
    await gw.close();
    await a.stop();
    await b.stop();
  }
});

test('a status outside expect_status fails the check (no cause for a 404, upstream_5xx for a 503)', async () => {
  const a = await startTarget();
  const gw = await startControlled({ upstreams: [a.url], pool: { health: poolWith({ check: { expectStatus: { min: 200, max: 299 } } }) } });
  try {
    a.healthStatus = 404;
    const e404 = await waitFor('unhealthy on 404', () => gw.events.find((e) => e.kind === 'unhealthy'));
    assert.equal(e404.cause, null);
    assert.match(e404.detail, /status 404 outside 200-299/);
    a.healthStatus = 200;
    await waitFor('healthy again', () => gw.events.find((e) => e.kind === 'healthy'));
    a.healthStatus = 503;
    const e503 = await waitFor('unhealthy on 503', () => gw.events.filter((e) => e.kind === 'unhealthy')[1]);
    assert.equal(e503.cause, 'upstream_5xx');
  } finally {
    await gw.close();
    await a.stop();
  }
});

test('every target unhealthy: 503 no_healthy_upstream by default', async () => {
  const a = await startTarget();
  const gw = await startControlled({ upstreams: [a.url], pool: { health: poolWith({ check: {} }) } });
  try {
    a.healthStatus = 500;
    await waitFor('unhealthy', () => gw.events.find((e) => e.kind === 'unhealthy'));
    const r = await get(gw.port, '/');
    assert.equal(r.status, 503);
    assert.match(String(r.headers['proxy-status']), /details="no_healthy_upstream"/);
    assert.equal(a.served, 0, 'the unhealthy target got no request');
  } finally {
    await gw.close();
    await a.stop();
  }
});

test('fail_open: every target unhealthy routes to all of them (ALB), and ends when one recovers', async () => {
  const a = await startTarget();
  const b = await startTarget();
  const gw = await startControlled({ upstreams: [a.url, b.url], pool: { health: poolWith({ check: {}, failOpen: true }) } });
  try {
    a.healthStatus = 500;
    b.healthStatus = 500;
    await waitFor('fail_open event', () => gw.events.find((e) => e.kind === 'fail_open'));
    for (let i = 0; i < 4; i++) assert.equal((await get(gw.port, '/')).status, 200);
    assert.ok(a.served >= 1 && b.served >= 1, `both served (a ${a.served}, b ${b.served})`);
    const pool = gw.control.pools()[0]!;
    assert.equal(pool.failingOpen, true);
    assert.deepEqual(pool.targets.map((t) => [t.state, t.routable]), [['unhealthy', true], ['unhealthy', true]]);
    a.healthStatus = 200;
    await waitFor('fail_open_ended', () => gw.events.find((e) => e.kind === 'fail_open_ended'));
    const before = b.served;
    for (let i = 0; i < 4; i++) assert.equal((await get(gw.port, '/')).status, 200);
    assert.equal(b.served, before, 'the unhealthy target gets nothing once a healthy one exists');
  } finally {
    await gw.close();
    await a.stop();
    await b.stop();
  }
});
