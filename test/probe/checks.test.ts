// Do the probe's checks judge exactly what raw servers send — tolerated deviations as warnings,
// framing lies as failures, head sizes against proxy buffers, listeners on the wrong address or
// port, the localhost trap both ways — and does --via name the cause a proxy reports?
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { runProbe, type ProbeReport } from '../../src/probe/run.ts';
import { parseTarget } from '../../src/probe/target.ts';
import { parseProcNetTcp } from '../../src/probe/listeners/proc-net-tcp.ts';
import { causeFromBody, causeFromProxyStatus } from '../../src/probe/checks/via.ts';
import { rawServer, respond, type RawServer } from './raw-server.ts';

const servers: RawServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(onRequest: Parameters<typeof rawServer>[0], host?: string): Promise<RawServer> {
  const server = await rawServer(onRequest, host);
  servers.push(server);
  return server;
}

function probe(url: string, extra: { via?: string; resolver?: string } = {}): Promise<ProbeReport> {
  return runProbe({
    target: parseTarget(url),
    lbIdleMs: 200,
    maxKeepAliveWaitMs: 3000,
    timeoutMs: 1000,
    via: extra.via ? parseTarget(extra.via) : null,
    ca: null,
    resolver: extra.resolver ?? null,
    proxyConfig: null,
  });
}

const result = (report: ProbeReport, check: string) => {
  const found = report.results.find((r) => r.check === check);
  assert.ok(found, `no ${check} result`);
  return found;
};

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n';

test('/proc/net/tcp parsing: IPv4 and IPv6 listeners, other states ignored', () => {
  const v4 = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0',
    '   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0',
    '   2: 0100007F:0BB8 0100007F:D3A2 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0',
  ].join('\n');
  const v6 = [
    '  sl  local_address                         remote_address                        st',
    '   0: 00000000000000000000000001000000:1388 00000000000000000000000000000000:0000 0A 00000000:00000000',
    '   1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000',
    '   2: 0000000000000000FFFF00000100007F:0051 00000000000000000000000000000000:0000 0A 00000000:00000000',
  ].join('\n');
  assert.deepEqual(parseProcNetTcp(v4, 4), [
    { family: 4, address: '127.0.0.1', port: 3000 },
    { family: 4, address: '0.0.0.0', port: 8080 },
  ]);
  assert.deepEqual(parseProcNetTcp(v6, 6), [
    { family: 6, address: '::1', port: 5000 },
    { family: 6, address: '::', port: 80 },
    { family: 6, address: '::ffff:127.0.0.1', port: 81 },
  ]);
});

test('bare LF line endings: http warns with the tolerated rule, nothing fails', async () => {
  const server = await serve(respond('HTTP/1.1 200 OK\nContent-Length: 2\n\n', 'ok'));
  const report = await probe(server.url);
  const http = result(report, 'http');
  assert.equal(http.status, 'warn');
  assert.equal(http.cause, 'upstream_bad_response');
  assert.match(http.evidence.join('\n'), /bare_lf/);
  assert.equal(report.results.filter((r) => r.status === 'fail').length, 0);
});

test('Content-Length smaller than the body: framing fails with the extra bytes', async () => {
  const server = await serve(respond('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n', 'ok and more'));
  const framing = result(await probe(server.url), 'framing');
  assert.equal(framing.status, 'fail');
  assert.equal(framing.cause, 'upstream_bad_framing');
  assert.match(framing.summary, /9 bytes after the end of the body/);
});

test('no framing on a kept-alive HTTP/1.1 response that closes: framing warns', async () => {
  const server = await serve((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nbody until close'));
  const framing = result(await probe(server.url), 'framing');
  assert.equal(framing.status, 'warn');
  assert.equal(framing.cause, 'upstream_bad_framing');
});

test('no framing and the target never closes: framing fails (the body never ends)', async () => {
  const server = await serve(respond('HTTP/1.1 200 OK\r\n\r\n', 'partial'));
  const framing = result(await probe(server.url), 'framing');
  assert.equal(framing.status, 'fail');
  assert.equal(framing.cause, 'upstream_bad_framing');
});

test('head sizes: 6 KiB warns (NGINX default 4k), 20 KiB fails (HAProxy 16k too)', async () => {
  const big = (n: number) => `HTTP/1.1 200 OK\r\nSet-Cookie: c=${'x'.repeat(n)}\r\nContent-Length: 2\r\n\r\n`;
  const medium = await serve(respond(big(6000), 'ok'));
  const large = await serve(respond(big(20_000), 'ok'));
  const [a, b] = await Promise.all([probe(medium.url), probe(large.url)]);
  assert.equal(result(a, 'head-size').status, 'warn');
  assert.equal(result(a, 'head-size').cause, 'upstream_headers_too_large');
  assert.match(result(a, 'head-size').fix ?? '', /proxy_buffer_size 8k/);
  assert.equal(result(b, 'head-size').status, 'fail');
  assert.ok((result(b, 'head-size').measured?.headBytes ?? 0) > 20_000);
  assert.match(result(b, 'head-size').evidence[0] ?? '', /largest: Set-Cookie/);
});

test('stray bytes on an idle kept-alive connection: keep-alive fails with bad framing', async () => {
  let requests = 0;
  const server = await serve((socket) => {
    requests += 1;
    socket.write(OK + 'ok');
    if (requests === 2) setTimeout(() => socket.write('HTTP/1.1 200 OK\r\n'), 50);
  });
  const keepAlive = result(await probe(server.url), 'keep-alive');
  assert.equal(keepAlive.status, 'fail');
  assert.equal(keepAlive.cause, 'upstream_bad_framing');
});

test('a target that says Connection: close: keep-alive passes (nothing to race on)', async () => {
  const server = await serve((socket) => socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'));
  const keepAlive = result(await probe(server.url), 'keep-alive');
  assert.equal(keepAlive.status, 'pass');
  assert.match(keepAlive.evidence.join('\n'), /Connection: close/);
});

test('listening on 127.0.0.1 only, probed on [::1]: tcp refused and listeners name the address', async () => {
  const server = await serve(respond(OK, 'ok'));
  const report = await probe(`http://[::1]:${server.port}/`);
  assert.equal(result(report, 'tcp').cause, 'upstream_connect_refused');
  const listeners = result(report, 'listeners');
  assert.equal(listeners.status, 'fail');
  assert.match(listeners.summary, new RegExp(`port ${server.port} listens on 127\\.0\\.0\\.1 but not on ::1`));
});

test('the wrong port: listeners fail and show the listening port nearby', async () => {
  const server = await serve(respond(OK, 'ok'));
  // A port next to the live one that nothing listens on (bound then closed when free).
  const neighbour = await new Promise<number | null>((done) => {
    const probeServer = createServer();
    probeServer.once('error', () => done(null));
    probeServer.listen(server.port + 1, '127.0.0.1', () => probeServer.close(() => done(server.port + 1)));
  });
  if (neighbour === null) return assert.ok(true, 'port+1 busy on this host: nothing to test');
  const listeners = result(await probe(`http://127.0.0.1:${neighbour}/`), 'listeners');
  assert.equal(listeners.status, 'fail');
  assert.equal(listeners.cause, 'upstream_connect_refused');
  assert.match(listeners.evidence.join('\n'), new RegExp(`listening nearby: 127\\.0\\.0\\.1:${server.port}`));
});

/** A DNS server answering every A query with 127.0.0.1 and every AAAA with ::1 (RFC 1035 §4.1). */
async function loopbackDns(): Promise<{ address: string; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  socket.on('message', (query, remote) => {
    let at = 12;
    while (at < query.length && query[at] !== 0) at += (query[at] as number) + 1;
    const qtype = query.readUInt16BE(at + 1);
    const question = query.subarray(12, at + 5);
    const rdata = qtype === 1 ? Buffer.from([127, 0, 0, 1]) : qtype === 28 ? Buffer.from([...Array(15).fill(0), 1]) : null;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(rdata ? 1 : 0, 6);
    const answer = rdata ? Buffer.concat([Buffer.from([0xc0, 0x0c]), Buffer.from([0, qtype, 0, 1, 0, 0, 0, 60, 0, rdata.length]), rdata]) : Buffer.alloc(0);
    socket.send(Buffer.concat([header, question, answer]), remote.port, remote.address);
  });
  await new Promise<void>((done) => socket.bind(0, '127.0.0.1', () => done()));
  return { address: `127.0.0.1:${socket.address().port}`, close: () => new Promise((done) => socket.close(() => done())) };
}

test('the localhost trap, reversed: a name giving 127.0.0.1 first while the app listens on ::1 only', async () => {
  const dns = await loopbackDns();
  try {
    const server = await serve(respond(OK, 'ok'), '::1');
    const report = await probe(`http://app.test:${server.port}/`, { resolver: dns.address });
    const dnsResult = result(report, 'dns');
    assert.equal(dnsResult.status, 'warn', JSON.stringify(report.results, null, 1));
    assert.equal(dnsResult.cause, 'upstream_connect_refused');
    assert.match(dnsResult.summary, /resolves to 127\.0\.0\.1 first, but the target listens on ::1 only/);
    const tcp = result(report, 'tcp');
    assert.equal(tcp.status, 'warn');
    assert.equal(tcp.cause, 'upstream_connect_refused');
    assert.equal(result(report, 'http').status, 'pass', 'the probe goes on with the address that works');
  } finally {
    await dns.close();
  }
});

test('--via: a proxy 502 naming its cause in Proxy-Status, while the target answers 200', async () => {
  const target = await serve(respond(OK, 'ok'));
  const proxy = await serve(respond('HTTP/1.1 502 Bad Gateway\r\nProxy-Status: gatewise; error=connection_refused; details="upstream_connect_refused"\r\nContent-Length: 3\r\n\r\n', 'bad'));
  const via = result(await probe(target.url, { via: proxy.url }), 'via');
  assert.equal(via.status, 'fail');
  assert.equal(via.cause, 'upstream_connect_refused');
  assert.match(via.summary, /the proxy answered 502 while the target answered 200 directly/);
});

test('--via: the same 200 both ways passes; Proxy-Status and error pages parse to causes', async () => {
  const target = await serve(respond(OK, 'ok'));
  const proxy = await serve(respond(OK, 'ok'));
  assert.equal(result(await probe(target.url, { via: proxy.url }), 'via').status, 'pass');
  assert.deepEqual(causeFromProxyStatus('nginx; error=http_response_header_section_size'), { cause: 'upstream_headers_too_large', error: 'http_response_header_section_size' });
  assert.deepEqual(causeFromProxyStatus('gatewise; error=connection_terminated'), { cause: null, error: 'connection_terminated' });
  assert.equal(causeFromBody(Buffer.from('502 Bad Gateway: upstream_keepalive_race (request id 1)')), 'upstream_keepalive_race');
  assert.equal(causeFromBody(Buffer.from('<html>502 Bad Gateway</html>')), null);
});
