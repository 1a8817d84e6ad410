// Does the gateway forward HTTP/1.1 faithfully? Hop-by-hop lines removed (including names listed in
// Connection), Via / X-Forwarded-* / Forwarded / X-Request-Id added with the trusted-proxy rule,
// pipelined requests answered in order, HEAD/204/304 framing, chunked bodies with trailers passed
// through byte for byte, Expect: 100-continue relayed, Connection: close honoured both ways, a
// target's own 5xx passed through unchanged but marked, and each request-target form (RFC 9112 §3.2)
// routed and forwarded as it must be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { get, rawBackend, rawRequest, startGateway, testConfig } from './support.ts';

/** A backend that records each request head and answers with `answer(head)`. */
async function recordingBackend(answer: (head: string, socket: Socket) => string | null) {
  const heads: string[] = [];
  const be = await rawBackend((socket) => {
    let buf = '';
    socket.on('data', (c) => {
      buf += c.toString('latin1');
      let i: number;
      while ((i = buf.indexOf('\r\n\r\n')) >= 0) {
        const head = buf.slice(0, i);
        buf = buf.slice(i + 4);
        const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
        if (cl) buf = buf.slice(Number(cl[1]));
        heads.push(head);
        const out = answer(head, socket);
        if (out !== null) socket.write(out);
      }
    });
  });
  return { ...be, heads };
}

function headerOf(head: string, name: string): string[] {
  return head
    .split('\r\n')
    .slice(1)
    .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((l) => l.slice(l.indexOf(':') + 1).trim());
}

test('hop-by-hop lines are removed, forwarding lines added (untrusted client: replaced)', async () => {
  const be = await recordingBackend(() => 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=5\r\nX-Secret-Hop: 1\r\nConnection: X-Secret-Hop\r\n\r\nok');
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const req =
      'GET /p?q=1 HTTP/1.1\r\nHost: app.example\r\nConnection: keep-alive, X-Drop-Me\r\nX-Drop-Me: 1\r\nKeep-Alive: timeout=9\r\n' +
      'Proxy-Authorization: Basic eA==\r\nTE: trailers\r\nX-Forwarded-For: 6.6.6.6\r\nX-Request-Id: forged-id\r\nX-Keep: yes\r\n\r\n';
    const ex = await rawRequest(gw.port, req);
    const res = ex.responses[0]!;
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('keep-alive'), undefined, 'Keep-Alive is hop-by-hop');
    assert.equal(res.headers.get('x-secret-hop'), undefined, 'names listed in Connection are hop-by-hop');
    assert.equal(res.headers.get('via'), '1.1 gatewise');
    const head = be.heads[0]!;
    assert.match(head, /^GET \/p\?q=1 HTTP\/1\.1\r\n/);
    assert.deepEqual(headerOf(head, 'x-drop-me'), []);
    assert.deepEqual(headerOf(head, 'keep-alive'), []);
    assert.deepEqual(headerOf(head, 'proxy-authorization'), []);
    assert.deepEqual(headerOf(head, 'x-keep'), ['yes']);
    assert.deepEqual(headerOf(head, 'via'), ['1.1 gatewise']);
    assert.deepEqual(headerOf(head, 'x-forwarded-for'), ['127.0.0.1'], 'an untrusted client cannot forge XFF');
    assert.deepEqual(headerOf(head, 'x-forwarded-proto'), ['http']);
    assert.deepEqual(headerOf(head, 'x-forwarded-host'), ['app.example']);
    assert.deepEqual(headerOf(head, 'forwarded'), ['for=127.0.0.1;proto=http;host="app.example"']);
    const [id] = headerOf(head, 'x-request-id');
    assert.ok(id !== undefined && id !== 'forged-id' && /^[a-z0-9]+-[a-z0-9]+$/.test(id), `generated id, got ${id}`);
    assert.equal(gw.records[0]?.requestId, id);
  } finally {
    await gw.close();
    await be.close();
  }
});

test('a trusted peer: XFF and Forwarded extended, its request id kept', async () => {
  const be = await recordingBackend(() => 'HTTP/1.1 204 No Content\r\n\r\n');
  const gw = await startGateway(testConfig({ upstreams: [be.url], gateway: { trustedProxies: ['127.0.0.0/8'] } }));
  try {
    const req = 'GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nForwarded: for=203.0.113.7\r\nX-Request-Id: abc-123\r\n\r\n';
    const ex = await rawRequest(gw.port, req);
    assert.equal(ex.responses[0]?.status, 204);
    const head = be.heads[0]!;
    assert.deepEqual(headerOf(head, 'x-forwarded-for'), ['203.0.113.7, 127.0.0.1']);
    assert.deepEqual(headerOf(head, 'x-forwarded-proto'), ['https']);
    assert.deepEqual(headerOf(head, 'forwarded'), ['for=203.0.113.7, for=127.0.0.1;proto=http;host="a"']);
    assert.deepEqual(headerOf(head, 'x-request-id'), ['abc-123']);
  } finally {
    await gw.close();
    await be.close();
  }
});

test('pipelined requests are answered in order on one connection', async () => {
  const be = await recordingBackend((head) => {
    const path = head.split(' ')[1]!;
    return `HTTP/1.1 200 OK\r\nContent-Length: ${path.length}\r\n\r\n${path}`;
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const ex = await rawRequest(gw.port, [get('/one'), get('/two'), get('/three'), get('/four')].join(''), { expect: 4 });
    assert.deepEqual(
      ex.responses.map((r) => r.body.toString()),
      ['/one', '/two', '/three', '/four'],
    );
    assert.equal(gw.records.length, 4);
  } finally {
    await gw.close();
    await be.close();
  }
});

test('HEAD, 204 and 304 responses have no body; the connection stays usable', async () => {
  const be = await recordingBackend((head) => {
    if (head.startsWith('HEAD')) return 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n';
    if (head.includes('/204')) return 'HTTP/1.1 204 No Content\r\n\r\n';
    if (head.includes('/304')) return 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n';
    return 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone';
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const req = 'HEAD / HTTP/1.1\r\nHost: a\r\n\r\n' + get('/204') + get('/304') + get('/last');
    // The test client cannot frame a HEAD response itself: read for a while, then look at the bytes.
    const ex = await rawRequest(gw.port, req, { expect: 4, timeoutMs: 600 });
    const text = ex.raw.toString('latin1');
    assert.equal((text.match(/HTTP\/1\.1 /g) ?? []).length, 4, text);
    assert.match(text, /Content-Length: 1000\r\n/);
    assert.ok(text.endsWith('\r\n\r\ndone'), 'only the last response has a body');
  } finally {
    await gw.close();
    await be.close();
  }
});

test('chunked bodies with trailers pass through byte for byte, both ways', async () => {
  const chunkedResponse = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n';
  let received = '';
  const be = await rawBackend((socket) => {
    socket.on('data', (c) => {
      received += c.toString('latin1');
      if (received.includes('0\r\nX-Req-Trailer: 1\r\n\r\n')) socket.write(chunkedResponse);
    });
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const body = '3\r\nabc\r\n0\r\nX-Req-Trailer: 1\r\n\r\n';
    const ex = await rawRequest(gw.port, `POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTE: trailers\r\n\r\n${body}`);
    assert.ok(received.endsWith(body), `request body verbatim: ${JSON.stringify(received)}`);
    assert.match(received, /\r\nTransfer-Encoding: chunked\r\n/i);
    const text = ex.raw.toString('latin1');
    assert.ok(text.endsWith('5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n'), text);
    assert.equal(ex.responses[0]?.body.toString(), 'hello world');
  } finally {
    await gw.close();
    await be.close();
  }
});

test('Expect: 100-continue is forwarded and the target\'s 100 relayed', async () => {
  const be = await rawBackend((socket) => {
    let buf = '';
    let continued = false;
    socket.on('data', (c) => {
      buf += c.toString('latin1');
      if (!continued && buf.includes('\r\n\r\n')) {
        continued = true;
        assert.match(buf, /\r\nExpect: 100-continue\r\n/i);
        socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      }
      if (buf.endsWith('\r\n\r\nhello')) socket.write('HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n');
    });
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const head = 'POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n';
    const ex = await rawRequest(gw.port, [head, 'hello'], { expect: 2, gapMs: 150 });
    assert.deepEqual(ex.responses.map((r) => r.status), [100, 201]);
  } finally {
    await gw.close();
    await be.close();
  }
});

test('Connection: close from the client closes after the response; from the target, the upstream socket is not reused', async () => {
  let connections = 0;
  const be = await rawBackend((socket) => {
    connections += 1;
    socket.on('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const one = await rawRequest(gw.port, 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', { expect: 2 });
    assert.equal(one.responses[0]?.headers.get('connection'), 'close');
    assert.equal(one.ended, 'fin');
    const two = await rawRequest(gw.port, get() + get(), { expect: 2 });
    assert.deepEqual(two.responses.map((r) => r.status), [200, 200]);
    assert.equal(connections, 3, 'a fresh upstream connection per request');
    assert.ok(gw.records.every((r) => r.attempts.every((a) => !a.reused)));
  } finally {
    await gw.close();
    await be.close();
  }
});

test("a target's own 5xx passes through unchanged, marked received-status, origin target", async () => {
  const be = await recordingBackend(() => 'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nRetry-After: 3\r\n\r\nbusy');
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const ex = await rawRequest(gw.port, get());
    const res = ex.responses[0]!;
    assert.equal(res.status, 503);
    assert.equal(res.body.toString(), 'busy');
    assert.equal(res.headers.get('retry-after'), '3');
    assert.equal(res.headers.get('proxy-status'), 'gatewise; received-status=503');
    const r = gw.records[0]!;
    assert.equal(r.origin, 'target');
    assert.equal(r.cause, 'upstream_5xx');
    assert.equal(r.attempts[0]?.status, 503);
  } finally {
    await gw.close();
    await be.close();
  }
});

test('no route and no target: 503 with their causes', async () => {
  const gw = await startGateway(
    testConfig({ upstreams: ['http://127.0.0.1:9'], gateway: { routes: [{ host: 'only.example', pathPrefix: '/', pool: 'default' }] } }),
  );
  try {
    const ex = await rawRequest(gw.port, get());
    assert.equal(ex.responses[0]?.status, 503);
    assert.match(ex.responses[0]?.headers.get('proxy-status') ?? '', /details="no_upstream_configured"/);
    gw.gateway.pools.get('default')!.targets[0]!.healthy = false;
    const two = await rawRequest(gw.port, 'GET / HTTP/1.1\r\nHost: only.example\r\n\r\n');
    assert.match(two.responses[0]?.headers.get('proxy-status') ?? '', /details="no_healthy_upstream"/);
    assert.equal(two.responses[0]?.status, 503);
  } finally {
    await gw.close();
  }
});

test('a body delimited by the target closing goes to an HTTP/1.1 client chunked, and its connection stays open', async () => {
  // HTTP/1.0-style answers (no Content-Length, no chunked: the body ends at the target's FIN), in
  // two pieces so the re-framing spans reads.
  let n = 0;
  const be = await recordingBackend((_head, socket) => {
    n += 1;
    socket.write(`HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst part ${n}, `);
    setTimeout(() => socket.end('second part'), 20);
    return null;
  });
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const two = await rawRequest(gw.port, ['GET /a HTTP/1.1\r\nHost: a\r\n\r\n', 'GET /b HTTP/1.1\r\nHost: a\r\n\r\n'], { expect: 2, gapMs: 150, timeoutMs: 3_000 });
    const text = two.raw.toString('latin1');
    assert.equal(two.responses.length, 2, text);
    assert.equal(two.ended, 'open', 'the client connection outlives both answers');
    assert.equal(two.responses[0]?.body.toString(), 'first part 1, second part');
    assert.equal(two.responses[1]?.body.toString(), 'first part 2, second part');
    assert.match(text, /\r\nTransfer-Encoding: chunked\r\n/);
    assert.doesNotMatch(text, /\r\nConnection: close\r\n/i);
    assert.ok(text.endsWith('\r\n0\r\n\r\n'), 'the last chunk ends the second answer');

    const ten = await rawRequest(gw.port, 'GET / HTTP/1.0\r\nHost: a\r\n\r\n', { timeoutMs: 3_000 });
    assert.equal(ten.ended, 'fin', 'an HTTP/1.0 client reads the body to our FIN');
    assert.doesNotMatch(ten.raw.toString('latin1'), /Transfer-Encoding/i);
    assert.ok(ten.raw.toString('latin1').endsWith('\r\n\r\nfirst part 3, second part'));
  } finally {
    await gw.close();
    await be.close();
  }
});

test('an HTTP/1.0 client gets a chunked body de-chunked, ended by close (RFC 9112 §6.1)', async () => {
  const be = await recordingBackend(() => 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n5;x=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-T: 1\r\n\r\n');
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    const ten = await rawRequest(gw.port, 'GET / HTTP/1.0\r\nHost: a\r\n\r\n', { timeoutMs: 2_000 });
    const text = ten.raw.toString('latin1');
    assert.equal(ten.ended, 'fin');
    assert.doesNotMatch(text, /Transfer-Encoding|Trailer:/i);
    assert.match(text, /\r\nConnection: close\r\n/);
    assert.ok(text.endsWith('\r\n\r\nhello world'), JSON.stringify(text));
    const eleven = await rawRequest(gw.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    assert.equal(eleven.responses[0]?.body.toString(), 'hello world');
    assert.match(eleven.raw.toString('latin1'), /\r\nTransfer-Encoding: chunked\r\n/, 'HTTP/1.1 clients get the bytes as sent');
  } finally {
    await gw.close();
    await be.close();
  }
});

test('request-target forms: absolute-form routed on its host and path and sent in origin-form; CONNECT refused; a Host-less HTTP/1.0 request gets one', async () => {
  const web = await recordingBackend(() => 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nweb');
  const api = await recordingBackend(() => 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\napi');
  const base = testConfig({ upstreams: [web.url] });
  const apiPool = { ...base.pools.get('default')!, name: 'api', targets: [{ url: api.url, weight: 1 }] };
  const gw = await startGateway({
    ...base,
    pools: new Map([...base.pools, ['api', apiPool]]),
    routes: [
      { host: 'api.example', pathPrefix: '/v1/', pool: 'api' },
      { host: null, pathPrefix: '/', pool: 'default' },
    ],
  });
  try {
    // RFC 9112 §3.2.2: the target URI's host wins over the Host line, which is replaced, not forwarded.
    const abs = await rawRequest(gw.port, 'GET http://API.example:80/v1/items?x=1 HTTP/1.1\r\nHost: web.example\r\nConnection: close\r\n\r\n');
    assert.equal(abs.responses[0]?.body.toString(), 'api', 'routed on the URI\'s host and path');
    const head = api.heads[0]!;
    assert.match(head, /^GET \/v1\/items\?x=1 HTTP\/1\.1\r\n/, head);
    assert.deepEqual(headerOf(head, 'host'), ['API.example:80']);
    assert.deepEqual(headerOf(head, 'x-forwarded-host'), ['API.example:80']);
    assert.equal(gw.records.at(-1)?.target, '/v1/items?x=1');

    const connect = await rawRequest(gw.port, 'CONNECT api.example:443 HTTP/1.1\r\nHost: api.example:443\r\n\r\n', { expect: 2, timeoutMs: 3_000 });
    assert.equal(connect.responses[0]?.status, 400);
    assert.match(connect.responses[0]?.headers.get('proxy-status') ?? '', /details="client_request_invalid"/);
    assert.equal(connect.ended, 'fin', 'the connection is closed after the refusal');
    assert.equal(web.heads.length + api.heads.length, 1, 'no target saw the CONNECT');

    const old = await rawRequest(gw.port, 'GET /page HTTP/1.0\r\n\r\n');
    assert.equal(old.responses[0]?.body.toString(), 'web');
    assert.deepEqual(headerOf(web.heads[0]!, 'host'), [new URL(web.url).host], 'HTTP/1.1 to the target needs a Host: the target\'s');
  } finally {
    await gw.close();
    await web.close();
    await api.close();
  }
});
