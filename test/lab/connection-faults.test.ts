// Do the connection faults put exactly the right thing on the wire: RST (ECONNRESET) where a crash
// is simulated, FIN (a clean end) where a close is, no response byte in either case, and the keep-
// alive faults closing only the connection and only when they say? And does executions() count
// exactly the requests each fault handled?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectRaw, eventually, get, mainPort, startLab } from './raw-client.ts';

const lab = await startLab({ idleMs: 300 });
const port = mainPort(lab);

function eventsOf(conn: number) {
  return lab.events.filter((e) => 'conn' in e && e.conn === conn).map((e) => e.type);
}

function lastRequestConn(route: string): number {
  const request = lab.events.findLast((e) => e.type === 'request' && e.route === route);
  assert.ok(request && request.type === 'request', `the lab logged no request for ${route}`);
  return request.conn;
}

test('reset-after-request: reads the whole request, then RST with no response byte', async () => {
  const client = await connectRaw(port);
  client.write('POST /fault/reset-after-request HTTP/1.1\r\nHost: lab\r\nContent-Length: 5\r\n\r\nhello');
  assert.equal(await client.ended(2000), 'reset');
  assert.equal(client.received.length, 0);
  const conn = lastRequestConn('reset-after-request');
  await eventually(() => eventsOf(conn).includes('closed'), 1000, 'the lab logged the connection closed');
  const events = eventsOf(conn);
  assert.ok(events.includes('rst-sent'), `events: ${events}`);
  assert.ok(!events.includes('fin-sent'), `events: ${events}`);
  const body = lab.events.find((e) => e.type === 'request-body' && e.conn === conn);
  assert.ok(body && body.type === 'request-body' && body.bodyBytes === 5, 'the body was read before the RST');
});

test('reset-after-request: a chunked body with Expect: 100-continue is read (100 Continue, then RST)', async () => {
  const client = await connectRaw(port);
  client.write('POST /fault/reset-after-request HTTP/1.1\r\nHost: lab\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n');
  await client.until((b) => b.toString('latin1') === 'HTTP/1.1 100 Continue\r\n\r\n', 2000, '100 Continue');
  client.write('3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n');
  assert.equal(await client.ended(2000), 'reset');
  const conn = lastRequestConn('reset-after-request');
  const body = lab.events.find((e) => e.type === 'request-body' && e.conn === conn);
  assert.ok(body && body.type === 'request-body' && body.bodyBytes === 5, 'the chunked body (5 bytes) was read');
});

test('close-without-response: reads the request, then FIN with no response byte', async () => {
  const client = await connectRaw(port);
  client.write(get('/fault/close-without-response'));
  assert.equal(await client.ended(2000), 'fin');
  assert.equal(client.received.length, 0);
  const events = eventsOf(lastRequestConn('close-without-response'));
  assert.ok(events.includes('fin-sent') && !events.includes('rst-sent'), `events: ${events}`);
  client.destroy();
});

test('keepalive-race: 200 keep-alive on the first request, FIN without a response on the next one', async () => {
  const before = lab.executions('keepalive-race');
  const client = await connectRaw(port);
  client.write(get('/fault/keepalive-race'));
  await client.until((b) => b.toString('latin1').endsWith('\r\n\r\nprimed: the next request on this connection gets FIN and no response\n'), 2000, 'the priming 200');
  assert.match(client.text, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(client.text, /\r\nConnection: keep-alive\r\n/);
  const primed = client.received.length;
  client.write('POST /fault/keepalive-race HTTP/1.1\r\nHost: lab\r\nContent-Length: 4\r\n\r\nbody');
  assert.equal(await client.ended(2000), 'fin');
  assert.equal(client.received.length, primed, 'no byte of a second response');
  assert.equal(lab.executions('keepalive-race'), before + 2);
  client.destroy();
  // A fresh connection is primed again: the race is per connection.
  const fresh = await connectRaw(port);
  fresh.write(get('/fault/keepalive-race'));
  await fresh.until((b) => b.toString('latin1').startsWith('HTTP/1.1 200 OK\r\n'), 2000, 'a 200 on a fresh connection');
  fresh.destroy();
});

test('keepalive-race: a connection first used by another route is closed on the keepalive-race request', async () => {
  const client = await connectRaw(port);
  client.write(get('/healthy'));
  await client.until((b) => b.toString('latin1').endsWith('ok\n'), 2000, 'the /healthy answer');
  const primed = client.received.length;
  client.write(get('/fault/keepalive-race'));
  assert.equal(await client.ended(2000), 'fin');
  assert.equal(client.received.length, primed);
  client.destroy();
});

test('short-keepalive: 200 keep-alive without a Keep-Alive header, then FIN after idle_ms', async () => {
  const client = await connectRaw(port);
  const sent = Date.now();
  client.write(get('/fault/short-keepalive?idle_ms=300'));
  await client.until((b) => b.toString('latin1').endsWith('\r\n\r\nok\n'), 2000, 'the 200');
  assert.match(client.text, /\r\nConnection: keep-alive\r\n/);
  assert.doesNotMatch(client.text, /keep-alive:/i);
  assert.equal(await client.ended(3000), 'fin');
  assert.ok(Date.now() - sent >= 290, `closed after ${Date.now() - sent} ms, before idle_ms 300`);
  client.destroy();
});

test('short-keepalive: a request on the idle connection postpones the close, then a late request gets RST', async () => {
  const client = await connectRaw(port);
  client.write(get('/fault/short-keepalive?idle_ms=400'));
  await client.until((b) => b.toString('latin1').endsWith('ok\n'), 2000, 'the first 200');
  await new Promise((resolve) => setTimeout(resolve, 200));
  client.write(get('/healthy'));
  await client.until((b) => b.toString('latin1').split('HTTP/1.1 200 OK').length === 3, 2000, 'the second 200 before idle_ms');
  const answered = Date.now();
  assert.equal(await client.ended(3000), 'fin');
  assert.ok(Date.now() - answered >= 390, `FIN ${Date.now() - answered} ms after the second answer: the idle clock did not restart`);
  // The lab closed the socket the way Node's keepAliveTimeout does (destroy): a late request meets RST.
  // The first late write is answered by RST from the lab's kernel; the write after it fails.
  const writer = setInterval(() => client.socket.destroyed || client.write(get('/healthy')), 20);
  try {
    await client.until(() => client.errors.includes('ECONNRESET') || client.errors.includes('EPIPE'), 2000, 'RST for the late request');
  } finally {
    clearInterval(writer);
  }
  const conn = lastRequestConn('healthy');
  assert.equal(eventsOf(conn).filter((t) => t === 'request').length, 2, 'the lab parsed two requests, not the late one');
  assert.equal(client.received.toString('latin1').split('HTTP/1.1 200 OK').length, 3, 'no answer to the late request');
  client.destroy();
});

test('short-keepalive: the default idle_ms comes from the lab option idleMs', async () => {
  const listing = lab.faults.find((f) => f.id === 'short-keepalive');
  assert.deepEqual(listing?.knobs.map((k) => [k.name, k.default]), [['idle_ms', 300]]);
  const client = await connectRaw(port);
  const sent = Date.now();
  client.write(get('/fault/short-keepalive'));
  assert.equal(await client.ended(3000), 'fin');
  assert.ok(Date.now() - sent >= 290, `closed after ${Date.now() - sent} ms`);
  assert.match(client.text, /^HTTP\/1\.1 200 OK\r\n/);
});

test('short-keepalive-hinted: announces "Keep-Alive: timeout=N" (seconds, rounded down), then FIN after idle_ms', async () => {
  const client = await connectRaw(port);
  client.write(get('/fault/short-keepalive-hinted?idle_ms=1500'));
  await client.until((b) => b.toString('latin1').endsWith('\r\n\r\nok\n'), 2000, 'the 200');
  assert.match(client.text, /\r\nKeep-Alive: timeout=1\r\n/);
  assert.equal(await client.ended(4000), 'fin');
});

test('a knob out of range is answered 400, not obeyed', async () => {
  const client = await connectRaw(port);
  client.write(get('/fault/short-keepalive?idle_ms=-5'));
  await client.until((b) => b.includes('\r\n\r\n'), 2000, 'a response');
  assert.match(client.text, /^HTTP\/1\.1 400 Bad Request\r\n/);
  client.destroy();
});

test('executions counts each request a fault handled, per fault', async () => {
  const before = lab.executions('target-502');
  for (let i = 0; i < 3; i += 1) {
    const client = await connectRaw(port);
    client.write(get('/fault/target-502', 'Connection: close\r\n'));
    assert.equal(await client.ended(2000), 'fin');
  }
  assert.equal(lab.executions('target-502'), before + 3);
  assert.throws(() => lab.executions('no-such-fault'), { code: 'ERR_LAB_UNKNOWN_FAULT' });
});
