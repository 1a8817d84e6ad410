// Do retries go to another target, only when RFC 9110 allows, within attempts and the retry
// budget — and is a POST never sent twice? (Lab executions count what the target really ran.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { createLab, type Lab } from '../../src/lab/index.ts';
import { okBackend, rawRequest, startGateway, testConfig } from './support.ts';

let lab: Lab;
let deadUrl: string;
before(async () => {
  lab = await createLab({});
  // A dead port: bound, then closed (DESIGN §9).
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  deadUrl = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  await new Promise<void>((r) => s.close(() => r()));
});
after(async () => {
  await lab.close();
});

const post = (path: string) => `POST ${path} HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello`;

test('connect refused: GET and POST go to the other target (nothing was sent)', async () => {
  const be = await okBackend();
  const gw = await startGateway(testConfig({ upstreams: [deadUrl, be.url], pool: { retries: { attempts: 2, budgetPercent: 100 } } }));
  try {
    for (let i = 0; i < 6; i++) {
      const ex = await rawRequest(gw.port, i % 2 ? post('/') : 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      assert.equal(ex.responses[0]?.status, 200, `request ${i}`);
    }
    const retried = gw.records.filter((r) => r.attempts.length === 2);
    assert.ok(retried.length >= 2, 'round robin sent some requests to the dead target first');
    for (const r of retried) {
      assert.equal(r.attempts[0]?.cause, 'upstream_connect_refused');
      assert.equal(r.attempts[0]?.target.port, Number(new URL(deadUrl).port));
      assert.equal(r.attempts[1]?.target.port, be.port);
      assert.equal(r.recovered, 'upstream_connect_refused');
    }
  } finally {
    await gw.close();
    await be.close();
  }
});

test('reset after the request: GET retried on the other target, POST never (executed once)', async () => {
  const be = await okBackend();
  const gw = await startGateway(testConfig({ upstreams: [lab.origin, be.url], pool: { retries: { attempts: 3, budgetPercent: 100 } } }));
  try {
    const path = '/fault/reset-after-request';
    const before = lab.executions('reset-after-request');
    // Round robin: the first request of each pair goes to the lab.
    const g = await rawRequest(gw.port, `GET ${path} HTTP/1.1\r\nHost: a\r\n\r\n`);
    assert.equal(g.responses[0]?.status, 200, 'the GET was retried on the healthy target');
    assert.deepEqual(gw.records[0]?.attempts.map((a) => a.cause), ['upstream_reset_before_response', null]);
    // The retry chose the healthy target, so round robin is back on the lab for the POST.
    const p = await rawRequest(gw.port, post(path));
    assert.equal(p.responses[0]?.status, 502);
    assert.match(p.responses[0]?.headers.get('proxy-status') ?? '', /details="upstream_reset_before_response"/);
    assert.equal(gw.records[1]?.attempts.length, 1, 'no retry for the POST');
    assert.equal(lab.executions('reset-after-request') - before, 2, 'GET once, POST once: nothing ran twice');
  } finally {
    await gw.close();
    await be.close();
  }
});

test('attempts bound the retries; a single target is not retried for a fresh failure', async () => {
  const gw = await startGateway(testConfig({ upstreams: [deadUrl], pool: { retries: { attempts: 3, budgetPercent: 100 } } }));
  try {
    const ex = await rawRequest(gw.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    assert.equal(ex.responses[0]?.status, 502);
    assert.equal(gw.records[0]?.attempts.length, 1, 'no other target: no retry');
  } finally {
    await gw.close();
  }
  const be = await okBackend();
  const dead2 = deadUrl.replace(/:(\d+)$/, (_, p) => `:${Number(p) === 1 ? 2 : 1}`);
  const three = await startGateway(testConfig({ upstreams: [deadUrl, dead2, be.url], pool: { retries: { attempts: 2, budgetPercent: 100 }, balance: { kind: 'round_robin' } } }));
  try {
    const ex = await rawRequest(three.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    assert.equal(three.records[0]?.attempts.length, 2, 'attempts: 2 caps the tries');
    assert.equal(ex.responses[0]?.status, 502);
  } finally {
    await three.close();
    await be.close();
  }
});

test('the retry budget caps retries when most requests fail', async () => {
  const be = await okBackend();
  const gw = await startGateway(testConfig({ upstreams: [deadUrl, be.url], pool: { retries: { attempts: 2, budgetPercent: 0 } } }));
  try {
    let failed = 0;
    for (let i = 0; i < 16; i++) {
      const ex = await rawRequest(gw.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      if (ex.responses[0]?.status !== 200) failed += 1;
    }
    const retries = gw.records.filter((r) => r.attempts.length > 1).length;
    assert.ok(retries <= 3, `budget 0 % allows the floor of 3 retries per window, got ${retries}`);
    assert.ok(failed >= 8 - 3, `the dead target's share failed without retry: ${failed}`);
  } finally {
    await gw.close();
    await be.close();
  }
});
