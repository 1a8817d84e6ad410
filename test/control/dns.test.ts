// Question: when a target's DNS name starts resolving to a new address (a redeploy), does the
// gateway follow it within dns_refresh, instead of reusing pooled connections to the old address
// forever (the stale-IP 502 after a redeploy)? A tiny loopback DNS server answers the name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readDnsQuestion } from '../../src/lab/dns-message.ts';
import { get, keepAlive, poolWith, startControlled, startTarget, waitFor } from './support.ts';

/** A DNS server on 127.0.0.1 that answers every A query with `address` (TTL 1 s). */
async function loopbackDns(initial: string) {
  const socket = createSocket('udp4');
  const state = { address: initial, queries: 0 };
  socket.on('message', (message, peer) => {
    const q = readDnsQuestion(message);
    if (q === null) return;
    state.queries += 1;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(q.id, 0);
    header.writeUInt16BE(0x8180 | (q.flags & 0x0100), 2); // response, recursion available
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(q.qtype === 1 ? 1 : 0, 6);
    const answer = Buffer.alloc(16);
    answer.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    answer.writeUInt16BE(1, 2); // A
    answer.writeUInt16BE(1, 4); // IN
    answer.writeUInt32BE(1, 6); // TTL
    answer.writeUInt16BE(4, 10);
    state.address.split('.').forEach((octet, i) => answer.writeUInt8(Number(octet), 12 + i));
    socket.send(Buffer.concat([header, q.question, ...(q.qtype === 1 ? [answer] : [])]), peer.port, peer.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { state, server: `127.0.0.1:${socket.address().port}`, close: () => new Promise<void>((r) => socket.close(() => r())) };
}

test('a DNS-named target is re-resolved: pooled connections to the old address are closed', async () => {
  const old = await startTarget(0, '127.0.0.2');
  const fresh = await startTarget(old.port, '127.0.0.3');
  const dns = await loopbackDns('127.0.0.2');
  const gw = await startControlled(
    { upstreams: [`http://app.test:${old.port}`], pool: { health: poolWith({}), dnsRefreshMs: 200, keepAlive: { idleMs: 30_000, hintMarginMs: 1_000, maxIdlePerTarget: 8 } } },
    null,
    { servers: [dns.server], timeoutMs: 1_000 },
  );
  const agent = keepAlive();
  try {
    for (let i = 0; i < 5; i++) assert.equal((await get(gw.port, '/', { agent })).status, 200);
    assert.equal(old.served, 5);
    await waitFor('first resolution recorded', () => gw.control.pools()[0]!.targets[0]!.addresses.length === 1);
    dns.state.address = '127.0.0.3';
    const switched = Date.now();
    // Steady traffic keeps the pooled connection to the old address warm: only re-resolution moves it.
    await waitFor('requests reach the new address', async () => {
      assert.equal((await get(gw.port, '/', { agent })).status, 200);
      return fresh.served > 0;
    }, 3_000, 10).catch((e: Error) => {
      throw new Error(`${e.message}; DNS queries ${dns.state.queries}, events ${JSON.stringify(gw.events)}, view ${JSON.stringify(gw.control.pools())}`);
    });
    console.log(`# requests followed the new DNS answer after ${Date.now() - switched} ms (dns_refresh 200 ms)`);
    const event = gw.events.find((e) => e.kind === 'dns_changed');
    assert.ok(event, 'a dns_changed event');
    assert.match(event.detail, /127\.0\.0\.2 → 127\.0\.0\.3/);
    const oldCount = old.served;
    for (let i = 0; i < 5; i++) await get(gw.port, '/', { agent });
    assert.equal(old.served, oldCount, 'nothing goes to the old address any more');
  } finally {
    agent.destroy();
    await gw.close();
    await dns.close();
    await old.stop();
    await fresh.stop();
  }
});
