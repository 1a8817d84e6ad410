// Does the chunked validator find exactly where a chunked body ends (so the proxy can forward
// the original bytes verbatim), whatever way the bytes are split, and refuse each framing fault
// with its own code? And does the Content-Length tracker stop at the body's end?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChunkedDecoder, createLengthBody, type ChunkedLimits, type ParseStatus } from '../../src/http1/index.ts';
import { CHUNKED_ERRORS } from './cases/chunked-errors.ts';
import { agreeAcrossSplits, bytes, lines } from './feed.ts';

interface Outcome {
  status: ParseStatus;
  consumed: number;
  dataBytes?: number;
  trailers?: [string, string, number][];
  bareLf?: boolean;
  code?: string;
  offset?: number;
}

function run(limits: ChunkedLimits | undefined): (chunks: Buffer[]) => Outcome {
  const d = createChunkedDecoder(limits);
  return (chunks) => {
    d.reset();
    let consumed = 0;
    for (const chunk of chunks) {
      const st = d.execute(chunk, 0);
      consumed += d.consumed;
      if (st === 'error') return { status: st, consumed: -1, code: d.error!.code, offset: d.error!.offset };
      if (st === 'done') {
        assert.equal(d.wireBytes, consumed, 'wireBytes counts what was consumed');
        return { status: st, consumed, dataBytes: d.dataBytes, trailers: lines(d.trailers), bareLf: d.bareLf };
      }
      assert.equal(d.consumed, chunk.length, "'more' means the whole chunk belongs to the body");
    }
    return { status: 'more', consumed };
  };
}

interface Case {
  name: string;
  body: string;
  after?: string;
  dataBytes: number;
  trailers?: [string, string, number][];
  limits?: ChunkedLimits;
  bareLf?: boolean;
}

const CASES: Case[] = [
  { name: 'empty body', body: '0\r\n\r\n', dataBytes: 0 },
  { name: 'one chunk', body: '5\r\nhello\r\n0\r\n\r\n', dataBytes: 5 },
  { name: 'several chunks', body: '5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n', dataBytes: 11 },
  { name: 'upper- and lower-case hex', body: 'A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n', dataBytes: 20 },
  { name: 'leading zeros', body: '0005\r\nhello\r\n000\r\n\r\n', dataBytes: 5 },
  { name: 'data holding CRLF and "0\\r\\n\\r\\n"', body: '7\r\n0\r\n\r\n\r\n\r\n0\r\n\r\n', dataBytes: 7 },
  { name: 'extension', body: '5;name=value\r\nhello\r\n0;last\r\n\r\n', dataBytes: 5 },
  { name: 'extension with quoted string', body: '5;n="a b;c"\r\nhello\r\n0\r\n\r\n', dataBytes: 5 },
  { name: 'BWS before an extension', body: '5 \t;x\r\nhello\r\n0\r\n\r\n', dataBytes: 5 },
  { name: 'trailers', body: '5\r\nhello\r\n0\r\nX-Checksum: abc\r\nx-other:  v \r\n\r\n', dataBytes: 5, trailers: [['X-Checksum', 'abc', 0], ['x-other', 'v', 0]] },
  { name: 'next message after the body is not consumed', body: '3\r\nabc\r\n0\r\n\r\n', after: 'HTTP/1.1 200 OK\r\n\r\n', dataBytes: 3 },
  { name: 'a 300-byte chunk', body: `12c\r\n${'x'.repeat(300)}\r\n0\r\n\r\n`, dataBytes: 300 },
  { name: 'LF-only framing when allowed (responses)', body: '5\nhello\n0\nX: 1\n\n', dataBytes: 5, limits: { allowBareLf: true }, bareLf: true, trailers: [['X', '1', 0]] },
  { name: 'CRLF framing when LF is allowed sets no flag', body: '5\r\nhello\r\n0\r\n\r\n', dataBytes: 5, limits: { allowBareLf: true }, bareLf: false },
];

for (const c of CASES) {
  test(`chunked body: ${c.name}`, () => {
    const body = bytes(c.body);
    const got = agreeAcrossSplits(Buffer.concat([body, bytes(c.after ?? '')]), run(c.limits));
    assert.equal(got.status, 'done');
    assert.equal(got.consumed, body.length, 'the body ends exactly after the final CRLF');
    assert.equal(got.dataBytes, c.dataBytes);
    assert.deepEqual(got.trailers, c.trailers ?? []);
    if (c.bareLf !== undefined) assert.equal(got.bareLf, c.bareLf);
  });
}

for (const c of CHUNKED_ERRORS) {
  test(`chunked refused (${c.code}): ${c.name}`, () => {
    const got = agreeAcrossSplits(bytes(c.input), run(c.limits));
    assert.equal(got.status, 'error', `expected ${c.code}, got ${got.status}`);
    assert.deepEqual({ code: got.code, offset: got.offset }, { code: c.code, offset: c.offset ?? got.offset });
  });
}

test('chunked: a body still open asks for more and consumes everything', () => {
  const d = createChunkedDecoder();
  assert.equal(d.execute(bytes('10\r\nonly-part')), 'more');
  assert.equal(d.consumed, 13);
  assert.equal(d.dataBytes, 9);
});

test('chunked: execute with a start offset reads from there', () => {
  const d = createChunkedDecoder();
  const buf = bytes('HEAD-BYTES1\r\na\r\n0\r\n\r\nnext');
  assert.equal(d.execute(buf, 10), 'done');
  assert.equal(d.consumed, 11);
  assert.equal(buf.toString('latin1', 10 + d.consumed), 'next');
});

test('chunked: after done the decoder starts a new body', () => {
  const d = createChunkedDecoder();
  assert.equal(d.execute(bytes('0\r\n\r\n')), 'done');
  assert.equal(d.execute(bytes('2\r\nhi\r\n0\r\n\r\n')), 'done');
  assert.equal(d.dataBytes, 2);
});

const LENGTH: [string, number, string[], ParseStatus[], number[]][] = [
  ['whole body in one chunk', 5, ['hello'], ['done'], [5]],
  ['body then pipelined bytes', 3, ['abcGET'], ['done'], [3]],
  ['body over three chunks', 6, ['ab', 'cd', 'efXY'], ['more', 'more', 'done'], [2, 2, 2]],
  ['empty chunk', 2, ['', 'ab'], ['more', 'done'], [0, 2]],
];

for (const [name, length, chunks, statuses, consumed] of LENGTH) {
  test(`length body: ${name}`, () => {
    const b = createLengthBody(length);
    const got = chunks.map((c) => [b.execute(bytes(c)), b.consumed] as const);
    assert.deepEqual(got.map((g) => g[0]), statuses);
    assert.deepEqual(got.map((g) => g[1]), consumed);
    assert.equal(b.remaining, 0);
  });
}

test('length body: reset for the next message, and start offsets', () => {
  const b = createLengthBody(2);
  assert.equal(b.execute(bytes('xxab'), 2), 'done');
  assert.equal(b.consumed, 2);
  b.reset(4);
  assert.equal(b.execute(bytes('abc')), 'more');
  assert.equal(b.remaining, 1);
});
