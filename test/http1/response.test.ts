// Does the response parser read every legal head shape (interim 1xx, 101, HEAD/204/304 without
// body, until-close, keep-alive hints), tolerate only what peers tolerate (LF-only lines, no SP
// before an empty reason) with a warning the probe can report, and refuse the rest with precise
// codes, whatever way the bytes are split?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createResponseParser, HEAD_WARNING, warningNames, type ResponseHead } from '../../src/http1/index.ts';
import { RESPONSE_ERRORS } from './cases/response-errors.ts';
import { agreeAcrossSplits, bytes, feed, lines } from './feed.ts';

interface Summary {
  consumed: number;
  version: number;
  status: number;
  reason: string;
  interim: boolean;
  framing: string;
  contentLength: number;
  keepAlive: boolean;
  connectionClose: boolean;
  keepAliveTimeoutSec: number;
  upgrade: boolean;
  warnings: string[];
  lines: [string, string, number][];
}

function summary(h: ResponseHead, consumed: number): Summary {
  return {
    consumed,
    version: h.version,
    status: h.status,
    reason: h.reason,
    interim: h.interim,
    framing: h.framing,
    contentLength: h.contentLength,
    keepAlive: h.keepAlive,
    connectionClose: h.connectionClose,
    keepAliveTimeoutSec: h.keepAliveTimeoutSec,
    upgrade: h.upgradeIndex >= 0,
    warnings: warningNames(h.warnings),
    lines: lines(h),
  };
}

interface Case {
  name: string;
  head: string;
  after?: string;
  requestWasHead?: boolean;
  expect: Partial<Summary>;
}

const CASES: Case[] = [
  { name: '200 with Content-Length', head: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', after: 'hello', expect: { status: 200, reason: 'OK', framing: 'length', contentLength: 5, keepAlive: true, warnings: [] } },
  { name: '200 chunked', head: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', after: '0\r\n\r\n', expect: { framing: 'chunked', keepAlive: true } },
  { name: '200 without framing reads until close', head: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n', after: 'body', expect: { framing: 'until-close', keepAlive: false } },
  { name: 'gzip alone: until close, with a warning', head: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n', expect: { framing: 'until-close', keepAlive: false, warnings: ['teNotChunked'] } },
  { name: 'gzip, chunked: chunked', head: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', expect: { framing: 'chunked' } },
  { name: 'chunked with odd whitespace: accepted with a warning', head: 'HTTP/1.1 200 OK\r\nTransfer-Encoding:\tchunked \r\n\r\n', expect: { framing: 'chunked', warnings: ['teWhitespace'] } },
  { name: 'reason with spaces and obs-text', head: 'HTTP/1.1 404 Not \xc3\xa9 Found\r\nContent-Length: 0\r\n\r\n', expect: { status: 404, reason: 'Not \xc3\xa9 Found' } },
  { name: 'empty reason with SP', head: 'HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n', expect: { reason: '', warnings: [] } },
  { name: 'no SP before an empty reason (NGINX accepts it)', head: 'HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n', expect: { reason: '', warnings: ['noReasonSpace'] } },
  { name: 'LF-only lines (NGINX and llhttp accept them)', head: 'HTTP/1.1 200 OK\nContent-Length: 2\nX: y\n\n', after: 'ok', expect: { framing: 'length', contentLength: 2, warnings: ['bareLf'], lines: [['Content-Length', '2', 0], ['X', 'y', 0]] } },
  { name: 'mixed CRLF and LF', head: 'HTTP/1.1 200 OK\r\nContent-Length: 0\n\r\n', expect: { warnings: ['bareLf'] } },
  { name: 'HTTP/1.0 closes by default', head: 'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n', expect: { version: 10, keepAlive: false } },
  { name: 'HTTP/1.0 with keep-alive', head: 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n', expect: { version: 10, keepAlive: true } },
  { name: 'HTTP/1.1 Connection: close', head: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', expect: { keepAlive: false, connectionClose: true } },
  { name: 'Keep-Alive timeout (Node.js sends it)', head: 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 0\r\n\r\n', expect: { keepAliveTimeoutSec: 5, keepAlive: true } },
  { name: 'Keep-Alive timeout and max (Apache)', head: 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=15, max=100\r\nContent-Length: 0\r\n\r\n', expect: { keepAliveTimeoutSec: 15 } },
  { name: 'Keep-Alive max first, spaces around =', head: 'HTTP/1.1 200 OK\r\nKeep-Alive: max=5, Timeout = 30\r\nContent-Length: 0\r\n\r\n', expect: { keepAliveTimeoutSec: 30 } },
  { name: 'Keep-Alive timeout not a number', head: 'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=abc\r\nContent-Length: 0\r\n\r\n', expect: { keepAliveTimeoutSec: -1 } },
  { name: '204 has no body', head: 'HTTP/1.1 204 No Content\r\n\r\n', after: 'HTTP/1.1 200 OK\r\n', expect: { framing: 'none', keepAlive: true } },
  { name: '304 has no body even with Content-Length', head: 'HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\n\r\n', expect: { framing: 'none', contentLength: 1234, warnings: [] } },
  { name: '204 with Content-Length: warning', head: 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n', expect: { framing: 'none', warnings: ['framingOnNoBodyResponse'] } },
  { name: 'response to HEAD has no body', head: 'HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n', requestWasHead: true, expect: { framing: 'none', contentLength: 5000, keepAlive: true } },
  { name: 'response to HEAD without framing keeps the connection', head: 'HTTP/1.1 200 OK\r\n\r\n', requestWasHead: true, expect: { framing: 'none', keepAlive: true } },
  { name: '100 Continue is interim', head: 'HTTP/1.1 100 Continue\r\n\r\n', after: 'HTTP/1.1 200 OK\r\n', expect: { status: 100, interim: true, framing: 'none' } },
  { name: '103 Early Hints is interim', head: 'HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n', expect: { status: 103, interim: true } },
  { name: '101 Switching Protocols is final', head: 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n', expect: { status: 101, interim: false, framing: 'none', keepAlive: false, upgrade: true } },
  { name: '502 from the target itself', head: 'HTTP/1.1 502 Bad Gateway\r\nServer: nginx\r\nContent-Length: 10\r\n\r\n', expect: { status: 502 } },
  { name: 'status 599 (edge of the range)', head: 'HTTP/1.1 599 Edge\r\nContent-Length: 0\r\n\r\n', expect: { status: 599 } },
  { name: 'repeated identical Content-Length: warning', head: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n', expect: { contentLength: 2, warnings: ['repeatedContentLength'] } },
  {
    name: 'hop-by-hop fields of a response are marked',
    head: 'HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Internal\r\nKeep-Alive: timeout=5\r\nX-Internal: 1\r\nTransfer-Encoding: chunked\r\nX-Public: 2\r\n\r\n',
    expect: {
      lines: [
        ['Connection', 'keep-alive, X-Internal', 1],
        ['Keep-Alive', 'timeout=5', 1],
        ['X-Internal', '1', 1],
        ['Transfer-Encoding', 'chunked', 1],
        ['X-Public', '2', 0],
      ],
    },
  },
];

function parseWith(requestWasHead: boolean): (chunks: Buffer[]) => Summary | string {
  const parser = createResponseParser();
  return (chunks) => {
    const r = feed(parser, chunks, () => parser.startExchange(requestWasHead));
    if (r.status !== 'done') return `${r.status} ${r.error?.code ?? ''}`;
    return summary(r.head!, r.consumed);
  };
}

for (const c of CASES) {
  test(`valid response: ${c.name}`, () => {
    const head = bytes(c.head);
    const got = agreeAcrossSplits(Buffer.concat([head, bytes(c.after ?? '')]), parseWith(c.requestWasHead ?? false));
    assert.equal(typeof got, 'object', `expected a head, got ${String(got)}`);
    const s = got as Summary;
    assert.equal(s.consumed, head.length, 'consumed must stop at the end of the head');
    for (const [key, want] of Object.entries(c.expect)) assert.deepEqual(s[key as keyof Summary], want, key);
  });
}

for (const c of RESPONSE_ERRORS) {
  test(`response refused (${c.code}): ${c.name}`, () => {
    const parser = createResponseParser({ ...c.limits, allowBareLf: c.allowBareLf ?? true });
    const got = agreeAcrossSplits(bytes(c.input), (chunks) => {
      const r = feed(parser, chunks, () => parser.startExchange(c.requestWasHead ?? false));
      return r.status === 'error' ? { code: r.error!.code, offset: r.error!.offset } : { status: r.status };
    });
    assert.deepEqual(got, { code: c.code, offset: c.offset ?? (got as { offset: number }).offset });
  });
}

test('interim responses are forwarded and the same exchange keeps parsing to the final head', () => {
  const p = createResponseParser();
  p.startExchange(true);
  const chunk = bytes('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n');
  const statuses: number[] = [];
  let at = 0;
  for (;;) {
    assert.equal(p.execute(chunk, at), 'done');
    statuses.push(p.head.status);
    at += p.consumed;
    if (!p.head.interim) break;
  }
  assert.deepEqual(statuses, [100, 103, 200]);
  assert.equal(p.head.framing, 'none', 'the HEAD setting survives interim heads');
  assert.equal(at, chunk.length);
});

test('an early non-HTTP byte is refused before the whole status line arrives', () => {
  const p = createResponseParser();
  p.startExchange(false);
  assert.equal(p.execute(bytes('HT')), 'more');
  assert.equal(p.execute(bytes('XP')), 'error');
  assert.equal(p.error!.code, 'status_line_invalid');
});

test('warning names cover every warning bit', () => {
  const all = Object.values(HEAD_WARNING).reduce((a, b) => a | b, 0);
  assert.deepEqual(warningNames(all), Object.keys(HEAD_WARNING));
});
