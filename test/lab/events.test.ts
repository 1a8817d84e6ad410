// Does the event log prove what the target saw, in order and bounded; does close() end every
// listener and connection; and does a busy port fail createLab with a coded error?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { createLab, type LabEvent } from '../../src/lab/index.ts';
import { connectRaw, get, mainPort } from './raw-client.ts';

test('one request with Connection: close: accepted, bytes-in, request, request-body, bytes-out, fin-sent, peer-fin, closed, in order', async () => {
  const seen: LabEvent[] = [];
  const lab = await createLab({ log: (e) => seen.push(e) });
  try {
    const client = await connectRaw(mainPort(lab));
    client.write(get('/healthy', 'Connection: close\r\n'));
    assert.equal(await client.ended(2000), 'fin');
    client.socket.end();
    await new Promise((resolve) => client.socket.once('close', resolve));
    const deadline = Date.now() + 2000;
    while (!seen.some((e) => e.type === 'closed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const conn = seen.find((e) => e.type === 'accepted' && e.listener === 'main');
    assert.ok(conn && conn.type === 'accepted');
    const types = seen.filter((e) => 'conn' in e && e.conn === conn.conn).map((e) => e.type);
    assert.deepEqual(types, ['accepted', 'bytes-in', 'request', 'request-body', 'bytes-out', 'fin-sent', 'peer-fin', 'closed']);
    const closed = seen.find((e) => e.type === 'closed');
    assert.ok(closed && closed.type === 'closed');
    assert.equal(closed.bytesOut, client.received.length);
    assert.deepEqual(seen.map((e) => e.seq), seen.map((_, i) => i + 1), 'seq numbers have no gaps');
    assert.deepEqual(lab.events, seen, 'lab.events holds the same events as the log callback');
  } finally {
    await lab.close();
  }
});

test('the event ring is bounded and keeps the newest events', async () => {
  const lab = await createLab({ eventCapacity: 5 });
  try {
    const client = await connectRaw(mainPort(lab));
    client.write(get('/healthy', 'Connection: close\r\n'));
    await client.ended(2000);
    const events = lab.events;
    assert.equal(events.length, 5);
    const seqs = events.map((e) => e.seq);
    assert.deepEqual(seqs, seqs.map((_, i) => (seqs[0] ?? 0) + i), 'consecutive');
    assert.ok((seqs[0] ?? 0) > 1, 'the oldest were dropped');
  } finally {
    await lab.close();
  }
});

test('close() ends held connections and every listener; calling it twice is fine', async () => {
  const lab = await createLab();
  const port = mainPort(lab);
  const client = await connectRaw(port);
  client.write(get('/fault/stalled-body'));
  await client.until((b) => b.length > 512, 2000, 'the stalled response');
  await Promise.all([lab.close(), lab.close()]);
  assert.notEqual(await client.ended(2000), null);
  const refused = await new Promise<string>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
  assert.equal(refused, 'ECONNREFUSED');
});

test('a main port already in use fails createLab with ERR_LAB_LISTEN naming the listener', async () => {
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
  const address = squatter.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    await assert.rejects(createLab({ port, portFaultsBase: 0 }), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'ERR_LAB_LISTEN');
      assert.match(error.message, /"main" cannot bind 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
      return true;
    });
  } finally {
    squatter.close();
  }
});

test('bad options are coded errors', async () => {
  await assert.rejects(createLab({ port: 70_000 }), { code: 'ERR_LAB_OPTIONS' });
  await assert.rejects(createLab({ portFaultsBase: 65_530 }), { code: 'ERR_LAB_OPTIONS' });
});
