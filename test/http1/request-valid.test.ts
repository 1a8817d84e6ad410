// Does the request parser accept every well-formed head shape a proxy meets, extract exactly what
// the gateway needs (method, target, version, framing, Host, Connection options, Upgrade, Expect,
// hop-by-hop marks), and reach the same verdict however the bytes are split across 'data' events?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestParser, type RequestHead } from '../../src/http1/index.ts';
import { agreeAcrossSplits, bytes, feed, lines } from './feed.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

interface Summary {
  consumed: number;
  method: string;
  target: string;
  path: string;
  version: number;
  framing: string;
  contentLength: number;
  host: string;
  keepAlive: boolean;
  connectionClose: boolean;
  upgrade: boolean;
  expectContinue: boolean;
  expectOther: boolean;
  teTrailers: boolean;
  warnings: number;
  lines: [string, string, number][];
}

function summary(h: RequestHead, consumed: number): Summary {
  return {
    consumed,
    method: h.method,
    target: h.target,
    path: h.path,
    version: h.version,
    framing: h.framing,
    contentLength: h.contentLength,
    host: h.host,
    keepAlive: h.keepAlive,
    connectionClose: h.connectionClose,
    upgrade: h.upgrade,
    expectContinue: h.expectContinue,
    expectOther: h.expectOther,
    teTrailers: h.teTrailers,
    warnings: h.warnings,
    lines: lines(h),
  };
}

const parser = createRequestParser();
function parse(chunks: Buffer[]): Summary | string {
  const r = feed(parser, chunks, () => parser.reset());
  if (r.status !== 'done') return `${r.status} ${r.error?.code ?? ''}`;
  return summary(r.head!, r.consumed);
}

interface Case {
  name: string;
  head: string;
  /** Bytes after the head that must not be consumed (body, pipelined request). */
  after?: string;
  expect: Partial<Summary>;
}

const CASES: Case[] = [
  { name: 'minimal GET', head: 'GET / HTTP/1.1\r\nHost: a\r\n\r\n', expect: { method: 'GET', target: '/', version: 11, framing: 'none', host: 'a', keepAlive: true } },
  { name: 'HTTP/1.0 without Host', head: 'GET / HTTP/1.0\r\n\r\n', expect: { version: 10, host: '', keepAlive: false } },
  { name: 'HTTP/1.0 keep-alive', head: 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', expect: { version: 10, keepAlive: true } },
  { name: 'HTTP/1.1 Connection: close', head: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', expect: { keepAlive: false, connectionClose: true } },
  { name: 'Connection options are case-insensitive', head: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: Keep-Alive, CLOSE\r\n\r\n', expect: { keepAlive: false, connectionClose: true } },
  { name: 'query string and percent-encoding', head: 'GET /a/b%20c?x=1&y=%2F#frag HTTP/1.1\r\nHost: a\r\n\r\n', expect: { target: '/a/b%20c?x=1&y=%2F#frag' } },
  { name: 'origin-form: the path is the target', head: 'GET /a?b HTTP/1.1\r\nHost: a\r\n\r\n', expect: { target: '/a?b', path: '/a?b' } },
  // RFC 9112 §3.2.2: the host of an absolute-form target wins over the Host line.
  { name: 'absolute-form target', head: 'GET http://Example.com:8080/x?y HTTP/1.1\r\nHost: other\r\n\r\n', expect: { target: 'http://Example.com:8080/x?y', path: '/x?y', host: 'Example.com:8080' } },
  { name: 'absolute-form, scheme in capitals, no path', head: 'GET HTTPS://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n', expect: { path: '/', host: 'example.com' } },
  { name: 'absolute-form with a query and no path', head: 'GET http://[::1]:81?q=1 HTTP/1.1\r\nHost: x\r\n\r\n', expect: { path: '/?q=1', host: '[::1]:81' } },
  { name: 'absolute-form on HTTP/1.0 without Host', head: 'GET http://a.example/p HTTP/1.0\r\n\r\n', expect: { path: '/p', host: 'a.example' } },
  { name: 'asterisk-form OPTIONS', head: 'OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n', expect: { method: 'OPTIONS', target: '*', path: '*' } },
  { name: 'authority-form CONNECT', head: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', expect: { method: 'CONNECT', target: 'example.com:443', path: 'example.com:443', host: 'example.com:443' } },
  { name: 'raw UTF-8 in the path (obs-text, accepted like NGINX)', head: 'GET /caf\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n', expect: { target: '/caf\xc3\xa9' } },
  { name: 'extension method', head: 'PROPFIND /dav HTTP/1.1\r\nHost: a\r\n\r\n', expect: { method: 'PROPFIND' } },
  { name: 'HEAD', head: 'HEAD / HTTP/1.1\r\nHost: a\r\n\r\n', expect: { method: 'HEAD' } },
  { name: 'POST with Content-Length', head: 'POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n', after: 'hello', expect: { framing: 'length', contentLength: 5 } },
  { name: 'Content-Length: 0', head: 'POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n', expect: { framing: 'length', contentLength: 0 } },
  { name: 'Content-Length with leading zeros', head: 'POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 007\r\n\r\n', expect: { framing: 'length', contentLength: 7 } },
  { name: 'Content-Length of 15 digits', head: 'POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 999999999999999\r\n\r\n', expect: { contentLength: 999999999999999 } },
  { name: 'identical Content-Length lines count once', head: 'POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n', expect: { framing: 'length', contentLength: 3, warnings: 4 } },
  { name: 'identical Content-Length list counts once', head: 'POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3,3\r\n\r\n', expect: { framing: 'length', contentLength: 3 } },
  { name: 'Content-Length with OWS (RFC 9110 §5.5 trims it)', head: 'POST /f HTTP/1.1\r\nHost: a\r\nContent-Length:\t 4 \t\r\n\r\n', expect: { contentLength: 4 } },
  { name: 'chunked request', head: 'POST /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n', after: '0\r\n\r\n', expect: { framing: 'chunked' } },
  { name: 'chunked, any case', head: 'POST /f HTTP/1.1\r\nHost: a\r\ntransfer-encoding: Chunked\r\n\r\n', expect: { framing: 'chunked' } },
  { name: 'chunked without the SP after the colon', head: 'POST /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:chunked\r\n\r\n', expect: { framing: 'chunked' } },
  { name: 'Expect: 100-continue', head: 'PUT /f HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nExpect: 100-Continue\r\n\r\n', expect: { expectContinue: true, expectOther: false } },
  { name: 'unknown Expect', head: 'PUT /f HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n', expect: { expectContinue: false, expectOther: true } },
  { name: 'WebSocket upgrade', head: 'GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n', expect: { upgrade: true } },
  { name: 'Upgrade without Connection: upgrade is no upgrade', head: 'GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n', expect: { upgrade: false } },
  { name: 'Upgrade on HTTP/1.0 is ignored', head: 'GET /ws HTTP/1.0\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n', expect: { upgrade: false } },
  { name: 'TE: trailers is kept', head: 'POST /g HTTP/1.1\r\nHost: a\r\nTE: trailers\r\n\r\n', expect: { teTrailers: true } },
  { name: 'one empty line before the request line (RFC 9112 §2.2)', head: '\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n', expect: { method: 'GET' } },
  { name: 'several empty lines before the request line', head: '\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n', expect: { method: 'GET' } },
  { name: 'pipelined request after the head', head: 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\n', after: 'GET /2 HTTP/1.1\r\nHost: a\r\n\r\n', expect: { target: '/1' } },
  { name: 'empty header value', head: 'GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Spaces:   \r\n\r\n', expect: { lines: [['Host', 'a', 0], ['X-Empty', '', 0], ['X-Spaces', '', 0]] } },
  { name: 'value keeps inner whitespace, loses outer OWS', head: 'GET / HTTP/1.1\r\nHost: a\r\nX-V: \t a  b \t\r\n\r\n', expect: { lines: [['Host', 'a', 0], ['X-V', 'a  b', 0]] } },
  { name: 'obs-text in a value', head: 'GET / HTTP/1.1\r\nHost: a\r\nX-Name: Jos\xe9\r\n\r\n', expect: { lines: [['Host', 'a', 0], ['X-Name', 'Jos\xe9', 0]] } },
  { name: 'every tchar in a name', head: "GET / HTTP/1.1\r\nHost: a\r\n!#$%&'*+-.^_`|~09azAZ: v\r\n\r\n", expect: { lines: [['Host', 'a', 0], ["!#$%&'*+-.^_`|~09azAZ", 'v', 0]] } },
  { name: 'empty Host (allowed when the target has no authority)', head: 'GET / HTTP/1.1\r\nHost:\r\n\r\n', expect: { host: '' } },
  { name: 'IPv6 Host with port', head: 'GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n', expect: { host: '[::1]:8080' } },
  {
    name: 'hop-by-hop fields are marked',
    head: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Hop\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: gzip\r\nProxy-Authorization: Basic eA==\r\nX-Hop: 1\r\nX-Keep: 2\r\n\r\n',
    expect: {
      lines: [
        ['Host', 'a', 0],
        ['Connection', 'keep-alive, X-Hop', 1],
        ['Keep-Alive', 'timeout=5', 1],
        ['Proxy-Connection', 'keep-alive', 1],
        ['TE', 'gzip', 1],
        ['Proxy-Authorization', 'Basic eA==', 1],
        ['X-Hop', '1', 1],
        ['X-Keep', '2', 0],
      ],
    },
  },
  {
    name: 'names listed in Connection match case-insensitively, across several Connection lines',
    head: 'GET / HTTP/1.1\r\nHost: a\r\nConnection: x-one\r\nconnection: X-TWO\r\nX-One: 1\r\nx-two: 2\r\nX-Three: 3\r\n\r\n',
    expect: { lines: [['Host', 'a', 0], ['Connection', 'x-one', 1], ['connection', 'X-TWO', 1], ['X-One', '1', 1], ['x-two', '2', 1], ['X-Three', '3', 0]] },
  },
  {
    name: 'Connection naming Content-Length does not strip framing (warning instead)',
    head: 'POST / HTTP/1.1\r\nHost: a\r\nConnection: Content-Length, Host\r\nContent-Length: 2\r\n\r\n',
    expect: { framing: 'length', contentLength: 2, warnings: 64, lines: [['Host', 'a', 0], ['Connection', 'Content-Length, Host', 1], ['Content-Length', '2', 0]] },
  },
  {
    name: 'Transfer_Encoding / Content_Length (CGI aliases of framing) are never forwarded',
    head: 'POST / HTTP/1.1\r\nHost: a\r\nTransfer_Encoding: chunked\r\ncontent_length: 5\r\nX_Other: 1\r\n\r\n',
    expect: { framing: 'none', warnings: 128, lines: [['Host', 'a', 0], ['Transfer_Encoding', 'chunked', 1], ['content_length', '5', 1], ['X_Other', '1', 0]] },
  },
  {
    // The head view starts with room for 24 lines and doubles it: lines past each growth stay intact.
    name: '60 field lines (more than the initial room for lines)',
    head: `GET / HTTP/1.1\r\nHost: a\r\n${Array.from({ length: 59 }, (_, i) => `X-${i}: v${i}\r\n`).join('')}\r\n`,
    expect: { lines: [['Host', 'a', 0], ...Array.from({ length: 59 }, (_, i) => [`X-${i}`, `v${i}`, 0] as [string, string, number])] },
  },
  { name: '100 field lines, the default limit', head: `GET / HTTP/1.1\r\nHost: a\r\n${'X: y\r\n'.repeat(99)}\r\n`, expect: { host: 'a' } },
  {
    name: 'typical browser head',
    head:
      'GET /api/v1/items?id=42 HTTP/1.1\r\nHost: app.example.com\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nAccept: application/json\r\n' +
      'Accept-Encoding: gzip, deflate, br\r\nAccept-Language: en-US,en;q=0.9\r\nConnection: keep-alive\r\nCookie: a=b; c=d\r\n\r\n',
    expect: { method: 'GET', host: 'app.example.com', keepAlive: true },
  },
];

for (const c of CASES) {
  test(`valid request: ${c.name}`, () => {
    const head = bytes(c.head);
    const all = Buffer.concat([head, bytes(c.after ?? '')]);
    const got = agreeAcrossSplits(all, parse);
    assert.equal(typeof got, 'object', `expected a head, got ${String(got)}`);
    const s = got as Summary;
    assert.equal(s.consumed, head.length, 'consumed must stop at the end of the head');
    for (const [key, want] of Object.entries(c.expect)) assert.deepEqual(s[key as keyof Summary], want, key);
  });
}

test('a parser object is reused for pipelined heads in one chunk', () => {
  const p = createRequestParser();
  const chunk = bytes('GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: b\r\nContent-Length: 2\r\n\r\nhiGET /3 HTTP/1.1\r\nHost: c\r\n\r\n');
  const seen: string[] = [];
  let at = 0;
  while (at < chunk.length) {
    assert.equal(p.execute(chunk, at), 'done');
    const h = p.head;
    seen.push(`${h.method} ${h.target} ${h.host}`);
    at += p.consumed + (h.framing === 'length' ? h.contentLength : 0);
  }
  assert.deepEqual(seen, ['GET /1 a', 'POST /2 b', 'GET /3 c']);
});

test('a head split over chunks points into the parser copy, then the next head is in place again', () => {
  const p = createRequestParser();
  const a = bytes('GET /split HTTP/1.1\r\nHo');
  const b = bytes('st: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n');
  assert.equal(p.execute(a), 'more');
  assert.equal(p.consumed, a.length);
  assert.equal(p.pending, a.length);
  assert.equal(p.execute(b), 'done');
  assert.equal(p.consumed, 9);
  assert.notEqual(p.head.buf, b);
  assert.equal(p.head.target, '/split');
  assert.equal(p.execute(b, 9), 'done');
  assert.equal(p.head.buf, b);
  assert.equal(p.head.target, '/next');
  assert.equal(p.pending, 0);
});

test('an empty chunk asks for more without consuming', () => {
  const p = createRequestParser();
  assert.equal(p.execute(Buffer.alloc(0)), 'more');
  assert.equal(p.consumed, 0);
});

test('indexOf and get find names case-insensitively', () => {
  const p = createRequestParser();
  assert.equal(p.execute(bytes('GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 1.2.3.4\r\nx-forwarded-for: 5.6.7.8\r\n\r\n')), 'done');
  assert.equal(p.head.indexOf('x-forwarded-for'), 1);
  assert.equal(p.head.indexOf('x-forwarded-for', 2), 2);
  assert.equal(p.head.indexOf('x-missing'), -1);
  assert.equal(p.head.get('x-forwarded-for'), '1.2.3.4');
  assert.equal(p.head.get('nope'), undefined);
});

test('release() lets go of a handled head (bytes and strings) and keeps a next head held in part', () => {
  const p = createRequestParser();
  const chunk = bytes('GET /first HTTP/1.1\r\nHost: a\r\n\r\n');
  assert.equal(p.execute(chunk), 'done');
  assert.equal(p.head.target, '/first');
  p.release();
  assert.equal(p.head.buf.length, 0, 'no reference to the chunk');
  assert.equal(p.head.count, 0);
  assert.equal(p.head.host, '');
  // A next head split over reads: what is held survives a release() of nothing finished.
  assert.equal(p.execute(bytes('GET /second HTTP/1.1\r\nHo')), 'more');
  p.release();
  assert.equal(p.execute(bytes('st: b\r\n\r\n')), 'done');
  assert.equal(p.head.target, '/second');
  assert.equal(p.head.host, 'b');
});

test('an idle parser holds no buffer: a head that came in pieces, or was detached, is let go on release()', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const parsers = Array.from({ length: 200 }, () => createRequestParser());
  // V8 frees the memory of dead ArrayBuffers on a helper thread after the GC: on a busy machine
  // the count lags, so read it again (bounded) until it settles low.
  const external = async (low = Number.POSITIVE_INFINITY) => {
    let bytes: number;
    let tries = 0;
    do {
      gc();
      await new Promise((r) => setTimeout(r, 10));
      bytes = process.memoryUsage().arrayBuffers;
    } while (bytes > low && ++tries < 20);
    return bytes;
  };
  const before = await external();
  for (const p of parsers) {
    // Split over two reads: gathered in the stash (32 KB by default). Then a detached head.
    assert.equal(p.execute(bytes('GET /a HTTP/1.1\r\nHo')), 'more');
    assert.equal(p.execute(bytes('st: a\r\n\r\n')), 'done');
    p.release();
    assert.equal(p.execute(bytes('GET /b HTTP/1.1\r\nHost: a\r\n\r\n')), 'done');
    p.detachHead();
    assert.equal(p.head.target, '/b');
    p.release();
  }
  const held = (await external(before + 512 * 1024)) - before;
  // Kept, 200 stashes would be 6.4 MB; what is left is Node's buffer pool and noise.
  assert.ok(held < 1024 * 1024, `200 idle parsers hold ${(held / 1024).toFixed(0)} KB of buffers`);
  assert.equal(parsers.length, 200); // alive to the end
});
