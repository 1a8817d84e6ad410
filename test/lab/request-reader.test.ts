// Does the lab's tolerant request reader accept what proxies send (leading CRLF, bare LF, obs-fold,
// absolute-form, chunked bodies split anywhere, chunk extensions, trailers) and reject at once what
// cannot be HTTP (a TLS ClientHello), so the lab never hangs on a request it cannot read?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRequestHead, wantsKeepAlive } from '../../src/lab/request-head.ts';
import { createBodyDecoder, framingOf } from '../../src/lab/request-body.ts';

const buf = (s: string) => Buffer.from(s, 'latin1');

test('a complete head is parsed; consumed stops at the blank line', () => {
  const result = readRequestHead(buf('\r\nGET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-Fold: one\r\n two\r\n\r\nBODY'), 65_536);
  assert.equal(result.kind, 'head');
  if (result.kind !== 'head') return;
  assert.deepEqual(result.head, { method: 'GET', target: '/a?b=1', version: 'HTTP/1.1', headers: [['Host', 'x'], ['X-Fold', 'one two']] });
  assert.equal(buf('\r\nGET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-Fold: one\r\n two\r\n\r\n').length, result.consumed);
});

test('bare LF line ends are accepted', () => {
  const result = readRequestHead(buf('GET http://lab/x HTTP/1.0\nHost: x\n\n'), 65_536);
  assert.equal(result.kind, 'head');
  if (result.kind === 'head') {
    assert.equal(result.head.target, 'http://lab/x');
    assert.equal(wantsKeepAlive(result.head), false, 'HTTP/1.0 without keep-alive closes');
  }
});

test('an incomplete head waits; an oversized one is refused', () => {
  assert.equal(readRequestHead(buf('GET / HTTP/1.1\r\nHost: x\r\n'), 65_536).kind, 'incomplete');
  assert.equal(readRequestHead(buf(`GET / HTTP/1.1\r\nX: ${'a'.repeat(200)}`), 100).kind, 'too-large');
});

test('a first byte that cannot start a method is rejected at once (TLS ClientHello)', () => {
  assert.equal(readRequestHead(Buffer.from([0x16, 0x03, 0x01]), 65_536).kind, 'invalid');
  assert.equal(readRequestHead(buf('GET'), 65_536).kind, 'incomplete');
  assert.equal(readRequestHead(buf('GET / FTP/1.0\r\n\r\n'), 65_536).kind, 'invalid');
});

test('framing: chunked wins, Content-Length otherwise, conflicting lengths are invalid', () => {
  const head = (headers: [string, string][]) => ({ method: 'POST', target: '/', version: 'HTTP/1.1', headers });
  assert.deepEqual(framingOf(head([['Transfer-Encoding', 'gzip, chunked']])), { kind: 'chunked' });
  assert.deepEqual(framingOf(head([['Content-Length', '12']])), { kind: 'length', length: 12 });
  assert.deepEqual(framingOf(head([])), { kind: 'none' });
  assert.equal(framingOf(head([['Content-Length', '1'], ['Content-Length', '2']])).kind, 'invalid');
  assert.equal(framingOf(head([['Transfer-Encoding', 'gzip']])).kind, 'invalid');
});

test('chunked bodies decode when split at every byte, with extensions and trailers', () => {
  const wire = buf('5;name=v\r\nhello\r\nA\r\n0123456789\r\n0\r\nTrailer: t\r\n\r\nNEXT');
  const decoder = createBodyDecoder({ kind: 'chunked' });
  let offset = 0;
  let done = false;
  while (!done && offset < wire.length) {
    const result = decoder.feed(wire.subarray(offset, offset + 1));
    assert.notEqual(result.kind, 'invalid');
    if (result.kind === 'invalid') return;
    offset += result.consumed;
    done = result.kind === 'done';
  }
  assert.ok(done);
  assert.equal(decoder.bodyBytes, 15);
  assert.equal(wire.subarray(offset).toString(), 'NEXT', 'bytes after the body are left for the next request');
});

test('a chunk size that is not hex is invalid', () => {
  assert.equal(createBodyDecoder({ kind: 'chunked' }).feed(buf('zz\r\n')).kind, 'invalid');
});

test('Content-Length bodies stop at their length', () => {
  const decoder = createBodyDecoder({ kind: 'length', length: 3 });
  assert.deepEqual(decoder.feed(buf('ab')), { kind: 'more', consumed: 2 });
  assert.deepEqual(decoder.feed(buf('cdef')), { kind: 'done', consumed: 1 });
});
