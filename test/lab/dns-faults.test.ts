// Do the DNS faults answer a real resolver as claimed: dns-nxdomain with RCODE 3 echoing the query's
// id and question (node:dns reports ENOTFOUND), dns-stall with nothing at all (node:dns reports
// ETIMEOUT), and does the listing say which resolver to use?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { eventually, startLab } from './raw-client.ts';

const lab = await startLab();

function listing(id: string) {
  const fault = lab.faults.find((f) => f.id === id);
  assert.ok(fault?.trigger.resolver, `${id} lists its resolver`);
  return { host: new URL(fault.url).hostname, resolver: fault.trigger.resolver, port: Number(fault.trigger.resolver.split(':')[1]) };
}

// A query for "a.b" type A with RD set, id 0xbeef (RFC 1035 §4.1).
const QUERY = Buffer.from([0xbe, 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 1, 0x62, 0, 0, 1, 0, 1]);

test('dns-nxdomain: RCODE 3, same id and question, no answers', async () => {
  const { port } = listing('dns-nxdomain');
  const socket = createSocket('udp4');
  try {
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no DNS reply within 2000 ms')), 2000);
      socket.once('message', (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      socket.send(QUERY, port, '127.0.0.1');
    });
    assert.equal(reply.readUInt16BE(0), 0xbeef);
    assert.equal(reply.readUInt16BE(2), 0x8583, 'QR, AA, RD, RA, RCODE 3');
    assert.deepEqual([...reply.subarray(4, 12)], [0, 1, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(reply.subarray(12), QUERY.subarray(12));
  } finally {
    socket.close();
  }
});

test('dns-nxdomain: a real resolver pointed at it reports ENOTFOUND for the listed host', async () => {
  const { host, resolver } = listing('dns-nxdomain');
  const dns = new Resolver({ timeout: 1000, tries: 1 });
  dns.setServers([resolver]);
  await assert.rejects(dns.resolve4(host), { code: 'ENOTFOUND' });
  assert.ok(lab.events.some((e) => e.type === 'dns-query' && e.name === host && e.answer === 'nxdomain'));
});

test('dns-stall: a real resolver pointed at it times out; the lab saw the query', async () => {
  const { host, resolver } = listing('dns-stall');
  const dns = new Resolver({ timeout: 300, tries: 1 });
  dns.setServers([resolver]);
  await assert.rejects(dns.resolve4(host), { code: 'ETIMEOUT' });
  await eventually(() => lab.events.some((e) => e.type === 'dns-query' && e.name === host && e.answer === 'none'), 1000, 'the query logged');
});
