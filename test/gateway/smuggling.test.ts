// Are requests that could desynchronise a chain of proxies refused — 400 client_request_invalid,
// connection closed, nothing forwarded — instead of being forwarded with a lenient reading?
// (CL+TE, duplicate/invalid Content-Length, obfuscated Transfer-Encoding, obs-fold, bare CR/LF, NUL.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawBackend, rawRequest, startGateway, testConfig } from './support.ts';

const VECTORS: ReadonlyArray<readonly [string, string]> = [
  ['CL and TE together', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
  ['duplicate Content-Length, different values', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde'],
  ['Content-Length with a sign', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +4\r\n\r\nabcd'],
  ['Content-Length list', 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4, 5\r\n\r\nabcd'],
  ['obfuscated TE (xchunked)', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n'],
  ['obfuscated TE (tab)', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tchunked\t\r\n\r\n0\r\n\r\n'],
  ['TE chunked twice', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n'],
  ['space before colon', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n'],
  ['obs-fold', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n  folded\r\n\r\n'],
  ['bare LF', 'GET / HTTP/1.1\nHost: a\n\n'],
  ['bare CR', 'GET / HTTP/1.1\r\nHost: a\rX: 1\r\n\r\n'],
  ['NUL in a value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: a\u0000b\r\n\r\n'],
  ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\nX-A: 1\r\n\r\n'],
  ['two Host lines', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
  ['invalid chunk size', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'],
  ['TE in HTTP/1.0', 'POST / HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
];

test('smuggling vectors: 400 client_request_invalid, connection closed, nothing forwarded', async (t) => {
  let forwarded = 0;
  const be = await rawBackend((socket) => socket.on('data', () => (forwarded += 1)));
  const gw = await startGateway(testConfig({ upstreams: [be.url] }));
  try {
    for (const [name, bytes] of VECTORS) {
      await t.test(name, async () => {
        const before = gw.records.length;
        const ex = await rawRequest(gw.port, bytes, { expect: 1, timeoutMs: 3_000 });
        const res = ex.responses[0];
        assert.equal(res?.status, 400, `${name}: ${ex.raw.toString('latin1').slice(0, 100)}`);
        assert.match(res.headers.get('proxy-status') ?? '', /details="client_request_invalid"/);
        assert.equal(res.headers.get('connection'), 'close');
        const record = gw.records[before];
        assert.equal(record?.cause, 'client_request_invalid');
        assert.equal(record?.status, 400);
      });
    }
    // Nothing of a refused request reached the target, except chunked-body errors found after the
    // head was forwarded (then the request is cut, the target sees an incomplete body).
    assert.ok(forwarded <= 1, `forwarded ${forwarded} requests`);
  } finally {
    await gw.close();
    await be.close();
  }
});

test('a request head over the limit: 431 client_request_headers_too_large', async () => {
  const gw = await startGateway(testConfig({ upstreams: ['http://127.0.0.1:9'], gateway: { limits: { maxRequestHeadBytes: 1024, maxRequestBodyBytes: 10, maxResponseHeadBytes: 32768, maxClientConnections: 100 } } }));
  try {
    const ex = await rawRequest(gw.port, `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'x'.repeat(2000)}\r\n\r\n`);
    assert.equal(ex.responses[0]?.status, 431);
    assert.match(ex.responses[0]?.headers.get('proxy-status') ?? '', /details="client_request_headers_too_large"/);
    const big = await rawRequest(gw.port, `POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world`);
    assert.equal(big.responses[0]?.status, 413);
    assert.match(big.responses[0]?.headers.get('proxy-status') ?? '', /details="client_request_too_large"/);
  } finally {
    await gw.close();
  }
});
