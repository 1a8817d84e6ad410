// Do the timing and body faults keep their word on the wire: silence for exactly as long as the
// knob says and then an answer (slow-headers), half a body and then silence with the connection
// open (stalled-body), half a body and then FIN (truncated-body), a request body that cannot be
// sent because the lab stops reading (no-read), and the target's own 5xx with bodies (target-*)?
// Every wait is bounded; no test asserts a performance figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectRaw, eventually, get, mainPort, startLab } from './raw-client.ts';

const lab = await startLab();
const port = mainPort(lab);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('slow-headers: nothing for delay_ms, then a complete 200', async () => {
  const client = await connectRaw(port);
  const sent = Date.now();
  client.write(get('/fault/slow-headers?delay_ms=400'));
  await sleep(250);
  assert.equal(client.received.length, 0, 'no byte before delay_ms');
  await client.until((b) => b.toString('latin1').endsWith('\r\n\r\nok (late)\n'), 3000, 'the late 200');
  assert.ok(Date.now() - sent >= 390, `answered after ${Date.now() - sent} ms, before delay_ms 400`);
  assert.match(client.text, /^HTTP\/1\.1 200 OK\r\n/);
  assert.equal(client.ending, null, 'the connection stays open (keep-alive)');
  client.destroy();
});

test('slow-headers: the default delay is 5000 ms, as listed', () => {
  const listing = lab.faults.find((f) => f.id === 'slow-headers');
  assert.deepEqual(listing?.knobs.map((k) => [k.name, k.default]), [['delay_ms', 5000]]);
  assert.ok((listing?.trigger.proxyTimeouts?.headersMs ?? Infinity) < 5000);
});

test('slow route (helper, not a fault): a healthy 200 after delay_ms', async () => {
  const client = await connectRaw(port);
  client.write(get('/slow?delay_ms=200'));
  await sleep(120);
  assert.equal(client.received.length, 0);
  await client.until((b) => b.toString('latin1').endsWith('ok (slow)\n'), 3000, 'the slow 200');
  assert.ok(!lab.faults.some((f) => f.id === 'slow' || f.id === 'slow-response'), 'the slow helper is not listed as a fault');
  client.destroy();
});

test('stalled-body: head with Content-Length 1024 and 512 body bytes, then silence with the connection open', async () => {
  const client = await connectRaw(port);
  client.write(get('/fault/stalled-body'));
  await client.until((b) => b.length >= 512 && b.toString('latin1').endsWith('a'.repeat(512)), 2000, 'the head and 512 body bytes');
  const got = client.received.length;
  assert.match(client.text, /^HTTP\/1\.1 200 OK\r\nContent-Type: text\/plain\r\nContent-Length: 1024\r\n\r\n/);
  await sleep(500);
  assert.equal(client.received.length, got, 'no more bytes');
  assert.equal(client.ending, null, 'no FIN, no RST: the connection stays open');
  // When the client gives up, the lab closes too.
  client.socket.end();
  assert.equal(await client.ended(2000), 'fin');
});

test('truncated-body: Content-Length 1024, 512 bytes sent, then FIN', async () => {
  const client = await connectRaw(port);
  client.write(get('/fault/truncated-body'));
  assert.equal(await client.ended(2000), 'fin');
  assert.equal(client.text, `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1024\r\n\r\n${'a'.repeat(512)}`);
});

test('no-read: after the head the lab reads nothing, so a 16 MiB body cannot be sent; RST after hold_ms', async () => {
  const bodyBytes = lab.faults.find((f) => f.id === 'no-read')?.trigger.bodyBytes ?? 0;
  assert.equal(bodyBytes, 16 * 1024 * 1024);
  const client = await connectRaw(port);
  client.write(`POST /fault/no-read?hold_ms=1500 HTTP/1.1\r\nHost: lab\r\nContent-Length: ${bodyBytes}\r\n\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let written = 0;
  while (written < bodyBytes && client.socket.write(chunk)) written += chunk.length;
  const request = () => lab.events.findLast((e) => e.type === 'request' && e.route === 'no-read');
  await eventually(() => request() !== undefined, 2000, 'the lab parsed the no-read request head');
  await sleep(400);
  const parsed = request();
  const conn = parsed?.type === 'request' ? parsed.conn : -1;
  const bytesIn = lab.events.filter((e) => e.type === 'bytes-in' && e.conn === conn).reduce((sum, e) => sum + (e.type === 'bytes-in' ? e.bytes : 0), 0);
  assert.ok(bytesIn < 1024 * 1024, `the lab read ${bytesIn} bytes: it should stop right after the head`);
  assert.ok(client.socket.writableLength > 0, 'the client still holds unsent body bytes (its writes stall)');
  assert.equal(client.received.length, 0, 'no response');
  assert.equal(await client.ended(4000), 'reset', 'RST after hold_ms');
  assert.ok(lab.events.some((e) => e.type === 'rst-sent' && e.conn === conn));
});

for (const [status, reason] of [[500, 'Internal Server Error'], [502, 'Bad Gateway'], [503, 'Service Unavailable'], [504, 'Gateway Timeout']] as const) {
  test(`target-${status}: the target's own ${status} with a JSON body, keep-alive`, async () => {
    const client = await connectRaw(port);
    client.write(get(`/fault/target-${status}`));
    const body = `${JSON.stringify({ error: reason, status, from: 'gatewise lab target' })}\n`;
    await client.until((b) => b.toString('latin1').endsWith(body), 2000, `the ${status} body`);
    const retry = status === 503 ? 'Retry-After: 1\r\n' : '';
    assert.equal(
      client.text,
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n${retry}Content-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`,
    );
    // Keep-alive: a second request on the same connection is answered too.
    client.write(get(`/fault/target-${status}`));
    await client.until((b) => b.toString('latin1').split(body).length === 3, 2000, `a second ${status} on the same connection`);
    client.destroy();
  });
}

test('HEAD gets the head and Content-Length but no body', async () => {
  const client = await connectRaw(port);
  client.write('HEAD /healthy HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n');
  assert.equal(await client.ended(2000), 'fin');
  assert.equal(client.text, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\nConnection: close\r\n\r\n');
});

test('/echo reports method, target, headers and body length (chunked upload)', async () => {
  const client = await connectRaw(port);
  client.write('POST /echo?x=1 HTTP/1.1\r\nHost: lab\r\nX-Test: yes\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n');
  await client.until((b) => b.toString('latin1').endsWith('}\n'), 2000, 'the echo');
  const echo = JSON.parse(client.text.slice(client.text.indexOf('\r\n\r\n') + 4));
  assert.deepEqual(echo, {
    method: 'POST',
    target: '/echo?x=1',
    version: 'HTTP/1.1',
    headers: [['Host', 'lab'], ['X-Test', 'yes'], ['Transfer-Encoding', 'chunked']],
    bodyBytes: 4,
  });
  client.destroy();
});

test('pipelined requests on one connection are answered in order', async () => {
  const client = await connectRaw(port);
  client.write(`${get('/fault/target-500')}${get('/healthy')}${get('/fault/target-503', 'Connection: close\r\n')}`);
  assert.equal(await client.ended(2000), 'fin');
  const statuses = [...client.text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
  assert.deepEqual(statuses, ['500', '200', '503']);
});

test('the X-Lab-Fault header picks a path fault on any path', async () => {
  const client = await connectRaw(port);
  client.write(get('/api/v1/things', 'X-Lab-Fault: target-504\r\n'));
  await client.until((b) => b.toString('latin1').includes('"status":504'), 2000, 'the 504 chosen by header');
  assert.match(client.text, /^HTTP\/1\.1 504 Gateway Timeout\r\n/);
  client.destroy();
});

test('unknown paths get 404; a ClientHello-like first byte gets 400 at once', async () => {
  const client = await connectRaw(port);
  client.write(get('/nope', 'Connection: close\r\n'));
  assert.equal(await client.ended(2000), 'fin');
  assert.match(client.text, /^HTTP\/1\.1 404 Not Found\r\n/);
  const tls = await connectRaw(port);
  tls.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05]));
  assert.equal(await tls.ended(2000), 'fin');
  assert.match(tls.text, /^HTTP\/1\.1 400 Bad Request\r\n/);
});
