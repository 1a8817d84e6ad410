// Does the chunked decoder hand out exactly the data bytes through onData (the gateway's
// de-chunking for HTTP/1.0 clients), whatever way the framing is split across reads, with
// extensions, trailers and LF-only line ends — and nothing when no one listens?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChunkedDecoder } from '../../src/http1/index.ts';

const CASES: ReadonlyArray<readonly [string, string]> = [
  ['5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n', 'hello world'],
  ['A\r\n0123456789\r\n0\r\nX-Sum: 1\r\nX-Other: 2\r\n\r\n', '0123456789'],
  ['3\nabc\n0\n\n', 'abc'],
  ['0\r\n\r\n', ''],
];

for (const [wire, body] of CASES) {
  test(`${JSON.stringify(wire)} → ${JSON.stringify(body)} for every split point`, () => {
    const buf = Buffer.from(wire, 'latin1');
    for (let cut = 0; cut <= buf.length; cut++) {
      const decoder = createChunkedDecoder({ allowBareLf: true });
      const out: Buffer[] = [];
      decoder.onData = (chunk, start, end) => out.push(Buffer.from(chunk.subarray(start, end)));
      const first = decoder.execute(buf.subarray(0, cut));
      const second = first === 'done' ? first : decoder.execute(buf.subarray(cut));
      assert.equal(second, 'done', `split at ${cut}: ${decoder.error?.code ?? ''}`);
      assert.equal(Buffer.concat(out).toString('latin1'), body, `split at ${cut}`);
    }
  });
}

test('onData survives reset (the decoder is reused per connection) and null turns it off', () => {
  const decoder = createChunkedDecoder();
  let seen = '';
  decoder.onData = (chunk, start, end) => (seen += chunk.toString('latin1', start, end));
  decoder.execute(Buffer.from('2\r\nab\r\n0\r\n\r\n'));
  decoder.reset();
  decoder.execute(Buffer.from('1\r\nc\r\n0\r\n\r\n'));
  decoder.onData = null;
  decoder.execute(Buffer.from('1\r\nd\r\n0\r\n\r\n'));
  assert.equal(seen, 'abc');
});
