// Do the client-side timeouts map to their causes? A request head that does not arrive in time and
// a request body that stalls are 408 client_request_timeout; an idle keep-alive connection is
// closed silently (no response, no record).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { DEFAULT_CLIENT_TIMEOUTS } from '../../src/config/defaults.ts';
import { okBackend, rawRequest, startGateway, testConfig } from './support.ts';

const clientTimeouts = { ...DEFAULT_CLIENT_TIMEOUTS, requestHeadMs: 200, requestBodyIdleMs: 200, idleMs: 300 };

test('slow request head: 408 client_request_timeout', async () => {
  const be = await okBackend();
  const gw = await startGateway(testConfig({ upstreams: [be.url], gateway: { clientTimeouts } }));
  try {
    const t0 = Date.now();
    const ex = await rawRequest(gw.port, 'GET / HTTP/1.1\r\nHost: a\r\n', { timeoutMs: 3_000 });
    assert.equal(ex.responses[0]?.status, 408);
    assert.match(ex.responses[0]?.headers.get('proxy-status') ?? '', /details="client_request_timeout"/);
    assert.ok(Date.now() - t0 < 2_000);
    assert.equal(gw.records[0]?.cause, 'client_request_timeout');
  } finally {
    await gw.close();
    await be.close();
  }
});

test('stalled request body: 408 client_request_timeout', async () => {
  const be = await okBackend();
  const gw = await startGateway(testConfig({ upstreams: [be.url], gateway: { clientTimeouts } }));
  try {
    const ex = await rawRequest(gw.port, 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly-some', { timeoutMs: 3_000 });
    assert.equal(ex.responses[0]?.status, 408);
    assert.match(ex.responses[0]?.headers.get('proxy-status') ?? '', /details="client_request_timeout"/);
    assert.equal(gw.records[0]?.cause, 'client_request_timeout');
  } finally {
    await gw.close();
    await be.close();
  }
});

test('idle keep-alive connection: closed silently after idleMs', async () => {
  const be = await okBackend();
  const gw = await startGateway(testConfig({ upstreams: [be.url], gateway: { clientTimeouts } }));
  try {
    const socket = connect({ host: '127.0.0.1', port: gw.port });
    let data = '';
    socket.on('data', (c) => (data += c));
    socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    const t0 = Date.now();
    const closedAt = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the idle connection was not closed within 3 s')), 3_000);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(Date.now());
      });
      socket.on('error', () => {});
    });
    assert.match(data, /^HTTP\/1\.1 200 /);
    assert.equal((data.match(/HTTP\/1\.1/g) ?? []).length, 1, 'no response for the idle close');
    assert.ok(closedAt - t0 >= 250, `closed after ${closedAt - t0} ms`);
    assert.equal(gw.records.length, 1);
  } finally {
    await gw.close();
    await be.close();
  }
});
