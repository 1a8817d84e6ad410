// Does the request parser refuse each malformed head and smuggling vector with its own precise
// code and offset, whatever way the bytes are split across reads?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequestParser, PARSE_ERRORS } from '../../src/http1/index.ts';
import { REQUEST_ERRORS } from './cases/request-errors.ts';
import { agreeAcrossSplits, bytes, feed } from './feed.ts';

for (const c of REQUEST_ERRORS) {
  test(`request refused (${c.code}): ${c.name}`, () => {
    const parser = createRequestParser(c.limits);
    const got = agreeAcrossSplits(bytes(c.input), (chunks) => {
      const r = feed(parser, chunks, () => parser.reset());
      return r.status === 'error' ? { code: r.error!.code, offset: r.error!.offset } : { status: r.status };
    });
    assert.deepEqual(got, { code: c.code, offset: c.offset ?? (got as { offset: number }).offset });
    assert.ok(c.code in PARSE_ERRORS);
  });
}

test('the error detail names the field', () => {
  const p = createRequestParser();
  assert.equal(p.execute(bytes('GET / HTTP/1.1\r\nContent-Length : 1\r\n\r\n')), 'error');
  assert.match(p.error!.detail, /Content-Length/);
});

test('after an error the parser starts afresh on the next execute()', () => {
  const p = createRequestParser();
  assert.equal(p.execute(bytes('GET / HTTP/1.1\r\nHost : a\r\n\r\n')), 'error');
  assert.equal(p.consumed, 0);
  assert.equal(p.execute(bytes('GET /ok HTTP/1.1\r\nHost: a\r\n\r\n')), 'done');
  assert.equal(p.head.target, '/ok');
  assert.equal(p.error, null);
});

test('a head of exactly maxHeadBytes is accepted; one byte more is not', () => {
  const head = 'GET / HTTP/1.1\r\nHost: a\r\nX: aaaa\r\n\r\n';
  const exact = createRequestParser({ maxHeadBytes: head.length });
  assert.equal(exact.execute(bytes(head)), 'done');
  const over = createRequestParser({ maxHeadBytes: head.length - 1 });
  assert.equal(over.execute(bytes(head)), 'error');
  assert.equal(over.error!.code, 'head_too_large');
  const split = createRequestParser({ maxHeadBytes: head.length });
  assert.equal(split.execute(bytes(head.slice(0, 10))), 'more');
  assert.equal(split.execute(bytes(head.slice(10))), 'done');
});
