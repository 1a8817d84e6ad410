// Do the serializers write exactly the head the next hop must see: the original lines minus
// hop-by-hop ones (RFC 9110 §7.6.1, including names listed in Connection), framing re-stated,
// the gateway's own lines added, line endings normalised to CRLF?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createRequestParser,
  createResponseParser,
  HEADER_KIND,
  kindMask,
  serializeRequestHead,
  serializeResponseHead,
  type RequestHeadOptions,
  type ResponseHeadOptions,
} from '../../src/http1/index.ts';
import { bytes } from './feed.ts';

interface RequestCase {
  name: string;
  input: string;
  options: RequestHeadOptions;
  output: string;
}

const VIA = 'Via: 1.1 gatewise\r\n';

const REQUESTS: RequestCase[] = [
  {
    name: 'plain GET keeps end-to-end lines in order and adds the extras',
    input: 'GET /a?b HTTP/1.1\r\nHost: app\r\nAccept: */*\r\nUser-Agent: t\r\n\r\n',
    options: { connection: 'keep-alive', extra: VIA },
    output: 'GET /a?b HTTP/1.1\r\nHost: app\r\nAccept: */*\r\nUser-Agent: t\r\nConnection: keep-alive\r\nVia: 1.1 gatewise\r\n\r\n',
  },
  {
    name: 'hop-by-hop lines and names listed in Connection are removed',
    input:
      'GET / HTTP/1.1\r\nHost: app\r\nConnection: keep-alive, X-Secret, x-two\r\nKeep-Alive: timeout=9\r\nProxy-Connection: keep-alive\r\n' +
      'X-Secret: s\r\nX-Two: 2\r\nTE: gzip\r\nProxy-Authorization: Basic eA==\r\nUpgrade: h2c\r\nX-Keep: k\r\n\r\n',
    options: { connection: 'keep-alive', extra: '' },
    output: 'GET / HTTP/1.1\r\nHost: app\r\nX-Keep: k\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: 'absolute-form goes on as origin-form, its authority as the Host in place of the client\'s (RFC 9112 §3.2.2)',
    input: 'GET http://Example.com:8080/p?q HTTP/1.1\r\nAccept: */*\r\nHost: other\r\n\r\n',
    options: { connection: 'keep-alive', extra: '', host: 'ignored:1' },
    output: 'GET /p?q HTTP/1.1\r\nHost: Example.com:8080\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: 'absolute-form without a path gets "/"',
    input: 'OPTIONS http://a?x HTTP/1.1\r\nHost: a\r\n\r\n',
    options: { connection: 'keep-alive', extra: '' },
    output: 'OPTIONS /?x HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: 'an HTTP/1.0 request without Host gets the given one (HTTP/1.1 requires it)',
    input: 'GET /x HTTP/1.0\r\nAccept: */*\r\n\r\n',
    options: { connection: 'keep-alive', extra: '', host: '10.0.0.5:8080' },
    output: 'GET /x HTTP/1.1\r\nHost: 10.0.0.5:8080\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: 'a request with a Host keeps it whatever host is given',
    input: 'GET /x HTTP/1.0\r\nHost: mine\r\n\r\n',
    options: { connection: 'keep-alive', extra: '', host: '10.0.0.5:8080' },
    output: 'GET /x HTTP/1.1\r\nHost: mine\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: 'HTTP/1.0 client becomes HTTP/1.1 towards the target',
    input: 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n',
    options: { connection: 'keep-alive', extra: '' },
    output: 'GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: 'chunked body: Transfer-Encoding re-stated canonically',
    input: 'POST /up HTTP/1.1\r\nHost: app\r\nTransfer-Encoding: Chunked\r\nContent-Type: text/plain\r\n\r\n',
    options: { connection: 'keep-alive', extra: '' },
    output: 'POST /up HTTP/1.1\r\nHost: app\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: 'Content-Length is copied as sent',
    input: 'PUT /x HTTP/1.1\r\nHost: app\r\nContent-Length: 12\r\n\r\n',
    options: { connection: 'none', extra: '' },
    output: 'PUT /x HTTP/1.1\r\nHost: app\r\nContent-Length: 12\r\n\r\n',
  },
  {
    name: 'TE: trailers survives, other TE values do not',
    input: 'POST /g HTTP/1.1\r\nHost: app\r\nTE: trailers\r\nContent-Length: 0\r\n\r\n',
    options: { connection: 'keep-alive', extra: '' },
    output: 'POST /g HTTP/1.1\r\nHost: app\r\nTE: trailers\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: 'WebSocket upgrade keeps Upgrade and says Connection: upgrade',
    input: 'GET /ws HTTP/1.1\r\nHost: app\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    options: { connection: 'upgrade', extra: VIA },
    output: 'GET /ws HTTP/1.1\r\nHost: app\r\nUpgrade: websocket\r\nSec-WebSocket-Key: k==\r\nSec-WebSocket-Version: 13\r\nConnection: upgrade\r\nVia: 1.1 gatewise\r\n\r\n',
  },
  {
    name: 'dropKinds removes the client X-Forwarded-* so the gateway writes its own',
    input: 'GET / HTTP/1.1\r\nHost: app\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil\r\nForwarded: for=6.6.6.6\r\nAccept: a\r\n\r\n',
    options: {
      connection: 'keep-alive',
      extra: 'X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\n',
      dropKinds: kindMask(HEADER_KIND.xForwardedFor, HEADER_KIND.xForwardedProto, HEADER_KIND.xForwardedHost, HEADER_KIND.forwarded),
    },
    output: 'GET / HTTP/1.1\r\nHost: app\r\nAccept: a\r\nConnection: keep-alive\r\nX-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\n\r\n',
  },
  {
    name: 'target rewrite',
    input: 'GET /api/v1/x?q=1 HTTP/1.1\r\nHost: app\r\n\r\n',
    options: { connection: 'close', extra: '', target: '/v1/x?q=1' },
    output: 'GET /v1/x?q=1 HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n',
  },
  {
    name: 'long lines and a long extra go through the bulk copy path',
    input: `GET /${'p'.repeat(80)} HTTP/1.1\r\nHost: app\r\nCookie: ${'c'.repeat(200)}\r\n\r\n`,
    options: { connection: 'keep-alive', extra: `X-Request-Id: ${'r'.repeat(64)}\r\n` },
    output: `GET /${'p'.repeat(80)} HTTP/1.1\r\nHost: app\r\nCookie: ${'c'.repeat(200)}\r\nConnection: keep-alive\r\nX-Request-Id: ${'r'.repeat(64)}\r\n\r\n`,
  },
];

for (const c of REQUESTS) {
  test(`serialize request: ${c.name}`, () => {
    const p = createRequestParser();
    const input = bytes(c.input);
    assert.equal(p.execute(input), 'done', p.error?.detail);
    assert.equal(serializeRequestHead(p.head, c.options).toString('latin1'), c.output);
    // The same head arriving in two pieces (parsed in the parser's copy) serializes identically.
    const q = createRequestParser();
    assert.equal(q.execute(input.subarray(0, 7)), 'more');
    assert.equal(q.execute(input.subarray(7)), 'done');
    assert.equal(serializeRequestHead(q.head, c.options).toString('latin1'), c.output);
  });
}

interface ResponseCase {
  name: string;
  input: string;
  options: ResponseHeadOptions;
  output: string;
}

const RESPONSES: ResponseCase[] = [
  {
    name: 'plain 200 with Via',
    input: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n',
    options: { connection: 'none', extra: VIA },
    output: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nVia: 1.1 gatewise\r\n\r\n',
  },
  {
    name: 'hop-by-hop lines and Connection-listed names are removed; close announced',
    input: 'HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Backend\r\nKeep-Alive: timeout=5\r\nX-Backend: b1\r\nContent-Length: 0\r\n\r\n',
    options: { connection: 'close', extra: '' },
    output: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
  },
  {
    name: 'chunked body: Transfer-Encoding kept as sent (forwarded verbatim)',
    input: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n',
    options: { connection: 'none', extra: '' },
    output: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n',
  },
  {
    name: 'LF-only head is re-emitted with CRLF',
    input: 'HTTP/1.1 404 Not Found\nContent-Length: 3\nX-A: 1\n\n',
    options: { connection: 'none', extra: '' },
    output: 'HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nX-A: 1\r\n\r\n',
  },
  {
    name: 'missing SP before an empty reason is repaired',
    input: 'HTTP/1.1 204\r\n\r\n',
    options: { connection: 'none', extra: '' },
    output: 'HTTP/1.1 204 \r\n\r\n',
  },
  {
    name: 'HTTP/1.0 response goes to the client as HTTP/1.1',
    input: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n',
    options: { connection: 'keep-alive', extra: '' },
    output: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: 'until-close body re-framed as chunked',
    input: 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n',
    options: { connection: 'keep-alive', extra: '', addChunked: true },
    output: 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n',
  },
  {
    name: '101 keeps Upgrade',
    input: 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: a=\r\n\r\n',
    options: { connection: 'upgrade', extra: VIA },
    output: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: a=\r\nConnection: upgrade\r\nVia: 1.1 gatewise\r\n\r\n',
  },
  {
    name: 'dropKinds removes Server and Date',
    input: 'HTTP/1.1 200 OK\r\nServer: app/1\r\nDate: x\r\nContent-Length: 0\r\n\r\n',
    options: { connection: 'none', extra: '', dropKinds: kindMask(HEADER_KIND.server, HEADER_KIND.date) },
    output: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
  },
];

for (const c of RESPONSES) {
  test(`serialize response: ${c.name}`, () => {
    const p = createResponseParser();
    p.startExchange(false);
    assert.equal(p.execute(bytes(c.input)), 'done', p.error?.detail);
    assert.equal(serializeResponseHead(p.head, c.options).toString('latin1'), c.output);
  });
}

test('kindMask sets one bit per kind', () => {
  assert.equal(kindMask(), 0);
  assert.equal(kindMask(HEADER_KIND.host, HEADER_KIND.via), (1 << HEADER_KIND.host) | (1 << HEADER_KIND.via));
});
