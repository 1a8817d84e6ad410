// Does an Upgrade (WebSocket) request get the target's 101 and then a raw two-way tunnel, logged
// once as `ws` when it closes? And is a 101 to a request that did not ask for it refused?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { rawBackend, rawRequest, startGateway, testConfig } from './support.ts';

test('WebSocket upgrade: 101 relayed, then bytes echo both ways until close', async () => {
  const be = await rawBackend((socket) => {
    let upgraded = false;
    let buf = '';
    socket.on('data', (c) => {
      if (upgraded) {
        socket.write(c); // echo
        return;
      }
      buf += c.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      assert.match(buf, /\r\nUpgrade: websocket\r\n/i);
      assert.match(buf, /\r\nConnection: upgrade\r\n/i);
      upgraded = true;
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n');
      const rest = buf.slice(end + 4);
      if (rest) socket.write(rest);
    });
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const socket = connect({ host: '127.0.0.1', port: gw.port });
    let got = '';
    socket.on('data', (c) => (got += c.toString('latin1')));
    socket.write('GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\nearly');
    const wait = async (what: string) => {
      for (let i = 0; i < 100 && !got.includes(what); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(got.includes(what), `expected ${JSON.stringify(what)} in ${JSON.stringify(got)}`);
    };
    await wait('\r\n\r\nearly');
    assert.match(got, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
    assert.match(got, /\r\nUpgrade: websocket\r\n/i);
    socket.write('ping-1');
    await wait('ping-1');
    socket.write(Buffer.alloc(256 * 1024, 0x61));
    for (let i = 0; i < 200 && got.length < 256 * 1024; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(got.length > 256 * 1024, 'a large frame echoed');
    socket.end();
    for (let i = 0; i < 100 && gw.records.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const r = gw.records[0];
    assert.equal(r?.type, 'ws');
    assert.equal(r?.status, 101);
    assert.ok((r?.sentBytes ?? 0) > 256 * 1024);
    socket.destroy();
  } finally {
    await gw.close();
    await be.close();
  }
});

test('a 101 to a request that did not ask to upgrade is a bad response', async () => {
  const be = await rawBackend((socket) => socket.on('data', () => socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: upgrade\r\n\r\n')));
  const gw = await startGateway(testConfig({ upstreams: [be.url], pool: { retries: { attempts: 1, budgetPercent: 0 } } }));
  try {
    const ex = await rawRequest(gw.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    assert.equal(ex.responses[0]?.status, 502);
    assert.match(ex.responses[0]?.headers.get('proxy-status') ?? '', /details="upstream_bad_response"/);
  } finally {
    await gw.close();
    await be.close();
  }
});
